"""What each kind of item says to search, by weight: A (title), B (summary), C (body)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from articles.models import Article
from core.sanitize import plain_text
from core.templatetags.korean import korean_date
from events.models import Event
from search.models import Kind
from spokespeople.models import Person, Quote


@dataclass
class Document:
    kind: str
    title: str
    url: str
    a: str
    b: str
    c: str
    text: str
    date: datetime | None = None
    article_kind: str = ""


def _plain(html):
    return " ".join(plain_text(html).split())


def article_document(article: Article) -> Document:
    tags = " ".join(tag.name for tag in article.tags.all())
    captions = " ".join(link.photo.caption for link in article.photo_links.all())
    body = _plain(article.body)
    return Document(
        kind=Kind.RELEASE,
        title=article.headline,
        url=article.get_absolute_url(),
        a=article.headline,
        b=" ".join(
            [article.deck, article.lead, tags, article.category.name if article.category else ""]
        ),
        c=" ".join([body, captions, article.outlet, article.department]),
        text=" ".join(p for p in (article.lead, body) if p),
        date=article.release_at,
        article_kind=article.kind,
    )


def event_document(event: Event) -> Document:
    sessions = list(event.sessions.all())
    places = " ".join(
        f"{s.venue.name} {s.venue.city} {s.venue.country_name}" for s in sessions if s.venue
    )
    organisations = " ".join(
        f"{r.organisation.name} {r.organisation.short_name}" for r in event.organisation_roles.all()
    )
    facts = " ".join(f"{f.label} {f.value}" for f in event.facts.all())
    # Its days as the office writes them (2024년 10월 11일), so "10월" or "2024년" finds the event.
    days = " ".join(dict.fromkeys(korean_date(s.starts_at) for s in sessions))
    return Document(
        kind=Kind.EVENT,
        title=event.full_title,
        url=event.get_absolute_url(),
        a=" ".join([event.full_title, event.series.name if event.series else ""]),
        b=" ".join(
            [event.summary, days, places, organisations, " ".join(s.title for s in sessions)]
        ),
        c=" ".join([_plain(event.description), facts]),
        text=" ".join(p for p in (event.summary, facts) if p),
        date=min((s.starts_at for s in sessions), default=None),
    )


def quote_document(quote: Quote) -> Document:
    source = (
        quote.article.headline if quote.article else (quote.event.full_title if quote.event else "")
    )
    url = (
        (quote.article or quote.event).get_absolute_url()
        if (quote.article or quote.event)
        else quote.speaker.get_absolute_url()
    )
    return Document(
        kind=Kind.QUOTE,
        title=f"{quote.attribution}: “{quote.text[:60]}”",
        url=url,
        a=" ".join([quote.speaker.name, quote.speaker_title]),
        b=quote.text,
        c=" ".join([quote.organisation.name if quote.organisation else "", source]),
        text=quote.text,
        date=timezone.make_aware(datetime.combine(quote.said_on, datetime.min.time())),
    )


def person_document(person: Person) -> Document:
    org = person.organisation
    return Document(
        kind=Kind.PERSON,
        title=f"{person.name} {person.title}".strip(),
        url=person.get_absolute_url(),
        a=person.name,
        b=" ".join([person.title, org.name if org else "", org.short_name if org else ""]),
        c=person.bio,
        text=" ".join(p for p in (person.title, org.name if org else "", person.bio) if p),
    )


BUILDERS = {
    Article: article_document,
    Event: event_document,
    Quote: quote_document,
    Person: person_document,
}
# The kind of entry each model gets, known before any analysis (the entry a change creates says it).
KINDS = {Article: Kind.RELEASE, Event: Kind.EVENT, Quote: Kind.QUOTE, Person: Kind.PERSON}
PREFETCH = {
    Article: (["category"], ["tags", "photo_links__photo"]),
    Event: (["series"], ["sessions__venue", "organisation_roles__organisation", "facts"]),
    Quote: (["speaker__organisation", "organisation", "article", "event__series"], []),
    Person: (["organisation"], []),
}
