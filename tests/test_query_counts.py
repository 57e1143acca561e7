"""Public pages run a constant number of SQL queries whatever the amount of content, and few: at
most six for any page a reader opens (the release and event pages read their own short lists in
their one query, core.prefetch)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import ArticleContact
from core.models import Status
from events.models import EventFact
from presskits.models import PressKit
from presskits.services import kit_builds_request
from search.services import search_rebuild
from tests.factories import (
    make_article,
    make_contact,
    make_event,
    make_organisation,
    make_person,
    make_quote,
)

pytestmark = pytest.mark.django_db

MOST = 6


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(n, person, article, event):
    org = make_organisation()
    for i in range(n):
        other = make_article(photos=1)
        make_quote(speaker=person, article=other)
        make_quote(speaker=person, article=article)
        contact = make_contact(organisation=org)
        ArticleContact.objects.create(article=article, contact=contact, order=i)
        related = make_event(sessions=2)
        article.related_events.add(related)
        related.articles.add(other)
        EventFact.objects.create(event=event, label=f"항목{i}{n}", value="값")
        make_quote(speaker=person, event=event)


def test_public_page_query_counts_do_not_grow(client, run_tasks):
    person = make_person()
    article = make_article(photos=2)
    event = make_event(sessions=3)
    kit = PressKit.objects.create(title="키트", slug="kit", status=Status.PUBLISHED)
    kit.articles.add(article)
    kit.events.add(event)
    urls = {
        "home": reverse("home"),
        "release list": reverse("articles:list"),
        "release detail": article.get_absolute_url(),
        "event list": reverse("events:list"),
        "event detail": event.get_absolute_url(),
        "spokesperson list": reverse("spokespeople:list"),
        "spokesperson": person.get_absolute_url(),
        "vcard": person.get_absolute_url() + "vcard.vcf",
        "event calendar": event.get_absolute_url() + "calendar.ics",
        "calendar feed": reverse("events:calendar"),
        "rss": reverse("feed-rss"),
        "atom": reverse("feed-atom"),
        "sitemap": reverse("sitemap"),
        "sitemap of releases": reverse("sitemap-section", args=["releases"]),
        "sitemap of kits": reverse("sitemap-section", args=["press-kits"]),
        "search": reverse("search") + "?q=보도자료의",
        "press kit": kit.get_absolute_url(),
        "release kit": reverse("presskits:release", args=[article.pk]),
        "kit list": reverse("presskits:list"),
    }
    _grow(2, person, article, event)
    search_rebuild()
    kit_builds_request({"presskit": {kit.pk}, "article": {article.pk}, "event": {event.pk}})
    run_tasks()
    # Once first: a process reads a few things once and keeps them (search's synonym table, the
    # index's size); the counts compared are those of every request after that.
    for url in urls.values():
        _queries(client, url)
    small = {name: _queries(client, url) for name, url in urls.items()}
    _grow(8, person, article, event)
    search_rebuild()
    kit_builds_request({"presskit": {kit.pk}, "article": {article.pk}, "event": {event.pk}})
    run_tasks()
    large = {name: _queries(client, url) for name, url in urls.items()}
    assert large == small
    print("public page query counts:", small)
    over = {name: count for name, count in small.items() if count > MOST}
    assert not over, f"pages over {MOST} queries: {over}"
