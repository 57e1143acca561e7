"""What each kind of item says to search, by weight: A (title), B (summary), C (body)."""

import html
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from articles.models import Article
from core.sanitize import plain_text
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
    """Rich text as plain words (its entities decoded once, by plain_text)."""
    return " ".join(plain_text(html).split())


def _text(value):
    """A plain field as plain words. Text pasted from a web page's source can carry entities
    ("R&amp;D"): decoded here, so "amp" never becomes a search term and the snippet, escaped once
    when shown, reads "R&D"."""
    return " ".join(html.unescape(value or "").split())


def article_document(article: Article) -> Document:
    tags = " ".join(_text(tag.name) for tag in article.tags.all())
    captions = " ".join(_text(link.photo.caption) for link in article.photo_links.all())
    body = _plain(article.body)
    headline, lead = _text(article.headline), _text(article.lead)
    return Document(
        kind=Kind.RELEASE,
        title=headline,
        url=article.get_absolute_url(),
        a=headline,
        b=" ".join(
            [
                _text(article.deck),
                lead,
                tags,
                _text(article.category.name) if article.category else "",
            ]
        ),
        c=" ".join([body, captions, _text(article.outlet), _text(article.department)]),
        text=" ".join(p for p in (lead, body) if p),
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
    return Document(
        kind=Kind.EVENT,
        title=_text(event.full_title),
        url=event.get_absolute_url(),
        a=_text(" ".join([event.full_title, event.series.name if event.series else ""])),
        b=_text(
            " ".join([event.summary, places, organisations, " ".join(s.title for s in sessions)])
        ),
        c=" ".join([_plain(event.description), _text(facts)]),
        text=_text(" ".join(p for p in (event.summary, facts) if p)),
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
        title=_text(f"{quote.attribution}: “{quote.text[:60]}”"),
        url=url,
        a=_text(" ".join([quote.speaker.name, quote.speaker_title])),
        b=_text(quote.text),
        c=_text(" ".join([quote.organisation.name if quote.organisation else "", source])),
        text=_text(quote.text),
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
        c=_text(person.bio),
        text=_text(" ".join(p for p in (person.title, org.name if org else "", person.bio) if p)),
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
