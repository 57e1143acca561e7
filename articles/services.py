import reversion
from django.db import transaction
from django.utils.translation import gettext as _

from articles.models import Article, ArticleContact, ArticlePhoto, Correction, Tag
from audit.models import Action
from audit.services import audit_record
from core.filenames import unique_slug
from core.models import Status
from photos.embedded import embedded_photos_record

# What a copy takes from its source: the text and its structure, and the kind of item it is.
# Never the workflow state, the dates (보도시점, 배포일시, 공개 일시), the address or 정정.
DUPLICATED_FIELDS = (
    "kind",
    "deck",
    "lead",
    "body",
    "department",
    "category_id",
    "outlet",
    "reporter",
    "source_url",
    "copyright_line",
)
DUPLICATE_PREFIX = "[복제] "


def tags_for_names(names) -> list[Tag]:
    """The tags named, in the order given; a name no tag has yet becomes a new tag.

    Names match whatever their letter case ("AI" and "ai" are one tag). A new tag's address is its
    name romanised (`unique_slug`).
    """
    tags = []
    for name in names:
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            slug = unique_slug(
                name,
                taken=lambda candidate: Tag.objects.filter(slug=candidate).exists(),
                fallback="tag",
            )
            tag = Tag.objects.create(name=name, slug=slug)
        if tag not in tags:
            tags.append(tag)
    return tags


def article_record_correction(*, article: Article, note: str, by, request=None) -> Correction:
    """A dated 정정 notice on the public page, and a line in the audit trail."""
    correction = Correction.objects.create(article=article, note=note, created_by=by)
    audit_record(action=Action.CORRECT, actor=by, request=request, obj=article, note=note)
    return correction


def article_duplicate(*, source: Article, by, with_photos=False, request=None) -> Article:
    """A new draft of `by` written from `source`: "복제해서 새로 쓰기".

    The copy takes the headline (marked "[복제] "), deck, lead, body, kind, department, category,
    tags, 담당자 in their order and related events; the photo list only `with_photos`. Photos placed
    in the body stay, since the body names them by address. It gets its own address, and no state,
    dates, 정정 or 붙임 of the source. Kept as a revision and a line in the audit trail.
    """
    max_headline = Article._meta.get_field("headline").max_length
    with transaction.atomic(), reversion.create_revision():
        copy = Article(
            **{name: getattr(source, name) for name in DUPLICATED_FIELDS},
            headline=(DUPLICATE_PREFIX + source.headline)[:max_headline],
            status=Status.DRAFT,
            created_by=by,
            updated_by=by,
        )
        copy.fill_slug()
        copy.save()
        copy.tags.set(source.tags.all())
        copy.related_events.set(source.related_events.all())
        ArticleContact.objects.bulk_create(
            ArticleContact(
                article=copy, contact_id=link.contact_id, role=link.role, order=link.order
            )
            for link in source.contact_links.all()
        )
        if with_photos:
            ArticlePhoto.objects.bulk_create(
                ArticlePhoto(article=copy, photo_id=link.photo_id, order=link.order)
                for link in source.photo_links.all()
            )
        embedded_photos_record(owner=copy, html=copy.body)
        # Once more now its tags, 담당자 and photos exist: the first revision holds them all.
        reversion.add_to_revision(copy)
        reversion.set_user(by)
        reversion.set_comment(_("복제: %(headline)s") % {"headline": source.headline})
        audit_record(
            action=Action.DUPLICATE,
            actor=by,
            request=request,
            obj=copy,
            source=source.pk,
            source_headline=source.headline,
            with_photos=with_photos,
        )
    return copy
