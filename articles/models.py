import uuid
from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from core.fields import RichTextField
from core.models import (
    OldSlug,
    PublishableModel,
    PublishableQuerySet,
    SlugHistoryMixin,
    Transition,
    review_first_index,
)
from core.storage import storage_filename
from events.models import Event
from organisations.models import PressContact
from photos.embedded import embedded_photos_q
from photos.models import OrderedPhotoLink, Photo

MAX_DECK_LINES = 3
# About how many characters of a deck fit on one printed line of a 보도자료 (A4, 14 pt bold): a
# longer deck line wraps, and the pre-publish checklist counts the lines it takes.
DECK_LINE_CHARS = 45

# The pre-publish checklist (`Article.publish_problems`). Each check has a fixed weight: a blocking
# problem stops 승인 and 게시, a warning is shown and stops nothing. `settings.PUBLISH_CHECKS`
# names the checks that run; leaving a name out switches that check off, it never makes a
# blocking check a warning.
BLOCKING_CHECKS = ("contacts", "photo_credit")
WARNING_CHECKS = ("category", "deck_length", "photo", "lead")
PUBLISH_CHECK_NAMES = (*BLOCKING_CHECKS, *WARNING_CHECKS)


class Category(models.Model):
    name = models.CharField(_("분류명"), max_length=60, unique=True)
    slug = models.SlugField(_("주소용 이름"), max_length=60, unique=True, allow_unicode=True)
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        verbose_name = _("분류")
        verbose_name_plural = _("분류")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(_("태그"), max_length=60, unique=True)
    slug = models.SlugField(_("주소용 이름"), max_length=60, unique=True, allow_unicode=True)

    class Meta:
        verbose_name = _("태그")
        verbose_name_plural = _("태그")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Kind(models.TextChoices):
    PRESS_RELEASE = "release", _("보도자료")
    BRIEFING = "briefing", _("보도참고자료")
    CLARIFICATION = "clarification", _("해명자료")
    COVERAGE = "coverage", _("언론보도")
    NOTICE = "notice", _("공지")


class EmbargoKind(models.TextChoices):
    """보도시점: when the press may publish."""

    IMMEDIATE = "immediate", _("즉시")
    AT = "at", _("일시 지정")
    MORNING = "morning", _("조간")
    EVENING = "evening", _("석간")


class ArticleQuerySet(PublishableQuerySet):
    def for_listing(self):
        return self.select_related("category").prefetch_related("photo_links__photo")


class Article(SlugHistoryMixin, PublishableModel):
    kind = models.CharField(
        _("구분"), max_length=16, choices=Kind.choices, default=Kind.PRESS_RELEASE
    )
    headline = models.CharField(_("제목"), max_length=200)
    deck = models.TextField(
        _("부제"),
        blank=True,
        help_text=_("제목 아래 요약 문장입니다. 한 줄에 하나씩, 세 줄까지 쓰세요."),
    )
    slug = models.SlugField(
        _("주소용 이름"),
        max_length=120,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_(
            "공개 주소에 쓰입니다. 비워 두면 제목을 로마자로 옮겨 만들고, 한글로 쓰면 로마자로 "
            "바꿉니다. 바꾸어도 예전 주소는 새 주소로 이어집니다."
        ),
    )
    lead = models.TextField(
        _("리드"), blank=True, help_text=_("기사 첫 문단. 목록과 미리보기 설명에 쓰입니다.")
    )
    body = RichTextField(_("본문"))
    # Photos placed in the body, recorded after each save (photos.embedded) for the public rule.
    embedded_photos = models.ManyToManyField(
        Photo, verbose_name=_("본문 사진"), blank=True, editable=False, related_name="+"
    )
    embargo_kind = models.CharField(
        _("보도시점"),
        max_length=16,
        choices=EmbargoKind.choices,
        default=EmbargoKind.IMMEDIATE,
        help_text=_(
            "언론이 보도할 수 있는 시점입니다. 이 시점 전에는 공개 사이트 어디에도 나타나지 않습니다."
        ),
    )
    embargo_at = models.DateTimeField(
        _("보도 일시"),
        null=True,
        blank=True,
        help_text=_("보도시점이 '일시 지정'일 때 입력합니다."),
    )
    embargo_date = models.DateField(
        _("보도 날짜"),
        null=True,
        blank=True,
        help_text=_("보도시점이 조간 또는 석간일 때 그 날짜를 입력합니다."),
    )
    distributed_at = models.DateTimeField(
        _("배포 일시"), null=True, blank=True, help_text=_("기자들에게 자료를 보낸 일시입니다.")
    )
    department = models.CharField(_("담당 부서"), max_length=100, blank=True)
    contacts = models.ManyToManyField(
        PressContact,
        through="ArticleContact",
        verbose_name=_("담당자"),
        blank=True,
        related_name="articles",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("분류"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("태그"), blank=True, related_name="articles")
    related_events = models.ManyToManyField(
        Event, verbose_name=_("관련 행사"), blank=True, related_name="articles"
    )
    # Coverage of GBTP by an outlet (언론보도).
    outlet = models.CharField(
        _("언론사"), max_length=100, blank=True, help_text=_("언론보도일 때 필수")
    )
    reporter = models.CharField(_("기자"), max_length=60, blank=True)
    source_url = models.URLField(_("원문 주소"), blank=True, max_length=500)
    covers = models.ForeignKey(
        "self",
        verbose_name=_("보도한 보도자료"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coverage",
        limit_choices_to=~models.Q(kind=Kind.COVERAGE),
        help_text=_("언론보도일 때, 이 기사가 다룬 우리 보도자료. 배포 결과 보고서에 나옵니다."),
    )
    copyright_line = models.CharField(
        _("저작권 표시"),
        max_length=200,
        blank=True,
        help_text=_(
            "언론보도는 원문의 표기를 그대로 옮깁니다. 예: 저작권자 © 일요서울i 무단전재 및 재배포 금지"
        ),
    )

    objects = ArticleQuerySet.as_manager()

    schedule_fields = ("embargo_kind", "embargo_at", "embargo_date", "distributed_at")
    # The public address (SlugHistoryMixin): romanised from the headline, old ones in ArticleSlug.
    slug_source = "headline"
    slug_fallback = "release"
    slug_used_before = _(
        "이 주소용 이름은 다른 보도자료가 예전에 쓰던 주소입니다. 다른 이름을 쓰세요."
    )

    class Meta:
        verbose_name = _("보도자료")
        verbose_name_plural = _("보도자료")
        ordering = ["-release_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(embargo_kind="at") | Q(embargo_at__isnull=False),
                name="article_embargo_at_needs_time",
            ),
            models.CheckConstraint(
                condition=~Q(embargo_kind__in=["morning", "evening"])
                | Q(embargo_date__isnull=False),
                name="article_edition_embargo_needs_date",
            ),
            models.CheckConstraint(
                condition=~Q(kind="coverage") | ~Q(outlet=""), name="article_coverage_needs_outlet"
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="article_slug_not_empty"),
        ]
        indexes = [
            models.Index(fields=["status", "release_at"], name="article_public_idx"),
            review_first_index("article_review_first_idx"),
        ]
        permissions = [
            ("review_article", _("보도자료 검토 (승인, 돌려보내기)")),
            ("publish_article", _("보도자료 게시, 게시 중단, 정정, 보도시점 지정")),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def get_short_url(self):
        """The permanent ASCII address, `/r/<pk>/`, for footers, QR codes and share buttons."""
        return reverse("release-short", kwargs={"pk": self.pk})

    @property
    def is_coverage(self):
        return self.kind == Kind.COVERAGE

    @property
    def deck_lines(self):
        return [line.strip(" -") for line in self.deck.splitlines() if line.strip(" -")]

    def embargo_time(self):
        """The moment 보도시점 allows, or None for 즉시."""
        if self.embargo_kind == EmbargoKind.AT:
            return self.embargo_at
        if self.embargo_kind in (EmbargoKind.MORNING, EmbargoKind.EVENING) and self.embargo_date:
            hhmm = (
                settings.EMBARGO_MORNING_TIME
                if self.embargo_kind == EmbargoKind.MORNING
                else settings.EMBARGO_EVENING_TIME
            )
            return timezone.make_aware(
                datetime.combine(self.embargo_date, time.fromisoformat(hhmm))
            )
        return None

    def resolve_release_at(self):
        return self.embargo_time() or super().resolve_release_at()

    def check_publishable(self):
        """Called by the workflow before 승인 and 게시: an empty release or a blocking problem of
        the pre-publish checklist refuses the move, with every reason in Korean."""
        if not strip_tags(self.body).strip() and not self.lead.strip():
            raise ValidationError(_("본문이 비어 있는 보도자료는 게시할 수 없습니다."))
        blocking, _warnings = self.publish_problems()
        if blocking:
            raise ValidationError(blocking, code="publish_checklist")

    def shown_photos(self):
        """The photos the release shows: linked in its photo list or placed in its body."""
        placed = embedded_photos_q(self.body)
        if self.pk is None:
            return Photo.objects.filter(placed)
        return Photo.objects.filter(placed | Q(pk__in=self.photo_links.values("photo_id")))

    def deck_printed_lines(self):
        """How many printed lines the deck takes, a long line counting as the lines it wraps to."""
        return sum(-(-len(line) // DECK_LINE_CHARS) for line in self.deck_lines)

    def publish_problems(self):
        """The pre-publish checklist as (blocking, warnings), two lists of Korean messages.

        Blocking: no 담당자 (not for 언론보도, another outlet's article), and a photo shown
        without its 사진 출처 표기. Warnings: no 분류, a deck longer than three printed lines, no
        photo at all, no 리드. `settings.PUBLISH_CHECKS` names the checks that run.
        """
        enabled = set(getattr(settings, "PUBLISH_CHECKS", PUBLISH_CHECK_NAMES))
        unknown = enabled - set(PUBLISH_CHECK_NAMES)
        if unknown:
            raise ImproperlyConfigured(
                f"PUBLISH_CHECKS: unknown check(s) {', '.join(sorted(unknown))}; "
                f"known: {', '.join(PUBLISH_CHECK_NAMES)}"
            )
        blocking, warnings = [], []
        photos = list(self.shown_photos()) if enabled & {"photo_credit", "photo"} else []
        if (
            "contacts" in enabled
            and not self.is_coverage
            and (self.pk is None or not self.contact_links.exists())
        ):
            blocking.append(_("보도 담당자가 없습니다. 담당자를 한 명 이상 넣으세요."))
        if "photo_credit" in enabled:
            for photo in photos:
                if not photo.credit.strip():
                    blocking.append(
                        _("사진 출처 표기가 빠진 사진이 있습니다: %(photo)s")
                        % {"photo": str(photo) or photo.pk}
                    )
        if "category" in enabled and self.category_id is None:
            warnings.append(_("분류가 정해지지 않았습니다."))
        if "deck_length" in enabled and self.deck_printed_lines() > MAX_DECK_LINES:
            warnings.append(
                _("부제가 인쇄하면 %(count)d줄입니다. 세 줄 안으로 줄이는 것이 좋습니다.")
                % {"count": self.deck_printed_lines()}
            )
        if "photo" in enabled and not self.is_coverage and not photos:
            warnings.append(_("사진이 한 장도 없습니다."))
        if "lead" in enabled and not self.lead.strip():
            warnings.append(_("리드 문단이 비어 있습니다."))
        return blocking, warnings

    def apply_transition(self, move, *, by):
        """Publishing distributes the release: 배포일시 is stamped now unless the editor set it.

        It is never taken from 보도시점, which says when the press may report, not when the office
        sent the release out.
        """
        super().apply_transition(move, by=by)
        if move == Transition.PUBLISH and self.distributed_at is None:
            self.distributed_at = timezone.now()

    @property
    def last_corrected_at(self):
        corrections = list(self.corrections.all())
        return corrections[0].created_at if corrections else None

    def clean(self):
        errors = {}
        if len(self.deck_lines) > MAX_DECK_LINES:
            errors["deck"] = _("부제는 세 줄까지 쓸 수 있습니다.")
        if self.embargo_kind == EmbargoKind.AT and not self.embargo_at:
            errors["embargo_at"] = _(
                "보도시점을 '일시 지정'으로 고르면 보도 일시를 입력해야 합니다."
            )
        if (
            self.embargo_kind in (EmbargoKind.MORNING, EmbargoKind.EVENING)
            and not self.embargo_date
        ):
            errors["embargo_date"] = _("조간·석간 보도시점에는 보도 날짜를 입력해야 합니다.")
        if self.kind == Kind.COVERAGE and not self.outlet.strip():
            errors["outlet"] = _("언론보도에는 언론사 이름을 입력해야 합니다.")
        if self.covers_id and self.kind != Kind.COVERAGE:
            errors["covers"] = _("보도한 보도자료는 언론보도에만 적습니다.")
        self.clean_slug(errors)
        if errors:
            raise ValidationError(errors)


class ArticleSlug(OldSlug):
    """An address a release had before its slug changed: the release page redirects from it."""

    article = models.ForeignKey(
        Article, verbose_name=_("보도자료"), on_delete=models.CASCADE, related_name="old_slugs"
    )

    class Meta(OldSlug.Meta):
        verbose_name = _("보도자료 예전 주소")
        verbose_name_plural = _("보도자료 예전 주소")


class ContactRole(models.TextChoices):
    RESPONSIBLE = "responsible", _("책임자")
    CONTACT = "contact", _("담당자")


class ArticleContact(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="contact_links")
    contact = models.ForeignKey(
        PressContact, verbose_name=_("담당자"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(
        _("역할"), max_length=16, choices=ContactRole.choices, default=ContactRole.CONTACT
    )
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        verbose_name = _("보도 담당자")
        verbose_name_plural = _("보도 담당자")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "contact"], name="unique_article_contact")
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.contact}"


class ArticlePhoto(OrderedPhotoLink):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="photo_links")

    class Meta(OrderedPhotoLink.Meta):
        verbose_name = _("보도 사진")
        verbose_name_plural = _("보도 사진")
        constraints = [
            models.UniqueConstraint(fields=["article", "photo"], name="unique_article_photo")
        ]


ATTACHMENT_EXTENSIONS = ["pdf", "hwp", "hwpx", "docx", "xlsx", "pptx", "txt", "zip", "jpg", "png"]


def attachment_upload_to(instance, filename):
    # Readers download the file under the name staff gave it, so it stays; cut short in bytes (85
    # Korean characters already pass the 255 bytes file systems allow) with its extension kept.
    name = storage_filename(filename, default="붙임")
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}/{name}"


def validate_attachment_size(file):
    if file.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("붙임 파일은 %(limit)d MB 이하여야 합니다.")
            % {"limit": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        )


class Attachment(models.Model):
    """붙임: documents distributed with a release."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("붙임 제목"), max_length=200)
    file = models.FileField(
        _("파일"),
        upload_to=attachment_upload_to,
        max_length=300,
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS), validate_attachment_size],
        help_text=_("PDF, HWP, HWPX, DOCX, XLSX, PPTX, TXT, ZIP, JPG, PNG"),
    )
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        verbose_name = _("붙임")
        verbose_name_plural = _("붙임")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class Correction(models.Model):
    """정정: a dated notice on a published release saying what was corrected."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField(
        _("정정 내용"),
        help_text=_("독자에게 보이는 설명입니다. 예: 행사 날짜를 10월 12일로 바로잡았습니다."),
    )
    created_at = models.DateTimeField(_("정정 일시"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("정정한 사람"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("정정")
        verbose_name_plural = _("정정")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.note[:60]


class ReleaseTemplate(models.Model):
    """본문 양식: a starting point for a new release, kept by editors.

    Choosing one on the release add form fills the form's kind, deck, lead and body; nothing links
    the release to the template afterwards.
    """

    name = models.CharField(_("양식 이름"), max_length=100)
    kind = models.CharField(
        _("구분"), max_length=16, choices=Kind.choices, default=Kind.PRESS_RELEASE
    )
    deck = models.TextField(_("부제"), blank=True)
    lead = models.TextField(_("리드"), blank=True)
    body = RichTextField(
        _("본문"),
        help_text=_("소제목(제목 2)은 문서에서 □ 항목이 되고, 그 아래 문단은 ㅇ 항목이 됩니다."),
    )
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    active = models.BooleanField(
        _("사용"), default=True, help_text=_("끄면 새 보도자료 화면의 양식 목록에서 빠집니다.")
    )

    class Meta:
        verbose_name = _("본문 양식")
        verbose_name_plural = _("본문 양식")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def initial_data(self):
        """What the release add form starts with when this template is chosen."""
        return {"kind": self.kind, "deck": self.deck, "lead": self.lead, "body": self.body}
