from django.db import migrations


def create_roles(apps, schema_editor):
    from roles.definitions import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0002_alter_article_options_article_version_and_more"),
        ("audit", "0001_initial"),
        ("events", "0002_alter_event_options_event_version_and_more"),
        ("organisations", "0002_organisation_version_presscontact_version"),
        ("photos", "0002_photo_version"),
        ("sharing", "0001_initial"),
        ("spokespeople", "0002_person_version_quote_version"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
