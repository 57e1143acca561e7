"""Public pages run a constant number of SQL queries whatever the amount of content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import ArticleContact
from events.models import EventFact
from tests.factories import (
    make_article,
    make_contact,
    make_event,
    make_organisation,
    make_person,
    make_quote,
)

pytestmark = pytest.mark.django_db


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


def test_public_page_query_counts_do_not_grow(client):
    person = make_person()
    article = make_article(photos=2)
    event = make_event(sessions=3)
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
    }
    _grow(2, person, article, event)
    small = {name: _queries(client, url) for name, url in urls.items()}
    _grow(8, person, article, event)
    large = {name: _queries(client, url) for name, url in urls.items()}
    assert large == small
    print("public page query counts:", small)
