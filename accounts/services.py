"""Second-factor enrolment and verification, account-access changes, unlocking: each audited."""

import re
from base64 import b32encode

import django_otp
import segno
from django.db import transaction
from django.db.models import Q
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import LoginLock
from audit.models import Action
from audit.services import audit_record

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "인증 앱"
RECOVERY_NAME = "복구 코드"
_NOT_CODE = re.compile(r"[\s-]+")


def totp_device_pending(*, user) -> TOTPDevice:
    """The device `user` is enrolling: made once, kept until confirmed, so reloading the page shows
    the same QR code the phone may already have scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def totp_secret(device) -> str:
    """The secret as an authenticator app asks for it when typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device) -> str:
    """The otpauth:// address as an inline SVG QR code (no image request, no script: CSP-safe)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=2, title="QR", dark="#000", light="#fff"
    )


def recovery_codes_issue(*, user) -> list[str]:
    """Replace `user`'s recovery codes with new ones; each works once. Returned only now."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _normalise(code: str) -> str:
    return _NOT_CODE.sub("", code or "").lower()


def _is_totp_code(code: str) -> bool:
    return code.isdigit() and len(code) == 6


@transaction.atomic
def totp_enrol(*, user, device, code, request) -> list[str] | None:
    """Confirm `device` with a code from the phone that scanned it; log the session in with it.

    Returns the new recovery codes, or None when the code is wrong.
    """
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(pk=device.pk, user=user, confirmed=False)
        .first()
    )
    # None: another tab confirmed or replaced this device a moment ago; the code is refused.
    if device is None or not device.verify_token(_normalise(code)):
        audit_record(action=Action.OTP_FAILED, actor=user, request=request, step="enrol")
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = recovery_codes_issue(user=user)
    _session_verified(request, device)
    audit_record(action=Action.OTP_ENROL, actor=user, request=request, obj=user)
    return codes


def second_factor_verify(*, user, code, request) -> tuple[object | None, bool]:
    """Check a code from the authenticator app, or a recovery code, against `user`'s devices.

    Returns (device, throttled): the device that accepted the code, or None; throttled is True when
    django-otp refused to check because of recent wrong codes (it doubles the wait after each).
    """
    code = _normalise(code)
    kind = TOTPDevice if _is_totp_code(code) else StaticDevice
    throttled = False
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if not isinstance(device, kind):
                continue
            allowed, _ = device.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            if device.verify_token(code):
                _session_verified(request, device)
                if isinstance(device, StaticDevice):
                    left = device.token_set.count()
                    audit_record(
                        action=Action.RECOVERY_USED, actor=user, request=request, left=str(left)
                    )
                else:
                    audit_record(action=Action.OTP_VERIFY, actor=user, request=request)
                return device, False
    audit_record(action=Action.OTP_FAILED, actor=user, request=request, step="login")
    return None, throttled


def _session_verified(request, device):
    django_otp.login(request, device)
    # A new session key for the now fully logged-in session: one seen before the code is worthless.
    request.session.cycle_key()


def recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def second_factor_reset(*, user, by, request) -> None:
    """Remove `user`'s devices (lost phone): their next login enrols a new one."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(action=Action.OTP_RESET, actor=by, request=request, obj=user)


def access_snapshot(user) -> dict:
    """What an account may do, in a form the audit trail keeps: flags, group names, permissions."""
    if user is None or user.pk is None:
        return {
            "is_active": False, "is_staff": False, "is_superuser": False,
            "groups": [], "user_permissions": [],
        }  # fmt: skip
    return {
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "user_permissions": sorted(
            f"{app}.{codename}"
            for app, codename in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        ),
    }


def account_access_record(*, actor, target, before: dict, request) -> dict:
    """Audit what changed in `target`'s access since `before` (who, whom, before → after)."""
    after = access_snapshot(target)
    changes = {
        key: {"before": before[key], "after": after[key]}
        for key in after
        if before.get(key) != after[key]
    }
    if changes:
        audit_record(
            action=Action.ACCOUNT_ACCESS, actor=actor, request=request, obj=target, changes=changes
        )
    return changes


@transaction.atomic
def login_locks_release(*, locks, by, request) -> int:
    """Unlock the accounts and addresses of `locks`: forget every recent failure counted against them,
    so they may log in again at once (axes adds up all rows of an account or of an address)."""
    usernames = {lock.username for lock in locks if lock.username}
    addresses = {lock.ip_address for lock in locks if lock.ip_address}
    rows = LoginLock.objects.filter(Q(username__in=usernames) | Q(ip_address__in=addresses))
    for username in sorted(usernames):
        audit_record(action=Action.UNLOCK, actor=by, request=request, username=username)
    for address in sorted(addresses):
        audit_record(action=Action.UNLOCK, actor=by, request=request, address=address)
    released, _ = rows.delete()
    return released
