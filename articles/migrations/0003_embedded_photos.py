from django.db import migrations, models

from photos.embedded import embedded_photos_backfill


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_alter_article_options_article_version_and_more"), ("photos", "0002_photo_version")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="embedded_photos",
            field=models.ManyToManyField(
                blank=True,
                editable=False,
                related_name="+",
                to="photos.photo",
                verbose_name="본문 사진",
            ),
        ),
        migrations.RunPython(
            embedded_photos_backfill("articles", "article", "body"), migrations.RunPython.noop
        ),
    ]
