from axes.models import AccessAttempt
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class LoginLock(AccessAttempt):
    """django-axes' failed-login counter, under the Korean name the admin shows.

    One row per account name and address that failed recently; it locks the login once its failures
    reach AXES_FAILURE_LIMIT. Deleting the row (the admin's 잠금 해제) unlocks at once.
    """

    class Meta:
        proxy = True
        verbose_name = _("로그인 실패·잠금")
        verbose_name_plural = _("로그인 실패·잠금")

    @property
    def is_locked(self) -> bool:
        return self.failures_since_start >= settings.AXES_FAILURE_LIMIT
