from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import services
from accounts.forms import AccessLimitedUserFormMixin
from accounts.models import LoginLock
from accounts.rules import may_manage

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Django's user admin, made safe to hand to a 관리자: nobody grants what they do not hold, nobody
    below a superuser touches a superuser or anyone holding more than they do, and every change of
    groups, permissions or the superuser/staff/active flags goes into the audit trail."""

    actions = ["second_factor_reset_selected"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("is_superuser")
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if request.user.is_superuser:
            return form
        return type(form.__name__, (AccessLimitedUserFormMixin, form), {"actor": request.user})

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_manage(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_manage(request.user, obj))

    def delete_queryset(self, request, queryset):
        # The bulk delete action asks only for the model permission; each account is checked here.
        if not all(may_manage(request.user, user) for user in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    def save_model(self, request, obj, form, change):
        before = User.objects.filter(pk=obj.pk).first() if change else None
        form.access_before = services.access_snapshot(before)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.account_access_record(
            actor=request.user, target=form.instance, before=form.access_before, request=request
        )

    @admin.action(permissions=["change"], description=_("2단계 인증 초기화 (휴대전화 분실)"))
    def second_factor_reset_selected(self, request, queryset):
        refused = [u.get_username() for u in queryset if not may_manage(request.user, u)]
        if refused:
            self.message_user(
                request,
                _("권한이 더 많은 계정의 2단계 인증은 초기화할 수 없습니다: %(names)s")
                % {"names": ", ".join(refused)},
                messages.ERROR,
            )
            return
        for user in queryset:
            services.second_factor_reset(user=user, by=request.user, request=request)
        self.message_user(
            request,
            ngettext(
                "%(count)d개 계정의 2단계 인증을 초기화했습니다. 다음 로그인 때 다시 등록합니다.",
                "%(count)d개 계정의 2단계 인증을 초기화했습니다. 다음 로그인 때 다시 등록합니다.",
                len(queryset),
            )
            % {"count": len(queryset)},
        )


@admin.register(LoginLock)
class LoginLockAdmin(admin.ModelAdmin):
    """django-axes' failure counters in Korean: who is locked, and 잠금 해제 to let them in again."""

    list_display = ["account", "address", "failures", "last_attempt", "locked"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    actions = ["release_selected"]
    fields = ["account", "address", "failures", "last_attempt", "locked", "browser", "path"]
    readonly_fields = fields

    @admin.display(description=_("계정 이름"), ordering="username")
    def account(self, obj):
        return obj.username

    @admin.display(description=_("접속 주소"), ordering="ip_address")
    def address(self, obj):
        return obj.ip_address

    @admin.display(description=_("실패 횟수"), ordering="failures_since_start")
    def failures(self, obj):
        return obj.failures_since_start

    @admin.display(description=_("마지막 시도"), ordering="attempt_time")
    def last_attempt(self, obj):
        return obj.attempt_time

    @admin.display(description=_("잠김"), boolean=True)
    def locked(self, obj):
        return obj.is_locked

    @admin.display(description=_("브라우저"))
    def browser(self, obj):
        return obj.user_agent

    @admin.display(description=_("경로"))
    def path(self, obj):
        return obj.path_info

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.login_locks_release(locks=[obj], by=request.user, request=request)

    def delete_queryset(self, request, queryset):
        # Deleting is unlocking: the same service as 잠금 해제, so it is audited too.
        services.login_locks_release(locks=list(queryset), by=request.user, request=request)

    @admin.action(permissions=["delete"], description=_("잠금 해제"))
    def release_selected(self, request, queryset):
        services.login_locks_release(locks=list(queryset), by=request.user, request=request)
        self.message_user(request, _("선택한 계정과 접속 주소의 로그인 잠금을 풀었습니다."))
