"""Who must log in with a second factor, and whose account a user may change.

The second rule keeps account management from becoming a way up: a 관리자 changes only accounts that hold
nothing they do not hold themselves, and grants only groups and permissions they hold. Otherwise a
관리자 could set a password on an editor's account, or tick a box, and become more than they are.
"""

from django_otp import user_has_device

from roles.definitions import ADMINISTRATOR, EDITOR

# Roles whose members publish or manage accounts: a stolen password alone must not be enough for them.
SECOND_FACTOR_ROLES = (EDITOR, ADMINISTRATOR)
# Permissions that need the same protection when granted directly rather than through a role.
SECOND_FACTOR_PERMISSION_PREFIXES = ("articles.publish_", "events.publish_", "presskits.publish_")
SECOND_FACTOR_PERMISSIONS = ("auth.add_user", "auth.change_user")


def second_factor_required(user) -> bool:
    """Superusers, editors, administrators, anyone who can publish or manage accounts — and anyone
    who enrolled a device of their own accord (a writer who enrolled expects it to be asked for)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.groups.filter(name__in=SECOND_FACTOR_ROLES).exists():
        return True
    permissions = user.get_all_permissions()
    if any(p.startswith(SECOND_FACTOR_PERMISSION_PREFIXES) for p in permissions) or any(
        p in permissions for p in SECOND_FACTOR_PERMISSIONS
    ):
        return True
    return user_has_device(user, confirmed=True)


def held_group_ids(user) -> set[int]:
    return set(user.groups.values_list("pk", flat=True))


def held_permission_names(user) -> set[str]:
    """Every permission `user` holds, directly or through groups, as "app_label.codename"."""
    return set(user.get_all_permissions())


def permission_name(permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


def may_manage(actor, target) -> bool:
    """Whether `actor` may change `target`'s account (password, flags, groups) at all."""
    if actor.is_superuser:
        return True
    if target.is_superuser:
        return False
    if target.pk == actor.pk:
        return True
    return held_group_ids(target) <= held_group_ids(actor) and held_permission_names(
        target
    ) <= held_permission_names(actor)
