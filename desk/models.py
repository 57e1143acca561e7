import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_BYTES = 24  # 192 random bits, like share links


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeedTokenQuerySet(models.QuerySet):
    def for_token(self, token):
        return self.filter(token_hash=hash_token(token))


class CalendarFeedToken(models.Model):
    """A staff member's secret calendar address: calendar apps subscribe without a session.

    Only the SHA-256 of the token is stored; the address is shown once, when it is made. Making a new
    one replaces the old, deleting the row revokes it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("사용자"),
        on_delete=models.CASCADE,
        related_name="calendar_feed_token",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("만든 일시"), auto_now=True)

    objects = CalendarFeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("일정 구독 주소")
        verbose_name_plural = _("일정 구독 주소")

    def __str__(self):
        return str(self.user)

    @classmethod
    def renew(cls, user) -> str:
        """A new secret for `user`, replacing any earlier one; the token itself is returned once."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        cls.objects.update_or_create(user=user, defaults={"token_hash": hash_token(token)})
        return token
