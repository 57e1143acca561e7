"""What goes into a press kit: releases, events, photos, quotes and spokespeople, gathered once."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from articles.models import Article, Kind
from events.models import Event
from photos.models import Photo
from spokespeople.models import Person, Quote


@dataclass
class KitContents:
    title: str
    slug: str
    summary: str = ""
    articles: list = field(default_factory=list)
    events: list = field(default_factory=list)
    photos: list = field(default_factory=list)
    quotes: list = field(default_factory=list)
    people: list = field(default_factory=list)
    url: str = ""
    embargoed_until: object = None
    # presskits.documents.letterhead.Letterhead; filled in by archive.presskit_stream when the
    # documents are made, so gathering contents for other uses (share-link photos) reads no logo.
    letterhead: object = None


def _articles(ids, kit_quotes):
    return list(
        # 언론보도 is another outlet's article: it is never packaged as the office's own document.
        Article.objects.filter(pk__in=ids)
        .exclude(kind=Kind.COVERAGE)
        .select_related("category")
        .prefetch_related(
            "photo_links__photo", "embedded_photos", "contact_links__contact", "attachments", "tags",
            Prefetch("quotes", queryset=kit_quotes), "related_events",
        )
        .order_by("-release_at", "-id")
    )  # fmt: skip


def _events(ids):
    return list(
        Event.objects.filter(pk__in=ids)
        .with_dates()
        .select_related("series")
        .prefetch_related(
            "sessions__venue",
            "organisation_roles__organisation",
            "facts",
            "photo_links__photo",
            "embedded_photos",
        )
        .order_by("first_start")
    )


def gather(*, title, slug, articles=(), events=(), photos=(), people=(), summary="", url=""):
    """Everything linked to the given releases and events, each item once, in reading order.

    Quotes come through the public rule with the kit's own items trusted: a quote that also belongs
    to a release or event outside the kit appears only if that one is public, so a kit never carries
    the words or the headline of an unpublished item.
    """
    article_ids = [a.pk for a in articles if a.kind != Kind.COVERAGE]
    event_ids = list({e.pk for e in events})
    kit_quotes = (
        Quote.objects.in_kit(articles=article_ids, events=event_ids)
        .select_related("speaker__organisation", "organisation", "article", "event")
        .order_by("said_on", "order", "pk")
    )
    articles = _articles(article_ids, kit_quotes)
    events = _events(event_ids)
    photo_ids = []
    for owner in [*articles, *events]:
        photo_ids += [link.photo_id for link in owner.photo_links.all()]
        # Photos placed in the body travel with the kit too, in the photo folder.
        photo_ids += [photo.pk for photo in owner.embedded_photos.all()]
    photo_ids += [p.pk for p in photos]
    ordered = list(dict.fromkeys(photo_ids))
    by_id = Photo.objects.in_bulk(ordered)
    quotes = list(kit_quotes)
    speaker_ids = {q.speaker_id for q in quotes if q.speaker.is_spokesperson} | {
        p.pk for p in people
    }
    release_times = [a.release_at for a in articles if a.release_at]
    return KitContents(
        title=title,
        slug=slug,
        summary=summary,
        articles=articles,
        events=events,
        photos=[by_id[pk] for pk in ordered if pk in by_id],
        quotes=quotes,
        people=list(
            Person.objects.filter(pk__in=speaker_ids)
            .select_related("organisation")
            .order_by("name")
        ),
        url=url,
        embargoed_until=max(release_times) if release_times else None,
    )


def contents_of_kit(kit, *, url=""):
    return gather(
        title=kit.title,
        slug=kit.slug,
        summary=kit.summary,
        articles=kit.articles.all(),
        events=kit.events.all(),
        photos=kit.photos.all(),
        people=kit.people.all(),
        url=url,
    )


def contents_for_items(*, articles=(), events=(), url=""):
    """A kit on the fly for releases or events chosen in the admin, with what they link to."""
    articles = list(articles)
    # Events the releases point at come along only when public: the chosen items are the editor's
    # call, an unpublished event nobody chose must not travel to journalists.
    related = Event.objects.published().filter(articles__in=[a.pk for a in articles]).distinct()
    events = [*events, *related]
    first = articles[0] if articles else (events[0] if events else None)
    title = (first.headline if articles else first.full_title) if first else "보도자료 키트"
    slug = (first.slug if first else "presskit") + "-kit"
    return gather(title=title, slug=slug, articles=articles, events=events, url=url)
