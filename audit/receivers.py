from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.models import Action
from audit.services import audit_record


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    audit_record(action=Action.LOGIN, actor=user, request=request)


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    audit_record(action=Action.LOGOUT, actor=user, request=request)


@receiver(user_login_failed)
def record_login_failure(sender, credentials, request=None, **kwargs):
    # The attempted user name is kept; the password never is.
    audit_record(
        action=Action.LOGIN_FAILED,
        request=request,
        actor_label=str(credentials.get("username", ""))[:150],
    )


@receiver(user_locked_out)
def record_lockout(sender, request, username=None, ip_address=None, **kwargs):
    # Sent by django-axes when the failures of an account or address reach the limit.
    audit_record(
        action=Action.LOCKED_OUT,
        request=request,
        actor_label=str(username or "")[:150],
        address=ip_address,
    )
