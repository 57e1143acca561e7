from django.db import migrations


def sync(apps, schema_editor):
    from roles.definitions import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("roles", "0001_roles"), ("presskits", "0001_initial")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
