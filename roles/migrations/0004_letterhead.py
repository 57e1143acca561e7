from django.db import migrations


def sync(apps, schema_editor):
    from roles.definitions import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    """편집자 may edit the 보도자료 양식 (presskits.Letterhead)."""

    dependencies = [("roles", "0003_login_locks"), ("presskits", "0002_kit_builds_and_letterhead")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
