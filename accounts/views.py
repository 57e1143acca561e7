from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.forms import CodeForm, EnrolForm
from audit.models import Action
from audit.services import audit_record


def _chrome(request, **context):
    """The admin's header and styles for pages shown before the admin opens (no menus, no tools)."""
    return {
        **admin.site.each_context(request),
        "has_permission": False,
        "available_apps": [],
        "is_nav_sidebar_enabled": False,
        **context,
    }


def _next_url(request):
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@sensitive_post_parameters("code")
def otp_verify(request):
    """The code step of each login: a code from the authenticator app, or one recovery code."""
    user = request.user
    if not user.is_authenticated:
        return redirect(f"{reverse('admin:login')}?{REDIRECT_FIELD_NAME}={_next_url(request)}")
    if user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(user, confirmed=True):
        return redirect(
            f"{reverse('account_otp_enrol')}?{REDIRECT_FIELD_NAME}={_next_url(request)}"
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, throttled = services.second_factor_verify(
            user=user, code=form.cleaned_data["code"], request=request
        )
        if device is not None:
            if not isinstance(device, TOTPDevice):
                messages.warning(
                    request,
                    _("복구 코드로 로그인했습니다. 남은 복구 코드: %(left)d개.")
                    % {"left": services.recovery_codes_left(user=user)},
                )
            return redirect(_next_url(request))
        form.add_error(
            "code",
            _("잘못 입력한 횟수가 많아 잠시 확인할 수 없습니다. 잠시 뒤에 다시 입력하세요.")
            if throttled
            else _("인증 코드가 맞지 않습니다. 인증 앱의 현재 숫자를 다시 입력하세요."),
        )
    context = _chrome(request, title=_("2단계 인증"), form=form, next=_next_url(request))
    return _private(render(request, "accounts/otp_verify.html", context))


@never_cache
@sensitive_post_parameters("code")
def otp_enrol(request):
    """First login of someone who needs a second factor (or a writer who chooses one): scan, confirm,
    and receive the recovery codes, shown this once."""
    user = request.user
    if not user.is_authenticated:
        return redirect(
            f"{reverse('admin:login')}?{REDIRECT_FIELD_NAME}={reverse('account_otp_enrol')}"
        )
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        # Enrolling another device needs the first one: else a stolen password could replace it.
        if not user.is_verified():
            return redirect(
                f"{reverse('account_otp_verify')}?{REDIRECT_FIELD_NAME}={_next_url(request)}"
            )
        messages.info(request, _("2단계 인증이 이미 등록되어 있습니다."))
        return redirect(_next_url(request))
    device = services.totp_device_pending(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_enrol(
            user=user, device=device, code=form.cleaned_data["code"], request=request
        )
        if codes is not None:
            context = _chrome(request, title=_("복구 코드"), codes=codes, next=_next_url(request))
            return _private(render(request, "accounts/recovery_codes.html", context))
        form.add_error(
            "code", _("인증 코드가 맞지 않습니다. 인증 앱에 지금 보이는 6자리 숫자를 입력하세요.")
        )
    context = _chrome(
        request,
        title=_("2단계 인증 등록"),
        form=form,
        qr_svg=services.totp_qr_svg(device),
        secret=services.totp_secret(device),
        otpauth_url=device.config_url,
        next=_next_url(request),
    )
    return _private(render(request, "accounts/otp_enrol.html", context))


def locked_out(request, response=None, credentials=None):
    """django-axes' lock-out answer: the login page again, with why and for how long, in Korean."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = _chrome(
        request,
        title=_("로그인"),
        app_path=request.get_full_path(),
        form=AdminAuthenticationForm(request, initial={"username": username}),
        next=_next_url(request),
        username=username,
        locked_out=_(
            "로그인에 여러 번 실패하여 이 계정 또는 접속 주소의 로그인이 잠겼습니다. "
            "%(minutes)d분 뒤에 다시 시도하거나 관리자에게 잠금 해제를 요청하세요."
        )
        % {"minutes": minutes},
    )
    return _private(render(request, "admin/login.html", context, status=429))


class _AdminChrome:
    def get_context_data(self, **kwargs):
        return _chrome(self.request, **super().get_context_data(**kwargs))


class PasswordResetView(_AdminChrome, auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetDoneView(_AdminChrome, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(_AdminChrome, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(action=Action.PASSWORD_RESET, actor=form.user, request=self.request)
        return response


class PasswordResetCompleteView(_AdminChrome, auth_views.PasswordResetCompleteView):
    pass
