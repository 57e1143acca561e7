from django.db import migrations


def sync(apps, schema_editor):
    from roles.definitions import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    """편집자 manage media contacts (import, export, lists); 작성자 may view them."""

    dependencies = [("roles", "0005_release_templates"), ("contacts", "0001_initial")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
