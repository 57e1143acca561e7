from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0005_romanise_slugs"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='article',
            constraint=models.CheckConstraint(condition=models.Q(('slug', ''), _negated=True), name='article_slug_not_empty'),
        ),
    ]
