import hashlib
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_BYTES = 24  # 192 random bits


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ShareLinkQuerySet(models.QuerySet):
    def valid(self, at=None):
        at = at or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=at)

    def for_token(self, token):
        return self.filter(token_hash=hash_token(token))


class ShareLink(models.Model):
    """A personal link that lets one named recipient read an item before it is public.

    Only a hash of the token is stored: the link is shown once, when it is made.
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("공유한 자료의 종류"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("공유한 자료의 번호"))
    target = GenericForeignKey("content_type", "object_id")
    recipient_name = models.CharField(_("받는 사람"), max_length=100)
    recipient_organisation = models.CharField(
        _("소속"), max_length=100, blank=True, help_text=_("예: ○○일보 경제부")
    )
    recipient_email = models.EmailField(_("전자우편"), blank=True)
    purpose = models.CharField(
        _("용도"), max_length=200, blank=True, help_text=_("예: 엠바고 사전 배포, 원장실 검토")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("만료 일시"))
    revoked_at = models.DateTimeField(_("폐기 일시"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("만든 일시"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("만든 사람"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("공유 링크")
        verbose_name_plural = _("공유 링크")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="sharelink_target_idx")]

    def __str__(self):
        return (
            f"{self.recipient_name} ({self.recipient_organisation})"
            if self.recipient_organisation
            else self.recipient_name
        )

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(TOKEN_BYTES)

    @staticmethod
    def url_for(token: str) -> str:
        return reverse("sharing:open", kwargs={"token": token})

    @property
    def is_valid(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class Use(models.TextChoices):
    PAGE = "page", _("열람")
    KIT = "kit", _("키트 내려받기")


class ShareLinkOpen(models.Model):
    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="opens")
    opened_at = models.DateTimeField(_("열람 일시"), auto_now_add=True)
    what = models.CharField(_("한 일"), max_length=8, choices=Use.choices, default=Use.PAGE)
    ip = models.GenericIPAddressField(_("IP 주소"), null=True, blank=True)
    user_agent = models.CharField(_("브라우저"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("열람 기록")
        verbose_name_plural = _("열람 기록")
        ordering = ["-opened_at"]

    def __str__(self):
        return f"{self.link} · {self.opened_at:%Y-%m-%d %H:%M}"
