import functools
from pathlib import PurePath

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from articles import structured_data
from articles.filters import ReleaseFilter
from articles.models import Article
from core.media import serve_stored
from core.models import related_model_of
from core.prefetch import Nested, prefetch_nested
from core.quotes import quotes_beyond_text
from core.seo import PageMeta, absolute, collection, quotation, summary
from core.views import get_visible_or_moved, mark_private, redirect_moved, redirect_to_visible
from events.models import Event
from photos.templatetags.photos import og_image_url, preview_image
from sharing.services import visitor_holds_link

PAGE_SIZE = 12
RELATED_SHOWN = 3


def article_list(request):
    filters = ReleaseFilter(request.GET)
    articles = filters.apply(Article.objects.published().for_listing())
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    title = _("보도자료")
    path = reverse("articles:list") + filters.querystring(
        page=page.number if page.number > 1 else None
    )
    meta = PageMeta(
        title=title,
        description=_("경북테크노파크가 배포한 보도자료와 언론 보도 목록입니다."),
        path=path,
        json_ld=[collection(title, path, [a.get_absolute_url() for a in page.object_list])],
    )
    context = {"page": page, "articles": page.object_list, "filters": filters, "meta": meta}
    return render(request, "articles/article_list.html", context)


@functools.cache
def _detail_queryset():
    """Built once per process (its public rules compare with the time each query runs,
    core.models.QueryTime); every use filters a copy of it."""
    # Quotes and curated kits live in apps that depend on this one: reach them by relation name,
    # through their own rules, so a quote shared with an unpublished event stays hidden.
    Quote = related_model_of(Article.quotes)
    PressKit = related_model_of(Article.presskits)
    articles = Article.objects.select_related("category").prefetch_related(
        Prefetch(
            "related_events",
            queryset=Event.objects.published().with_dates().order_by("first_start"),
        ),
    )
    # The release's own short lists come with it, in its one query (core.prefetch).
    return prefetch_nested(
        articles,
        Nested("photo_links", joined=("photo",)),
        Nested("contact_links", joined=("contact",)),
        Nested("attachments"),
        Nested("tags"),
        Nested("corrections"),
        Nested(
            "quotes",
            joined=("speaker", "organisation"),
            queryset=Quote.objects.on_page_of("article"),
        ),
        Nested("presskits", queryset=PressKit.objects.published()),
    )


def _meta(article):
    photos = [link.photo for link in article.photo_links.all()]
    images = [absolute(og_image_url(photo)) for photo in photos]
    json_ld = [structured_data.news_article(article, images)] if article.release_at else []
    url = absolute(article.get_absolute_url())
    json_ld += [quotation(quote, url) for quote in article.quotes.all()]
    first = photos[0] if photos else None
    return PageMeta(
        title=article.headline,
        description=summary(structured_data.shown_text(article)),
        path=article.get_absolute_url(),
        kind="article",
        image=preview_image(first),
        json_ld=json_ld,
    )


def _related_releases(article):
    """Other public releases that share the category or a tag, newest first.

    An EXISTS on the tags, not a join: no DISTINCT, so the newest public releases are walked in
    order and the walk stops at the third match, however many releases share the category.
    """
    tags = [tag.pk for tag in article.tags.all()]
    candidates = Article.objects.published().exclude(pk=article.pk)
    if article.category_id or tags:
        shares_tag = Exists(
            Article.tags.through.objects.filter(article_id=OuterRef("pk"), tag_id__in=tags)
        )
        candidates = candidates.filter(Q(category_id=article.category_id) | shares_tag)
    return candidates.order_by("-release_at")[:RELATED_SHOWN]


def _render_detail(request, article, **context):
    context = {
        "article": article,
        "meta": _meta(article),
        # Share buttons, "copy link" and printouts carry the short ASCII address; the canonical
        # link stays the page's own.
        "short_url": absolute(article.get_short_url()),
        "related": _related_releases(article),
        "section_quotes": quotes_beyond_text(article),
        # Press kits live in an app above this one; the relation reaches them and their own rule.
        "kits": article.presskits.all(),
        **context,
    }
    return render(request, "articles/article_detail.html", context)


def release_short(request, pk):
    """/r/<pk>/: the short address. It answers exactly as the release page would, so an
    unpublished release's short address is the same 404 as an address that never existed."""
    return redirect_to_visible(request, Article, "articles.view_article", pk)


def article_detail(request, slug):
    article, is_preview, moved = get_visible_or_moved(
        request, _detail_queryset(), "articles.view_article", slug, "articles:detail"
    )
    if moved is not None:
        return moved
    response = _render_detail(request, article, is_preview=is_preview)
    return mark_private(response) if is_preview else response


def render_for_share_link(request, article, link):
    """What a share-link recipient sees: the release page with their name and the embargo notice."""
    article = _detail_queryset().get(pk=article.pk)
    return _render_detail(request, article, share_link=link, is_preview=not article.is_public)


def attachment_download(request, slug, pk):
    """붙임 files follow their release: public, staff preview, or a share-link holder.

    A coverage item's files (a newspaper's page, say) are the outlet's to distribute: staff only.
    """
    article = Article.objects.filter(slug=slug).first()
    renamed = article is None
    if renamed:
        article = Article.objects.filter(old_slugs__slug=slug).first()
    if article is None:
        raise Http404
    public = article.is_public and not article.is_coverage
    staff = request.user.is_staff and request.user.has_perm("articles.view_article")
    shared = not article.is_coverage and visitor_holds_link(request, article)
    if not (public or staff or shared):
        raise Http404
    attachment = get_object_or_404(article.attachments, pk=pk)
    if renamed:
        url = reverse("articles:attachment", args=[article.slug, attachment.pk])
        return redirect_moved(request, url, is_preview=not public)
    try:
        return serve_stored(
            request,
            attachment.file.name,
            filename=PurePath(attachment.file.name).name,
            private=not public,
        )
    except FileNotFoundError as missing:
        raise Http404 from missing
