"""Abstract building blocks shared by the content apps, and the publishing workflow.

No concrete models live here. The workflow's rules (which move is allowed from which state, and who may
make it) are methods on `PublishableModel`; saving, history and the audit trail around a move live in
`core/services.py`.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Case, Expression, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filenames import unique_slug


class Status(models.TextChoices):
    """Where an item stands in the press office's process."""

    DRAFT = "draft", _("작성 중")
    REVIEW = "review", _("검토 대기")
    APPROVED = "approved", _("승인됨")
    PUBLISHED = "published", _("게시")
    WITHDRAWN = "withdrawn", _("게시 중단")


class QueryTime(Expression):
    """Now, read when the query's SQL is made rather than when the queryset is built.

    A queryset holding it can be built once and run for every request (the release and event
    pages keep theirs), each run comparing with its own present moment.
    """

    output_field = models.DateTimeField()

    def as_sql(self, compiler, connection):
        return "%s", [self.output_field.get_db_prep_value(timezone.now(), connection)]


def review_first():
    """0 for items waiting for review, 1 for the rest: editors' change lists sort by it first.

    The same expression is indexed (with the primary key, newest first) on releases and events, so
    the first page of a list of 100,000 is read from the index instead of sorting every row.
    """
    return Case(
        When(status=Status.REVIEW, then=Value(0)), default=Value(1), output_field=IntegerField()
    )


def review_first_index(name):
    return models.Index(review_first(), models.F("id").desc(), name=name)


def published_q(at=None, prefix=""):
    """The one rule for "public" as a filter: published status and a release time that has passed
    (at `at`, or at the moment the query runs)."""
    return Q(
        **{
            f"{prefix}status": Status.PUBLISHED,
            f"{prefix}release_at__isnull": False,
            f"{prefix}release_at__lte": at or QueryTime(),
        }
    )


def related_model_of(relation):
    """The model on the far side of a reverse relation such as `Article.quotes`.

    Lower apps read a higher app's rows through such a relation without importing it; they then
    apply that model's own visibility rule (for quotes, `Quote.objects.on_page_of(...)`).
    """
    return relation.rel.related_model


class PublishableQuerySet(models.QuerySet):
    def published(self, at=None):
        """Public items, decided at query time: an embargoed item appears by itself when its time comes."""
        return self.filter(published_q(at))


class AuditedModel(models.Model):
    """Who created and last changed a record, and a version number that refuses lost updates.

    Deleting a user never deletes content. Every save through the admin or a service checks that the
    version the editor started from is still the current one (see `core.services`).
    """

    created_at = models.DateTimeField(_("작성일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("작성자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("최종 수정자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("판"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Every stored change gets a new version number; `core.services.check_version` compares them.
        if not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)


class Transition(models.TextChoices):
    SUBMIT = "submit", _("검토 요청")
    APPROVE = "approve", _("승인")
    RETURN = "return", _("돌려보내기")
    PUBLISH = "publish", _("게시")
    UNPUBLISH = "unpublish", _("게시 중단")
    REDRAFT = "redraft", _("다시 작성")
    RECALL = "recall", _("검토 요청 취소")


# move: (states it may start from, state it ends in, permission it needs beyond "change")
TRANSITIONS = {
    Transition.SUBMIT: ({Status.DRAFT}, Status.REVIEW, None),
    Transition.APPROVE: ({Status.REVIEW}, Status.APPROVED, "review"),
    Transition.RETURN: ({Status.REVIEW, Status.APPROVED}, Status.DRAFT, "review"),
    Transition.PUBLISH: ({Status.APPROVED}, Status.PUBLISHED, "publish"),
    Transition.UNPUBLISH: ({Status.PUBLISHED}, Status.WITHDRAWN, "publish"),
    Transition.REDRAFT: ({Status.WITHDRAWN}, Status.DRAFT, "publish"),
    Transition.RECALL: ({Status.REVIEW}, Status.DRAFT, "review"),
}
# Moves the item's own author may also make with the model's change permission alone: a writer
# takes back their submission to fix it (reviewers may make it too, by the permission above).
AUTHOR_MOVES = {Transition.RECALL}
# Moves that must say why: the writer reads the reason on the returned item (see core.services).
MOVES_WITH_REASON = {Transition.RETURN}


class PublishableModel(AuditedModel):
    """An item the public may see once it is published and its release time has passed."""

    status = models.CharField(
        _("상태"),
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        editable=False,
    )
    release_at = models.DateTimeField(
        _("공개 일시"),
        null=True,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("이 시각이 지나야 공개 사이트에 나타납니다. 보도시점에서 정해집니다."),
    )

    objects = PublishableQuerySet.as_manager()

    # Fields that decide when the item goes public (보도시점, 배포일시). Only editors set them, every
    # change is audited, and restoring an old revision never changes them.
    schedule_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Derive, never act: fill in the release time from the fields that decide it.
        self.release_at = self.resolve_release_at()
        super().save(*args, **kwargs)

    def resolve_release_at(self):
        """The moment the item becomes public; publishing without an embargo means "now"."""
        if self.release_at is None and self.status == Status.PUBLISHED:
            return timezone.now()
        return self.release_at

    @property
    def is_public(self):
        return (
            self.status == Status.PUBLISHED
            and self.release_at is not None
            and self.release_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        """Published by an editor, waiting for its 보도시점."""
        return self.status == Status.PUBLISHED and not self.is_public

    @property
    def state_label(self):
        return _("예약됨 (보도시점 대기)") if self.is_scheduled else self.get_status_display()

    @classmethod
    def permission(cls, action):
        return f"{cls._meta.app_label}.{action}_{cls._meta.model_name}"

    def can_change(self, user):
        """Editors change anything; a writer changes only their own item while it is a draft."""
        if not user.has_perm(self.permission("change")):
            return False
        if user.has_perm(self.permission("review")) or user.has_perm(self.permission("publish")):
            return True
        return self.status == Status.DRAFT and (self.pk is None or self.created_by_id == user.pk)

    def allowed_transitions(self, user):
        return [move for move in TRANSITIONS if self._refusal(move, user) is None]

    def _refusal(self, move, user):
        sources, _target, needs = TRANSITIONS[move]
        if self.status not in sources:
            return ValidationError(
                _("%(state)s 상태에서는 '%(move)s'을(를) 할 수 없습니다.")
                % {"state": self.get_status_display(), "move": Transition(move).label}
            )
        allowed = user.has_perm(self.permission(needs)) if needs else self.can_change(user)
        if not allowed and move in AUTHOR_MOVES:
            allowed = (
                self.created_by_id is not None
                and self.created_by_id == user.pk
                and user.has_perm(self.permission("change"))
            )
        if not allowed:
            return PermissionDenied(
                _("'%(move)s' 권한이 없습니다.") % {"move": Transition(move).label}
            )
        return None

    def apply_transition(self, move, *, by):
        """Change state in memory, or raise with a Korean reason. The caller saves (see services)."""
        refusal = self._refusal(move, by)
        if refusal is not None:
            raise refusal
        if move in (Transition.APPROVE, Transition.PUBLISH):
            # Checked when approved, so an editor does not approve what cannot go out, and
            # again when published, since the item may have changed in between.
            self.check_publishable()
        self.status = TRANSITIONS[move][1]
        if move in (Transition.PUBLISH, Transition.REDRAFT):
            self.release_at = None  # re-derived on save from 보도시점, or "now" for 즉시
        self.updated_by = by

    def check_publishable(self):
        """Hook for rules a model adds before it may be approved or go public."""


class OldSlug(models.Model):
    """An address an item had before its slug changed: the item's page redirects from it.

    Each app keeps its own table on this base, with a foreign key to its item named by
    `related_name="old_slugs"` (see `SlugHistoryMixin`).
    """

    slug = models.SlugField(_("예전 주소용 이름"), max_length=120, unique=True, allow_unicode=True)
    created_at = models.DateTimeField(_("바뀐 일시"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.slug


class SlugHistoryMixin:
    """A public address (`slug`) romanised from the item's name, whose earlier values keep redirecting.

    The model keeps its history in a model on `OldSlug` whose foreign key has
    `related_name="old_slugs"`, and says which field names it (`slug_source`), what the address is
    when nothing of the name romanises (`slug_fallback`) and how a typed slug that another item used
    before is refused (`slug_used_before`). The admin keeps the old address on every save and
    restore (`core.admin.SlugHistoryAdmin`); `core.views.get_visible_or_moved` follows it.
    """

    # The public address: changed only in the form, which keeps the old one (`old_slugs`).
    address_fields = ("slug",)
    slug_source = "title"
    slug_fallback = "item"
    slug_used_before = ""

    @classmethod
    def _slug_history(cls):
        """The history model and its foreign key to this model."""
        return related_model_of(cls.old_slugs), cls.old_slugs.field

    @classmethod
    def old_slug_owner(cls, slug):
        """The pk of the item that had `slug` as an earlier address, or None."""
        history, owner = cls._slug_history()
        return history.objects.filter(slug=slug).values_list(owner.attname, flat=True).first()

    def _old_slug_elsewhere(self, candidate):
        history, owner = self._slug_history()
        return history.objects.filter(slug=candidate).exclude(**{owner.attname: self.pk}).exists()

    def _slug_taken(self, candidate):
        manager = type(self)._default_manager
        others = manager.exclude(pk=self.pk) if self.pk else manager.all()
        return others.filter(slug=candidate).exists() or self._old_slug_elsewhere(candidate)

    def fill_slug(self):
        """An ASCII address: romanised from `slug_source` when left empty, or from Korean typed in.

        A typed ASCII slug is kept (lower-cased); one another item used before is refused, so an
        old link never changes its destination.
        """
        typed = (self.slug or "").strip()
        if typed.isascii() and typed:
            self.slug = typed.lower()
            if self._old_slug_elsewhere(self.slug):
                raise ValidationError(self.slug_used_before, code="slug_used_before")
            return
        source = typed or getattr(self, self.slug_source)
        self.slug = unique_slug(source, taken=self._slug_taken, fallback=self.slug_fallback)

    def clean_slug(self, errors):
        """`fill_slug` for `clean`: a refusal goes into `errors` under "slug"."""
        try:
            self.fill_slug()
        except ValidationError as refusal:
            errors["slug"] = refusal

    def keep_old_slug(self, old_slug):
        """Record `old_slug` as an earlier address of this item, so links to it still arrive."""
        history, owner = self._slug_history()
        self.old_slugs.filter(slug=self.slug).delete()
        if old_slug and old_slug != self.slug:
            history.objects.get_or_create(slug=old_slug, defaults={owner.name: self})
