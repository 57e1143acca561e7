"""The staff calendar as iCalendar: releases at their 보도시점, event sessions at their times."""

from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event as VEvent

from events.calendar import add_session_times, new_calendar

SEOUL = ZoneInfo("Asia/Seoul")
RELEASE_LENGTH = timedelta(minutes=30)  # a 보도시점 is a moment; calendars show it as a short block


def entries_to_ics(entries, *, site_url: str, name: str) -> bytes:
    """`entries` from `desk.calendar.calendar_entries`; `site_url` makes URLs and UIDs absolute."""
    host = urlsplit(site_url).hostname or "localhost"
    calendar = new_calendar(name=name, prodid="-//GBTP Newsroom desk//ko")
    stamp = timezone.now()
    for entry in entries:
        item = VEvent()
        url = site_url + entry.url
        session = entry.session
        if session is None:
            item.add("uid", f"desk-release-{entry.obj.pk}@{host}")
            item.add("summary", f"[{_('보도')}] {entry.title}")
            start = timezone.localtime(entry.when, SEOUL)
            item.add("dtstart", start)
            item.add("dtend", start + RELEASE_LENGTH)
        else:
            item.add("uid", f"desk-session-{session.pk}@{host}")
            item.add("summary", f"[{_('행사')}] {entry.title}")
            add_session_times(item, session)
        item.add("dtstamp", stamp)
        item.add("description", f"{entry.state_label}\n{url}")
        item.add("url", url)
        item.add("class", "CONFIDENTIAL")
        calendar.add_component(item)
    return calendar.to_ical()
