from django.db import migrations, models

from photos.embedded import embedded_photos_backfill


class Migration(migrations.Migration):
    dependencies = [("events", "0002_alter_event_options_event_version_and_more"), ("photos", "0002_photo_version")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="embedded_photos",
            field=models.ManyToManyField(
                blank=True,
                editable=False,
                related_name="+",
                to="photos.photo",
                verbose_name="소개 사진",
            ),
        ),
        migrations.RunPython(
            embedded_photos_backfill("events", "event", "description"), migrations.RunPython.noop
        ),
    ]
