from django.db import migrations, models

from photos.embedded import IMAGE_SRC, RENDITION

PHOTO_DIR = "photos/"


def record_embedded_photos(apps, schema_editor):
    # The same reading of image addresses as photos.embedded, on the historical models.
    Owner = apps.get_model("events", "event")
    Photo = apps.get_model("photos", "Photo")
    for owner in Owner.objects.exclude(description="").only("pk", "description").iterator():
        names, stems = [], []
        for path in IMAGE_SRC.findall(owner.description):
            rendition = RENDITION.match(path)
            if rendition:
                stems.append(rendition.group(1))
            elif ".." not in path:
                names.append(PHOTO_DIR + path)
        found = models.Q(image__in=names)
        for stem in stems:
            found |= models.Q(image__contains=f"/{stem}.")
        owner.embedded_photos.set(Photo.objects.filter(found).values_list("pk", flat=True))


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
        migrations.RunPython(record_embedded_photos, migrations.RunPython.noop),
    ]
