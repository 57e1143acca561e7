"""The staff calendar: published and scheduled releases by 보도시점, event sessions by their start.

Staff see what is waiting for its 보도시점 too, so this never applies the public rule; it takes the
items an editor has published (scheduled or already public). Three queries whatever the range holds.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from articles.models import Article
from core.models import Status
from desk.items import Entry, entry_for, may_view
from events.models import Event, Session

WEEKDAYS = ("월", "화", "수", "목", "금", "토", "일")
WEEKDAY_NAMES = ("월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일")


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def calendar_entries(user, start: date, end: date, *, category=None) -> list[Entry]:
    """Entries from the day `start` up to (not including) the day `end`, in time order.

    With a `category`, releases of that category and the events related to one.
    """
    since, until = _aware(start), _aware(end)
    entries = []
    if may_view(user, Article):
        articles = Article.objects.filter(
            status=Status.PUBLISHED, release_at__gte=since, release_at__lt=until
        ).select_related("category")
        if category is not None:
            articles = articles.filter(category=category)
        for article in articles:
            entries.append(
                entry_for(
                    article,
                    when=article.release_at,
                    category=article.category.name if article.category else "",
                )
            )
    if may_view(user, Event):
        sessions = Session.objects.filter(
            event__status=Status.PUBLISHED, starts_at__gte=since, starts_at__lt=until
        ).select_related("event")
        if category is not None:
            sessions = sessions.filter(event__articles__category=category).distinct()
        for session in sessions:
            entry = entry_for(session.event, when=session.starts_at, session=session)
            if session.title:
                entry.title = f"{entry.title} — {session.title}"
            entries.append(entry)
    entries.sort(key=lambda entry: (entry.when, entry.title))
    return entries


@dataclass
class Day:
    day: date
    in_range: bool
    is_today: bool
    entries: list[Entry]

    @property
    def weekday(self):
        return WEEKDAY_NAMES[self.day.weekday()]


def weeks_of(start: date, end: date, entries, *, month=None, today=None) -> list[list[Day]]:
    """Monday-first weeks covering [start, end), each entry placed on its Korean calendar day."""
    by_day = {}
    for entry in entries:
        by_day.setdefault(timezone.localdate(entry.when), []).append(entry)
    weeks, day = [], start
    while day < end:
        week = []
        for _ in range(7):
            week.append(
                Day(
                    day=day,
                    in_range=month is None or day.month == month,
                    is_today=day == today,
                    entries=by_day.get(day, []),
                )
            )
            day += timedelta(days=1)
        weeks.append(week)
    return weeks


def month_range(anchor: date) -> tuple[date, date]:
    """The Monday on or before the 1st to the day after the Sunday on or after the month's last day."""
    first = anchor.replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    start = first - timedelta(days=first.weekday())
    last = next_month - timedelta(days=1)
    end = last + timedelta(days=7 - last.weekday())
    return start, end


def week_range(anchor: date) -> tuple[date, date]:
    start = anchor - timedelta(days=anchor.weekday())
    return start, start + timedelta(days=7)
