"""Who sees what: draft / scheduled (embargoed) / published × anonymous / staff, on every public page."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from core.models import Status
from tests.factories import make_article, make_event, make_person, make_quote

pytestmark = pytest.mark.django_db

STATES = {
    "draft": {"status": Status.DRAFT},
    "scheduled": {"status": Status.PUBLISHED, "release_in": timedelta(hours=2)},
    "published": {"status": Status.PUBLISHED},
}


def _assert_private(response):
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


@pytest.mark.parametrize("state", STATES)
def test_article_matrix(client, editor, state):
    article = make_article(headline=f"상태 {state} 보도자료", **STATES[state])
    url = article.get_absolute_url()
    public = state == "published"

    anonymous = client.get(url)
    assert anonymous.status_code == (200 if public else 404)
    for page in (reverse("home"), reverse("articles:list")):
        assert (article.headline in client.get(page).text) is public

    client.force_login(editor)
    staff = client.get(url)
    assert staff.status_code == 200
    assert ("미리보기" in staff.text) is not public
    if not public:
        _assert_private(staff)
    # Lists show staff the public site, not their drafts.
    for page in (reverse("home"), reverse("articles:list")):
        assert (article.headline in client.get(page).text) is public


@pytest.mark.parametrize("state", STATES)
def test_event_matrix(client, editor, state):
    event = make_event(title=f"상태 {state} 행사", **STATES[state])
    url = event.get_absolute_url()
    public = state == "published"

    assert client.get(url).status_code == (200 if public else 404)
    for page in (reverse("home"), reverse("events:list")):
        assert (event.title in client.get(page).text) is public

    client.force_login(editor)
    staff = client.get(url)
    assert staff.status_code == 200
    if not public:
        _assert_private(staff)


@pytest.mark.parametrize("state", STATES)
def test_quote_follows_its_release(client, state):
    person = make_person()
    article = make_article(**STATES[state])
    make_quote(speaker=person, article=article, text=f"{state} 보도자료에 실린 발언")
    page = client.get(person.get_absolute_url())
    assert page.status_code == 200
    assert (f"{state} 보도자료에 실린 발언" in page.text) is (state == "published")


def test_quote_hidden_while_its_event_is_unpublished(client):
    person = make_person()
    make_quote(speaker=person, event=make_event(status=Status.DRAFT), text="초안 행사에서 한 발언")
    make_quote(speaker=person, event=make_event(), text="공개 행사에서 한 발언")
    page = client.get(person.get_absolute_url())
    assert "초안 행사에서 한 발언" not in page.text
    assert "공개 행사에서 한 발언" in page.text


def test_scheduled_release_appears_by_itself_when_its_time_comes(client):
    article = make_article(release_in=timedelta(minutes=5))
    assert client.get(article.get_absolute_url()).status_code == 404
    # No flag flips: moving the clock past 보도시점 is all it takes.
    from articles.models import Article

    later = article.release_at + timedelta(seconds=1)
    assert article in Article.objects.published(at=later)
    assert article not in Article.objects.published()


def test_related_event_of_public_release_stays_hidden_while_draft(client):
    draft_event = make_event(status=Status.DRAFT, title="아직 비공개인 관련 행사")
    article = make_article()
    article.related_events.add(draft_event)
    assert "아직 비공개인 관련 행사" not in client.get(article.get_absolute_url()).text


def test_spokesperson_page_only_for_spokespeople(client):
    private = make_person(is_spokesperson=False)
    assert client.get(private.get_absolute_url()).status_code == 404
    assert client.get(make_person().get_absolute_url()).status_code == 200


def test_unknown_address_gives_korean_404(client):
    response = client.get("/releases/no-such-release/")
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.text
    assert '<html lang="ko">' in response.text


def test_staff_without_preview_permission_gets_404(client, django_user_model):
    article = make_article(status=Status.DRAFT)
    clerk = django_user_model.objects.create_user("clerk", is_staff=True)
    client.force_login(clerk)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_english_is_available(client):
    from django.core.management import call_command

    call_command("load_demo", "--force")
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page and "Latest releases" in page and "Recent events" in page
    korean = Client().get("/").content.decode()
    assert '<html lang="ko">' in korean and "최신 보도자료" in korean
    switched = client.post("/i18n/setlang/", {"language": "ko", "next": "/"})
    assert switched.status_code == 302


def test_related_releases_share_a_category_or_a_tag_and_are_public(client):
    """관련 보도자료: public releases sharing the category or a tag, newest first, three at most;
    never the release itself, an unrelated one, or one not yet public."""
    from articles.models import Category, Tag

    category = Category.objects.create(name="기업지원", slug="support")
    tag = Tag.objects.create(name="이차전지", slug="battery")
    article = make_article(headline="본 보도자료", category=category)
    by_tag = make_article(headline="태그가 같은 보도자료", release_in=timedelta(days=-1))
    by_tag.tags.add(tag)
    article.tags.add(tag)
    same = [
        make_article(
            headline=f"같은 분류 {n}일 전", category=category, release_in=timedelta(days=-n)
        )
        for n in (2, 3, 4)
    ]
    make_article(headline="관계없는 보도자료", release_in=timedelta(hours=-1))
    make_article(headline="엠바고 같은 분류", category=category, release_in=timedelta(hours=2))
    text = client.get(article.get_absolute_url()).content.decode()
    related = text[text.index('id="related-heading"') :]
    shown = [h for h in ("태그가 같은 보도자료", *(a.headline for a in same)) if h in related]
    assert shown == ["태그가 같은 보도자료", "같은 분류 2일 전", "같은 분류 3일 전"]
    assert "관계없는 보도자료" not in related and "엠바고 같은 분류" not in related
    assert related.count("본 보도자료") == 0
    assert [related.index(h) for h in shown] == sorted(related.index(h) for h in shown)
