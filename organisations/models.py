from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel


class Organisation(AuditedModel):
    name = models.CharField(_("기관명"), max_length=200, unique=True)
    short_name = models.CharField(
        _("약칭"),
        max_length=60,
        blank=True,
        help_text=_("예: 경북TP, KOTRA. 목록과 검색에 쓰입니다."),
    )
    english_name = models.CharField(_("영문 기관명"), max_length=200, blank=True)
    website = models.URLField(_("누리집"), blank=True)

    class Meta:
        verbose_name = _("기관")
        verbose_name_plural = _("기관")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class PressContact(AuditedModel):
    """A staff member named in the 담당자 table of a release: 책임자 or 담당자 with 직급 and phone."""

    name = models.CharField(_("이름"), max_length=60)
    department = models.CharField(_("부서"), max_length=100)
    position = models.CharField(_("직급"), max_length=60, help_text=_("예: 팀장, 책임, 선임"))
    phone = models.CharField(_("전화"), max_length=40, help_text=_("예: 053-819-3000"))
    email = models.EmailField(_("전자우편"), blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("소속 기관"), on_delete=models.PROTECT, related_name="contacts"
    )
    is_active = models.BooleanField(
        _("재직 중"),
        default=True,
        help_text=_("퇴직하거나 부서를 옮기면 끄세요. 지난 보도자료에는 남습니다."),
    )

    class Meta:
        verbose_name = _("보도 담당자")
        verbose_name_plural = _("보도 담당자")
        ordering = ["department", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "department", "phone", name="unique_press_contact"
            )
        ]

    def __str__(self):
        return f"{self.name} {self.position} ({self.department})"
