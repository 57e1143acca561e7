from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import RichTextField
from core.models import (
    OldSlug,
    PublishableModel,
    PublishableQuerySet,
    SlugHistoryMixin,
    review_first_index,
)
from organisations.models import Organisation
from photos.models import OrderedPhotoLink, Photo

COUNTRY_NAMES = {
    "KR": "대한민국",
    "UZ": "우즈베키스탄",
    "US": "미국",
    "JP": "일본",
    "CN": "중국",
    "VN": "베트남",
    "DE": "독일",
}


class Venue(models.Model):
    name = models.CharField(_("장소명"), max_length=200)
    address = models.CharField(_("주소"), max_length=300, blank=True)
    city = models.CharField(_("도시"), max_length=100, help_text=_("예: 대구, 서울, 타슈켄트"))
    country = models.CharField(
        _("국가 코드"),
        max_length=2,
        default="KR",
        validators=[RegexValidator(r"^[A-Z]{2}$", _("KR, UZ처럼 영문 대문자 두 글자로 쓰세요."))],
        help_text=_("ISO 국가 코드 두 글자 (대한민국 KR, 우즈베키스탄 UZ)"),
    )
    latitude = models.DecimalField(
        _("위도"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("경도"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        verbose_name = _("장소")
        verbose_name_plural = _("장소")
        ordering = ["city", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "city"], name="unique_venue_per_city"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="venue_coordinates_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.city})"

    @property
    def country_name(self):
        return COUNTRY_NAMES.get(self.country, self.country)

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("좌표는 위도와 경도를 함께 입력하거나 둘 다 비워 두세요."))


class Series(models.Model):
    name = models.CharField(_("행사 시리즈"), max_length=200, unique=True)
    slug = models.SlugField(_("주소용 이름"), max_length=120, unique=True, allow_unicode=True)

    class Meta:
        verbose_name = _("행사 시리즈")
        verbose_name_plural = _("행사 시리즈")
        ordering = ["name"]

    def __str__(self):
        return self.name


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("예정대로 진행")
    POSTPONED = "postponed", _("연기")
    CANCELLED = "cancelled", _("취소")


class EventQuerySet(PublishableQuerySet):
    def with_dates(self):
        return self.annotate(
            first_start=Min("sessions__starts_at"), last_end=Max("sessions__ends_at")
        )

    def upcoming(self, at=None):
        """Published events with a session that has not ended yet, soonest first."""
        at = at or timezone.now()
        return self.published(at).with_dates().filter(last_end__gte=at).order_by("first_start")

    def past(self, at=None):
        at = at or timezone.now()
        return self.published(at).with_dates().filter(last_end__lt=at).order_by("-first_start")


class Event(SlugHistoryMixin, PublishableModel):
    title = models.CharField(_("행사명"), max_length=200)
    slug = models.SlugField(
        _("주소용 이름"),
        max_length=120,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_(
            "공개 주소에 쓰입니다. 예: it-days-2023. 비워 두면 행사명을 로마자로 옮겨 만들고, "
            "한글로 쓰면 로마자로 바꿉니다. 바꾸어도 예전 주소는 새 주소로 이어집니다."
        ),
    )
    series = models.ForeignKey(
        Series,
        verbose_name=_("시리즈"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    edition = models.PositiveSmallIntegerField(
        _("회차"),
        null=True,
        blank=True,
        help_text=_("제7회라면 7. 시리즈를 고른 경우에만 입력합니다."),
    )
    summary = models.TextField(
        _("요약"), blank=True, help_text=_("목록과 미리보기에 쓰이는 한두 문장")
    )
    description = RichTextField(_("소개"))
    # Photos placed in the description, recorded after each save (photos.embedded).
    embedded_photos = models.ManyToManyField(
        Photo, verbose_name=_("소개 사진"), blank=True, editable=False, related_name="+"
    )
    event_status = models.CharField(
        _("진행 상태"), max_length=16, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    website = models.URLField(_("행사 누리집"), blank=True)

    objects = EventQuerySet.as_manager()

    # The public address (SlugHistoryMixin): romanised from the title, old ones in EventSlug.
    slug_source = "title"
    slug_fallback = "event"
    slug_used_before = _("이 주소용 이름은 다른 행사가 예전에 쓰던 주소입니다. 다른 이름을 쓰세요.")

    class Meta:
        verbose_name = _("행사")
        verbose_name_plural = _("행사")
        ordering = ["-release_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(edition__isnull=True) | Q(series__isnull=False),
                name="event_edition_needs_series",
            ),
            models.UniqueConstraint(fields=["series", "edition"], name="unique_series_edition"),
            models.CheckConstraint(condition=~Q(slug=""), name="event_slug_not_empty"),
        ]
        indexes = [review_first_index("event_review_first_idx")]
        permissions = [
            ("review_event", _("행사 검토 (승인, 돌려보내기)")),
            ("publish_event", _("행사 게시, 게시 중단")),
        ]

    def __str__(self):
        return self.full_title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def get_short_url(self):
        """The permanent ASCII address, `/e/<pk>/`, for footers, QR codes and share buttons."""
        return reverse("event-short", kwargs={"pk": self.pk})

    @property
    @admin.display(description=_("행사명"), ordering="title")
    def full_title(self):
        return (
            f"제{self.edition}회 {self.title}"
            if self.edition and not self.title.startswith("제")
            else self.title
        )

    def clean(self):
        errors = {}
        if self.edition and not self.series_id:
            errors["edition"] = _("회차를 쓰려면 먼저 행사 시리즈를 고르세요.")
        self.clean_slug(errors)
        if errors:
            raise ValidationError(errors)

    def sessions_by_day(self):
        """Sessions grouped by their Korean calendar day, for the event page."""
        days = {}
        for session in self.sessions.all():
            days.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
        return sorted(days.items())


class EventSlug(OldSlug):
    """An address an event had before its slug changed: the event page redirects from it."""

    event = models.ForeignKey(
        Event, verbose_name=_("행사"), on_delete=models.CASCADE, related_name="old_slugs"
    )

    class Meta(OldSlug.Meta):
        verbose_name = _("행사 예전 주소")
        verbose_name_plural = _("행사 예전 주소")


class Session(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("행사"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(
        _("세션명"), max_length=200, blank=True, help_text=_("비우면 행사명을 씁니다.")
    )
    starts_at = models.DateTimeField(_("시작"), db_index=True)
    ends_at = models.DateTimeField(_("종료"), db_index=True)
    all_day = models.BooleanField(
        _("종일"), default=False, help_text=_("시각이 정해지지 않은 하루 일정")
    )
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("장소"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    description = models.TextField(_("설명"), blank=True)

    class Meta:
        verbose_name = _("세션")
        verbose_name_plural = _("세션")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title or str(self.event)

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("종료 시각은 시작 시각보다 뒤여야 합니다.")})


class OrganisationRole(models.TextChoices):
    HOST = "host", _("주최")
    ORGANISER = "organiser", _("주관")
    SPONSOR = "sponsor", _("후원")
    PARTNER = "partner", _("협력")
    OPERATOR = "operator", _("운영")


class EventOrganisation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organisation_roles")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("기관"), on_delete=models.PROTECT, related_name="event_roles"
    )
    role = models.CharField(_("역할"), max_length=16, choices=OrganisationRole.choices)
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        verbose_name = _("참여 기관")
        verbose_name_plural = _("참여 기관")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation", "role"], name="unique_event_org_role"
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.organisation.name}"


class EventFact(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="facts")
    label = models.CharField(_("항목"), max_length=100, help_text=_("예: 참가 규모"))
    value = models.CharField(_("내용"), max_length=200, help_text=_("예: 200개사 600부스"))
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        verbose_name = _("행사 개요")
        verbose_name_plural = _("행사 개요")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.label}: {self.value}"


class EventPhoto(OrderedPhotoLink):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photo_links")

    class Meta(OrderedPhotoLink.Meta):
        verbose_name = _("행사 사진")
        verbose_name_plural = _("행사 사진")
        constraints = [
            models.UniqueConstraint(fields=["event", "photo"], name="unique_event_photo")
        ]
