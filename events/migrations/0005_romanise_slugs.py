"""Korean slugs become romanised ASCII; every old slug is kept in EventSlug and redirects."""

from django.db import migrations

from core.filenames import unique_slug


def romanise_slugs(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    EventSlug = apps.get_model("events", "EventSlug")
    for item in Event.objects.order_by("pk").only("pk", "slug", "title"):
        if item.slug and item.slug.isascii():
            continue

        def taken(candidate, pk=item.pk):
            return (
                Event.objects.filter(slug=candidate).exclude(pk=pk).exists()
                or EventSlug.objects.filter(slug=candidate).exists()
            )

        new = unique_slug(item.slug or item.title, taken=taken, fallback="event")
        if item.slug:
            EventSlug.objects.create(event_id=item.pk, slug=item.slug)
        # An update, not save(): the item's version and stamps stay as they were.
        Event.objects.filter(pk=item.pk).update(slug=new)


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0004_slug_history"),
    ]

    operations = [
        migrations.RunPython(romanise_slugs, migrations.RunPython.noop),
    ]
