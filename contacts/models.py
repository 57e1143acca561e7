"""Media contacts: outlets, the journalists who work for them, and the lists the office sends to.

The e-mail address identifies a journalist: it is stored normalised (`normalise_email`), and the
database refuses a second journalist with the same address in any case. An import matches on it, so
a file merges into the records instead of doubling them (see `contacts.services`).
"""

from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel


def normalise_email(value: str) -> str:
    """The form in which an address is stored and compared: trimmed and lower-cased."""
    return (value or "").strip().lower()


class OutletKind(models.TextChoices):
    DAILY = "daily", _("일간지")
    AGENCY = "agency", _("통신사")
    BROADCAST = "broadcast", _("방송")
    ONLINE = "online", _("인터넷")
    TRADE = "trade", _("전문지")
    OTHER = "other", _("기타")


class Language(models.TextChoices):
    KOREAN = "ko", _("한국어")
    ENGLISH = "en", _("영어")


class OutletQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(journalist_count=Count("journalists", distinct=True))


class Outlet(AuditedModel):
    """A newspaper, agency, broadcaster or site journalists write for; its name is unique in any case."""

    name = models.CharField(_("매체명"), max_length=100)
    kind = models.CharField(
        _("매체 유형"), max_length=20, choices=OutletKind.choices, default=OutletKind.OTHER
    )
    region = models.CharField(
        _("지역"), max_length=50, blank=True, help_text=_("예: 전국, 대구·경북, 경산")
    )
    website = models.URLField(_("누리집"), blank=True)

    objects = OutletQuerySet.as_manager()

    class Meta:
        verbose_name = _("매체")
        verbose_name_plural = _("매체")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="contacts_outlet_unique_name",
                violation_error_message=_("같은 이름의 매체가 이미 있습니다."),
            )
        ]

    def __str__(self):
        return self.name


class JournalistQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def embargo_consenting(self):
        """Those who may receive a release before its 보도시점: active and consenting."""
        return self.active().filter(embargo_consent=True)

    def with_email(self, emails):
        return self.filter(email__in=[normalise_email(e) for e in emails])

    def for_listing(self):
        """With outlet and lists loaded, in the order lists and files show them."""
        return (
            self.select_related("outlet")
            .prefetch_related(None)
            .prefetch_related(
                models.Prefetch("lists", queryset=MediaList.objects.order_by("name", "pk"))
            )
            .order_by("name", "email", "pk")
        )


class Journalist(AuditedModel):
    """A journalist the press office sends releases to, identified by their e-mail address."""

    name = models.CharField(_("이름"), max_length=100)
    outlet = models.ForeignKey(
        Outlet,
        verbose_name=_("매체"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="journalists",
    )
    desk = models.CharField(
        _("부서·출입처"), max_length=100, blank=True, help_text=_("예: 경제부, 경북도청 출입")
    )
    email = models.EmailField(
        _("이메일"), help_text=_("기자를 알아보는 기준입니다. 대소문자는 구별하지 않습니다.")
    )
    phone = models.CharField(_("전화"), max_length=40, blank=True)
    language = models.CharField(
        _("언어"), max_length=2, choices=Language.choices, default=Language.KOREAN
    )
    region = models.CharField(_("지역"), max_length=50, blank=True)
    embargo_consent = models.BooleanField(
        _("엠바고 수신 동의"),
        default=False,
        help_text=_("보도시점 전에 엠바고 조건으로 보도자료를 받기로 동의한 기자만 켜세요."),
    )
    embargo_consent_on = models.DateField(
        _("엠바고 수신 동의일"),
        null=True,
        blank=True,
        help_text=_("동의를 받은 날입니다. 비워 두면 오늘 날짜로 적습니다."),
    )
    active = models.BooleanField(
        _("사용 중"),
        default=True,
        help_text=_("더 이상 보내지 않을 기자는 끄세요. 명단과 기록에는 남습니다."),
    )
    note = models.TextField(_("메모"), blank=True)

    objects = JournalistQuerySet.as_manager()

    class Meta:
        verbose_name = _("기자")
        verbose_name_plural = _("기자")
        ordering = ["name", "email"]
        permissions = [
            ("import_journalist", _("기자 연락처 CSV 가져오기")),
            ("export_journalist", _("기자 연락처 CSV 내보내기")),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="contacts_journalist_unique_email",
                violation_error_message=_("이 이메일 주소의 기자가 이미 있습니다."),
            ),
            models.CheckConstraint(
                condition=Q(email=Lower("email")),
                name="contacts_journalist_email_lower",
                violation_error_message=_("이메일 주소는 소문자로 저장합니다."),
            ),
            models.CheckConstraint(
                condition=Q(embargo_consent=True, embargo_consent_on__isnull=False)
                | Q(embargo_consent=False, embargo_consent_on__isnull=True),
                name="contacts_journalist_consent_dated",
                violation_error_message=_("엠바고 수신 동의에는 동의일이 있어야 합니다."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.outlet})" if self.outlet_id else self.name

    def set_embargo_consent(self, consent: bool, *, on=None):
        """Consent and its date together: a new consent is dated `on` (today), a kept one keeps
        its date, and a withdrawn one has none."""
        if not consent:
            self.embargo_consent, self.embargo_consent_on = False, None
            return
        kept = self.embargo_consent_on if self.embargo_consent else None
        self.embargo_consent, self.embargo_consent_on = True, on or kept or timezone.localdate()

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)
        self.name = " ".join(self.name.split())
        self.set_embargo_consent(self.embargo_consent, on=self.embargo_consent_on)


class MediaListQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(
            member_count=Count("members", distinct=True),
            consenting_count=Count(
                "members",
                filter=Q(members__embargo_consent=True, members__active=True),
                distinct=True,
            ),
        )


class MediaList(AuditedModel):
    """A named group of journalists a release is sent to: 출입기자단, 지역 언론, 산업 전문지, 해외 …"""

    name = models.CharField(
        _("명단 이름"), max_length=100, help_text=_("예: 출입기자단, 지역 언론")
    )
    description = models.TextField(_("설명"), blank=True)
    members = models.ManyToManyField(
        Journalist, verbose_name=_("기자"), blank=True, related_name="lists"
    )

    objects = MediaListQuerySet.as_manager()

    class Meta:
        verbose_name = _("명단")
        verbose_name_plural = _("명단")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="contacts_medialist_unique_name",
                violation_error_message=_("같은 이름의 명단이 이미 있습니다."),
            )
        ]

    def __str__(self):
        return self.name
