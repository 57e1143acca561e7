from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0005_romanise_slugs"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(('slug', ''), _negated=True), name='event_slug_not_empty'),
        ),
    ]
