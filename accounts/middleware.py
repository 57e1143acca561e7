from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts.rules import second_factor_required


async def _anonymous():
    return AnonymousUser()


class SecondFactorMiddleware:
    """A user who must give a second factor and has not yet is only half logged in.

    In the admin they are sent to the code step (or to enrolment on their first login); everywhere
    else — previews, staff photo files, uploads — they are an anonymous visitor, so a password alone
    opens nothing. Only the code step, enrolment and logout see the account. Runs after django-otp's
    OTPMiddleware, which tells whether this session was verified with a device.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and second_factor_required(user):
            step_urls = {reverse("account_otp_verify"), reverse("account_otp_enrol")}
            if request.path in step_urls or request.path == reverse("admin:logout"):
                pass
            elif request.path.startswith(reverse("admin:index")):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('account_otp_verify')}?{query}")
            else:
                request.user = AnonymousUser()
                request.auser = _anonymous
        return self.get_response(request)


class StaffSessionTimeoutMiddleware:
    """Staff sessions end after STAFF_SESSION_IDLE_MINUTES without a request.

    Only staff: a global SESSION_COOKIE_AGE would also cut short the journalists whose share-link access
    lives in their session, and SESSION_SAVE_EVERY_REQUEST would write a session row for every reader's
    request. Each staff request moves the expiry forward; an expired session is gone on the next one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # After the view: a login in this request counts, a logout does not.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            request.session.set_expiry(settings.STAFF_SESSION_IDLE_MINUTES * 60)
        return response
