from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from core.models import AuditedModel, published_q
from events.models import Event
from organisations.models import Organisation
from photos.models import Photo


class PersonQuerySet(models.QuerySet):
    def spokespeople(self):
        return self.filter(is_spokesperson=True)


class Person(AuditedModel):
    name = models.CharField(
        _("이름"), max_length=60, help_text=_("이름을 밝히지 않는 발언자는 '농가주'처럼 씁니다.")
    )
    slug = models.SlugField(_("주소용 이름"), max_length=80, unique=True, allow_unicode=True)
    title = models.CharField(_("현재 직함"), max_length=100, blank=True, help_text=_("예: 원장"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("소속 기관"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    headshot = models.ForeignKey(
        Photo,
        verbose_name=_("인물 사진"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    bio = models.TextField(_("소개"), blank=True)
    email = models.EmailField(_("공개 전자우편"), blank=True)
    phone = models.CharField(_("공개 전화"), max_length=40, blank=True)
    is_spokesperson = models.BooleanField(
        _("대변인 페이지 공개"),
        default=False,
        help_text=_("켜면 공개 사이트에 이 사람의 페이지와 발언 목록이 나타납니다."),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("인물")
        verbose_name_plural = _("인물")
        ordering = ["name"]

    def __str__(self):
        # Name and title only: a string that needs no query, for lists, filters and autocomplete.
        return f"{self.name} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("spokespeople:detail", kwargs={"slug": self.slug})


def _parent_ok(parent, at, prefix, within=None):
    """The quote's `parent` (article or event) is absent, public, or one of the trusted `within`."""
    ok = Q(**{f"{prefix}{parent}__isnull": True}) | published_q(at, f"{prefix}{parent}__")
    if within is not None:
        ok |= Q(**{f"{prefix}{parent}__in": within})
    return ok


def public_quote_q(at=None, prefix=""):
    """A quote is public when every release or event it belongs to is public.

    A quote that belongs to neither is public only once an editor has published it on its own.
    """
    has_parent = Q(**{f"{prefix}article__isnull": False}) | Q(**{f"{prefix}event__isnull": False})
    return (
        _parent_ok("article", at, prefix)
        & _parent_ok("event", at, prefix)
        & (has_parent | Q(**{f"{prefix}standalone_published": True}))
    )


class QuoteQuerySet(models.QuerySet):
    def public(self, at=None):
        """Quotes whose every attachment is public: a quote never reveals an embargoed release."""
        return self.filter(public_quote_q(at))

    def on_page_of(self, owner, at=None):
        """Quotes as the page of their release (`owner="article"`) or event shows them.

        That page applies its own rule to itself (public, staff preview or share link); the quote's
        other parent must be public, so a quote shared with an embargoed item stays hidden.
        """
        other = {"article": "event", "event": "article"}[owner]
        return self.filter(_parent_ok(other, at, ""))

    def in_kit(self, *, articles, events, at=None):
        """Quotes of a kit's releases and events whose every other parent is public too."""
        articles, events = list(articles), list(events)
        return self.filter(
            Q(article__in=articles) | Q(event__in=events),
            _parent_ok("article", at, "", within=articles),
            _parent_ok("event", at, "", within=events),
        )

    def approved(self):
        """Quotes the press office has cleared for reuse by journalists."""
        return self.filter(approved_for_reuse=True)


class Quote(AuditedModel):
    text = models.TextField(_("발언 내용"), help_text=_("따옴표 없이, 말한 그대로 옮깁니다."))
    speaker = models.ForeignKey(
        Person, verbose_name=_("발언자"), on_delete=models.PROTECT, related_name="quotes"
    )
    speaker_title = models.CharField(
        _("발언 당시 직함"),
        max_length=100,
        blank=True,
        help_text=_("비우면 발언자의 현재 직함을 씁니다."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("발언 당시 소속"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        help_text=_("비우면 발언자의 현재 소속을 씁니다."),
    )
    said_on = models.DateField(_("발언일"))
    article = models.ForeignKey(
        Article,
        verbose_name=_("보도자료"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quotes",
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("행사"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
    )
    approved_for_reuse = models.BooleanField(
        _("재사용 승인"),
        default=False,
        help_text=_("기자가 다른 기사에 인용해도 되는 발언이면 켜세요."),
    )
    standalone_published = models.BooleanField(
        _("단독 공개"),
        default=False,
        help_text=_(
            "보도자료나 행사에 딸리지 않은 발언은 편집자가 이 항목을 켜야 대변인 페이지에 "
            "나타납니다. 보도자료나 행사에 딸린 발언은 그 보도자료·행사와 함께 공개됩니다."
        ),
    )
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("발언")
        verbose_name_plural = _("발언")
        ordering = ["-said_on", "order", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="quote_text_not_empty")]

    def __str__(self):
        return f"{self.speaker.name}: {self.text[:40]}"

    def clean(self):
        # Fill the attribution as it stood that day, so a later promotion does not rewrite history.
        if self.speaker_id and not self.speaker_title:
            self.speaker_title = self.speaker.title
        if self.speaker_id and not self.organisation_id:
            self.organisation_id = self.speaker.organisation_id

    def can_change(self, user):
        """Editors change any quote; a writer only quotes that nothing past their own drafts shows.

        With a release or event, the writer must be able to change every one of them; a standalone
        quote stays the writer's own until an editor publishes it. Forms check this twice: for the
        quote as stored and for the quote as the writer wants it (a new release, a new event).
        """
        if not user.has_perm("spokespeople.change_quote"):
            return False
        if self.is_editor(user):
            return True
        parents = [parent for parent in (self.article, self.event) if parent is not None]
        if parents:
            return all(parent.can_change(user) for parent in parents)
        return not self.standalone_published and (self.pk is None or self.created_by_id == user.pk)

    @staticmethod
    def is_editor(user):
        """Clearing quotes for reuse and publishing standalone ones is an editor's call."""
        return user.has_perm(Article.permission("review"))

    @property
    def attribution(self):
        org = self.organisation.short_name or self.organisation.name if self.organisation else ""
        return " ".join(part for part in (org, self.speaker.name, self.speaker_title) if part)
