"""Events as iCalendar (RFC 5545): a pure function from events to bytes, one VEVENT per session."""

from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from events.models import EventStatus

SEOUL = ZoneInfo("Asia/Seoul")
STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}


def _location(venue):
    if venue is None:
        return ""
    parts = [venue.name, venue.address, venue.city]
    if venue.country != "KR":
        parts.append(venue.country_name)
    return ", ".join(dict.fromkeys(p for p in parts if p))


def new_calendar(*, name: str, prodid: str) -> Calendar:
    """An empty calendar in Korea time; clients never guess, even when every entry is all-day."""
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Seoul")
    calendar.add_component(Timezone.from_tzid("Asia/Seoul"))
    return calendar


def add_session_times(item, session) -> None:
    """DTSTART/DTEND of a session: dates for an all-day one (DTEND exclusive), Seoul times otherwise."""
    if session.all_day:
        first = timezone.localtime(session.starts_at, SEOUL).date()
        last = timezone.localtime(session.ends_at, SEOUL).date()
        item.add("dtstart", first)
        item.add("dtend", last + timedelta(days=1))
    else:
        item.add("dtstart", timezone.localtime(session.starts_at, SEOUL))
        item.add("dtend", timezone.localtime(session.ends_at, SEOUL))


def events_to_ics(events, *, site_url: str, name: str) -> bytes:
    """`events` with their sessions and venues prefetched; `site_url` makes URLs and UIDs absolute."""
    host = urlsplit(site_url).hostname or "localhost"
    calendar = new_calendar(name=name, prodid="-//GBTP Newsroom//ko")
    stamp = timezone.now()
    for event in events:
        url = site_url + event.get_absolute_url()
        for session in event.sessions.all():
            item = VEvent()
            item.add("uid", f"session-{session.pk}@{host}")
            item.add("dtstamp", stamp)
            title = (
                event.full_title if not session.title else f"{event.full_title} — {session.title}"
            )
            item.add("summary", title)
            add_session_times(item, session)
            if location := _location(session.venue):
                item.add("location", location)
            if session.venue and session.venue.latitude is not None:
                item.add("geo", (float(session.venue.latitude), float(session.venue.longitude)))
            item.add(
                "description", "\n".join(p for p in (session.description, event.summary, url) if p)
            )
            item.add("url", url)
            item.add("status", STATUS[event.event_status])
            calendar.add_component(item)
    return calendar.to_ical()
