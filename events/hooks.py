"""How events plug into the apps below them: which photos they make public or lock."""

from django.db.models import Q

from core.models import Status
from events.models import Event, EventPhoto
from photos.embedded import photos_linked


def _photos_shown_by(events) -> Q:
    return photos_linked(EventPhoto, "event", events) | photos_linked(
        Event.embedded_photos.through, "event", events
    )


def photos_of_public_events(at=None) -> Q:
    return _photos_shown_by(Event.objects.published(at))


def photos_of_events_past_draft() -> Q:
    return _photos_shown_by(Event.objects.exclude(status=Status.DRAFT))
