from django import forms
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

from accounts.rules import held_group_ids, held_permission_names, permission_name


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("인증 코드"),
        max_length=32,
        strip=True,
        help_text=_("인증 앱의 6자리 숫자, 또는 휴대전화가 없을 때 복구 코드 하나"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}
        ),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("인증 앱에 표시된 6자리 숫자"),
        max_length=16,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "numeric"}
        ),
    )


class AccessLimitedUserFormMixin:
    """The user form of someone who is not a superuser: they grant only what they hold.

    The choices offered are the groups and permissions the acting user holds plus what the account
    already has (which may be taken away); `clean` checks every addition again, so a forged POST that
    adds anything else is refused with a Korean message, not silently trimmed.
    """

    actor = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance if self.instance.pk else None
        if "groups" in self.fields:
            current = set(instance.groups.values_list("pk", flat=True)) if instance else set()
            self.fields["groups"].queryset = Group.objects.filter(
                pk__in=held_group_ids(self.actor) | current
            )
        if "user_permissions" in self.fields:
            held = held_permission_names(self.actor)
            allowed = [
                p.pk
                for p in Permission.objects.select_related("content_type")
                if permission_name(p) in held
            ]
            if instance:
                allowed += list(instance.user_permissions.values_list("pk", flat=True))
            self.fields["user_permissions"].queryset = Permission.objects.filter(
                pk__in=allowed
            ).select_related("content_type")

    def clean(self):
        cleaned = super().clean()
        instance = self.instance if self.instance.pk else None
        if cleaned.get("is_superuser") and not (instance and instance.is_superuser):
            self.add_error("is_superuser", _("최고 관리자 권한은 최고 관리자만 줄 수 있습니다."))
        if "groups" in cleaned:
            before = set(instance.groups.values_list("pk", flat=True)) if instance else set()
            added = {g for g in cleaned["groups"] if g.pk not in before}
            extra = [g.name for g in added if g.pk not in held_group_ids(self.actor)]
            if extra:
                self.add_error(
                    "groups",
                    _("본인에게 없는 역할은 줄 수 없습니다: %(names)s")
                    % {"names": ", ".join(sorted(extra))},
                )
        if "user_permissions" in cleaned:
            before = (
                set(instance.user_permissions.values_list("pk", flat=True)) if instance else set()
            )
            held = held_permission_names(self.actor)
            extra = [
                permission_name(p)
                for p in cleaned["user_permissions"]
                if p.pk not in before and permission_name(p) not in held
            ]
            if extra:
                self.add_error(
                    "user_permissions",
                    _("본인에게 없는 권한은 줄 수 없습니다: %(names)s")
                    % {"names": ", ".join(sorted(extra))},
                )
        return cleaned
