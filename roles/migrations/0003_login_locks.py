from django.db import migrations


def sync(apps, schema_editor):
    from roles.definitions import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    """관리자 may see and release login locks (accounts.LoginLock)."""

    dependencies = [("roles", "0002_presskits"), ("accounts", "0001_initial")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
