"""The press office's three roles and exactly the permissions each needs.

Groups are created and kept in step by migrations that call `sync_roles`; `manage.py sync_roles` does
the same on demand. Object-level rules (a writer edits only their own drafts) live on the models and
admins; these are the model-level grants.
"""

WRITER = "작성자"
EDITOR = "편집자"
ADMINISTRATOR = "관리자"

FULL = ("add", "change", "delete", "view")

_WRITER = {
    "articles": {
        "article": ("add", "change", "delete", "view"),
        "articlephoto": FULL,
        "articlecontact": FULL,
        "attachment": FULL,
        "category": ("view",),
        "tag": ("add", "view"),
        "correction": ("view",),
    },
    "events": {
        "event": ("add", "change", "delete", "view"),
        "session": FULL,
        "eventorganisation": FULL,
        "eventfact": FULL,
        "eventphoto": FULL,
        "venue": ("add", "view"),
        "series": ("view",),
    },
    "photos": {"photo": ("add", "change", "view")},
    "organisations": {"organisation": ("add", "view"), "presscontact": ("add", "view")},
    "spokespeople": {"person": ("view",), "quote": FULL},
    "presskits": {"presskit": ("add", "change", "view")},
    "contacts": {"outlet": ("view",), "journalist": ("view",), "medialist": ("view",)},
    "distribution": {"mailing": ("view",), "delivery": ("view",)},
}

_EDITOR = {
    "articles": {
        "article": (*FULL, "review", "publish"),
        "articlephoto": FULL,
        "articlecontact": FULL,
        "attachment": FULL,
        "category": FULL,
        "tag": FULL,
        "correction": ("view",),
        "releasetemplate": FULL,
    },
    "events": {
        "event": (*FULL, "review", "publish"),
        "session": FULL,
        "eventorganisation": FULL,
        "eventfact": FULL,
        "eventphoto": FULL,
        "venue": FULL,
        "series": FULL,
    },
    "photos": {"photo": FULL},
    "organisations": {"organisation": FULL, "presscontact": FULL},
    "spokespeople": {"person": FULL, "quote": FULL},
    "presskits": {
        "presskit": (*FULL, "review", "publish"),
        "letterhead": ("add", "change", "view"),
    },
    "sharing": {"sharelink": ("add", "delete", "view"), "sharelinkopen": ("view",)},
    "contacts": {
        "outlet": FULL,
        "journalist": (*FULL, "import", "export"),
        "medialist": FULL,
    },
    "distribution": {
        "mailing": ("add", "change", "view", "report"),
        "delivery": ("change", "view"),
        "suppression": FULL,
        "subscriber": ("view", "delete"),
    },
    "audit": {"auditevent": ("view",)},
}

_ADMINISTRATOR = {
    "auth": {"user": FULL, "group": ("view",)},
    "accounts": {"loginlock": ("view", "delete")},
    "audit": {"auditevent": ("view",)},
}

ROLES = {WRITER: _WRITER, EDITOR: _EDITOR, ADMINISTRATOR: _ADMINISTRATOR}


def codenames(grants):
    for app_label, models in grants.items():
        for model, actions in models.items():
            for action in actions:
                yield app_label, f"{action}_{model}"


def sync_roles(apps=None):
    """Create the groups and set their permissions to exactly ROLES (historical `apps` in migrations)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or global_apps
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = list(codenames(grants))
        permissions = []
        for app_label, codename in wanted:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is None:
                raise LookupError(f"role {name}: no permission {app_label}.{codename}")
            permissions.append(permission)
        group.permissions.set(permissions)
