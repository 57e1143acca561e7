from django.db import migrations


def sync(apps, schema_editor):
    from roles.definitions import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    """편집자 send releases to journalists and read the reports; 작성자 may view the mailings."""

    dependencies = [("roles", "0006_contacts"), ("distribution", "0001_initial")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
