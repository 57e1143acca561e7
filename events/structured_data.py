"""schema.org descriptions of events: an Event with one subEvent per session, each with its place."""

from django.utils import timezone

from core.sanitize import plain_text
from core.seo import absolute, summary
from events.models import EventStatus, OrganisationRole

STATUS = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
}


def place(venue) -> dict:
    data = {
        "@type": "Place",
        "name": venue.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.address or venue.name,
            "addressLocality": venue.city,
            "addressCountry": venue.country,
        },
    }
    if venue.latitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    return data


def _when(moment, all_day):
    local = timezone.localtime(moment)
    return local.date().isoformat() if all_day else local.isoformat()


def event(event, image_urls) -> dict:
    url = absolute(event.get_absolute_url())
    sessions = list(event.sessions.all())
    organisers = [
        {"@type": "Organization", "name": role.organisation.name}
        for role in event.organisation_roles.all()
        if role.role in (OrganisationRole.HOST, OrganisationRole.ORGANISER)
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url,
        "url": url,
        "name": event.full_title,
        "description": summary(event.summary or plain_text(event.description)),
        "eventStatus": STATUS[event.event_status],
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "inLanguage": "ko-KR",
        "image": image_urls,
    }
    if sessions:
        data["startDate"] = _when(sessions[0].starts_at, sessions[0].all_day)
        last = max(sessions, key=lambda s: s.ends_at)
        data["endDate"] = _when(last.ends_at, last.all_day)
        venues = list({s.venue_id: s.venue for s in sessions if s.venue}.values())
        data["location"] = (
            [place(v) for v in venues] if len(venues) > 1 else place(venues[0]) if venues else None
        )
        data["subEvent"] = [
            {
                "@type": "Event",
                "name": session.title or event.full_title,
                "startDate": _when(session.starts_at, session.all_day),
                "endDate": _when(session.ends_at, session.all_day),
                "eventStatus": STATUS[event.event_status],
                "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                **({"location": place(session.venue)} if session.venue else {}),
                "superEvent": {"@id": url},
            }
            for session in sessions
        ]
    if organisers:
        data["organizer"] = organisers
    if event.series_id:
        data["superEvent"] = {"@type": "EventSeries", "name": event.series.name}
    return {k: v for k, v in data.items() if v is not None}
