from django.db import migrations


def sync(apps, schema_editor):
    from roles.definitions import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    """편집자 may keep the 본문 양식 (articles.ReleaseTemplate)."""

    dependencies = [("roles", "0004_letterhead"), ("articles", "0007_release_templates")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
