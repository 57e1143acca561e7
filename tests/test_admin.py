"""The admin works for an editor on every model, in Korean, at a constant query count."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.services import demo_load
from tests.factories import (
    make_article,
    make_contact,
    make_event,
    make_person,
    make_photo,
    make_quote,
)

pytestmark = pytest.mark.django_db

OUR_APPS = {"articles", "events", "photos", "organisations", "spokespeople", "presskits"}
MODELS = [m for m in admin.site._registry if m._meta.app_label in OUR_APPS]


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_add_and_change_pages_open(editor_client, model):
    demo_load()
    if model._meta.label == "presskits.Letterhead":
        # One 보도자료 양식: its list opens the form, and there is no second one to add.
        obj = model.objects.get()
        changelist = editor_client.get(_url(model, "changelist"))
        assert changelist.status_code == 302
        assert changelist["Location"] == _url(model, "change", obj.pk)
        assert editor_client.get(_url(model, "add")).status_code == 403
        assert "기관명" in editor_client.get(_url(model, "change", obj.pk)).text
        return
    changelist = editor_client.get(_url(model, "changelist"))
    assert changelist.status_code == 200
    assert 'lang="ko"' in changelist.text
    assert editor_client.get(_url(model, "add")).status_code == 200
    obj = model.objects.first()
    assert obj is not None, f"the demo has no {model._meta.label}"
    change = editor_client.get(_url(model, "change", obj.pk))
    assert change.status_code == 200


def test_release_form_has_inlines_and_view_on_site(editor_client):
    demo_load()
    from articles.models import Article

    article = Article.objects.get(slug="it-days-uzbekistan-bpo-b2b")
    page = editor_client.get(_url(Article, "change", article.pk)).text
    for text in ("보도 사진", "보도 담당자", "붙임", "발언", "보도시점", "사이트에서 보기"):
        assert text in page


def test_event_form_has_session_inline(editor_client):
    demo_load()
    from events.models import Event

    event = Event.objects.get(slug="it-days-2023")
    page = editor_client.get(_url(Event, "change", event.pk)).text
    assert "세션" in page and "참여 기관" in page and "행사 개요" in page


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("model_label", "build"),
    [
        ("articles.Article", lambda: make_article(photos=1)),
        ("events.Event", lambda: make_event(sessions=2)),
        ("spokespeople.Quote", lambda: make_quote(article=make_article(), event=make_event())),
        ("spokespeople.Person", make_person),
        ("photos.Photo", make_photo),
        ("organisations.PressContact", make_contact),
    ],
)
def test_changelist_query_count_is_constant(editor_client, model_label, build):
    from django.apps import apps

    model = apps.get_model(model_label)
    for _ in range(2):
        build()
    few = _count(editor_client, _url(model, "changelist"))
    for _ in range(6):
        build()
    assert _count(editor_client, _url(model, "changelist")) == few


def test_release_list_years_come_from_the_index_and_skip_empty_years(editor_client):
    """The row of years over the change list lists exactly the years that have releases (2022 has
    none here), found by one probe per year rather than by reading every row."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from articles.models import Article

    seoul = ZoneInfo("Asia/Seoul")
    for year in (2021, 2023, 2023, 2024):
        article = make_article()
        # 1 January 00:30 in Seoul is still the old year in UTC: the year is the newsroom's.
        Article.objects.filter(pk=article.pk).update(
            release_at=datetime(year, 1, 1, 0, 30, tzinfo=seoul)
        )
    page = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    shown = {year for year in range(2019, 2027) if f"release_at__year={year}" in page}
    assert shown == {2021, 2023, 2024}
