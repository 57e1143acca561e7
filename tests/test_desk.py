"""The desk (admin home), the staff calendar and its secret .ics feed."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from articles.models import Category
from core.models import Status, Transition
from core.services import publishable_transition
from desk.models import CalendarFeedToken
from tests.factories import make_article, make_event

pytestmark = pytest.mark.django_db

DESK = "/admin/"
CALENDAR = "/admin/desk/calendar/"


def _seoul(*args):
    return timezone.make_aware(datetime(*args))


def _section(html, key):
    """The HTML of one desk section, by its key."""
    start = html.index(f'desk-section desk-{key}"')
    end = html.find("</section>", start)
    return html[start:end]


def _returned(writer, editor, headline, note):
    article = make_article(status=Status.DRAFT, headline=headline, created_by=writer)
    publishable_transition(obj=article, move=Transition.SUBMIT, by=writer)
    publishable_transition(obj=article, move=Transition.RETURN, by=editor, note=note)
    return article


def test_writer_desk_shows_own_drafts_reviews_and_sent_back_with_reason(
    writer_client, writer, editor
):
    make_article(status=Status.DRAFT, headline="내 초안 보도자료", created_by=writer)
    make_article(status=Status.DRAFT, headline="남의 초안", created_by=editor)
    in_review = make_article(status=Status.DRAFT, headline="검토 중인 내 자료", created_by=writer)
    publishable_transition(obj=in_review, move=Transition.SUBMIT, by=writer)
    returned = _returned(writer, editor, "돌려받은 자료", "담당자 연락처가 빠졌습니다.")
    make_event(status=Status.DRAFT, title="내 행사 초안", created_by=writer)

    html = writer_client.get(DESK).content.decode()

    drafts = _section(html, "drafts")
    assert "내 초안 보도자료" in drafts and "내 행사 초안" in drafts
    assert "돌려받은 자료" not in drafts and "남의 초안" not in html
    assert "2건" in drafts
    assert "검토 중인 내 자료" in _section(html, "in_review")
    sent_back = _section(html, "returned")
    assert "돌려받은 자료" in sent_back and "담당자 연락처가 빠졌습니다." in sent_back
    assert reverse("admin:articles_article_change", args=[returned.pk]) in sent_back
    assert "작성 중" in sent_back  # the state as the admin labels it
    # Writers have no editor sections, and the app list stays reachable below the desk.
    assert "desk-review_queue" not in html and "desk-tomorrow" not in html
    assert 'id="desk-apps-title"' in html and reverse("admin:articles_article_changelist") in html


def test_resubmitted_item_is_no_longer_sent_back(writer_client, writer, editor):
    article = _returned(writer, editor, "고쳐 다시 낸 자료", "제목 수정")
    publishable_transition(obj=article, move=Transition.SUBMIT, by=writer)
    html = writer_client.get(DESK).content.decode()
    assert "고쳐 다시 낸 자료" not in _section(html, "returned")
    assert "고쳐 다시 낸 자료" in _section(html, "in_review")


def test_editor_desk_review_queue_oldest_first_with_author_and_schedule(
    editor_client, editor, writer
):
    writer.first_name = "작성"
    writer.last_name = "김"
    writer.save()
    first = make_article(status=Status.DRAFT, headline="먼저 낸 자료", created_by=writer)
    second = make_event(status=Status.DRAFT, title="나중에 낸 행사", created_by=writer)
    publishable_transition(obj=first, move=Transition.SUBMIT, by=writer)
    publishable_transition(obj=second, move=Transition.SUBMIT, by=writer)
    today = timezone.localdate()
    make_article(
        headline="내일 조간 자료", embargo_kind="morning", embargo_date=today + timedelta(1)
    )
    make_article(headline="모레 자료", embargo_kind="morning", embargo_date=today + timedelta(2))
    make_article(headline="어제 게시 자료", release_in=timedelta(days=-1))
    make_article(headline="지난달 게시 자료", release_in=timedelta(days=-30))
    make_article(status=Status.WITHDRAWN, headline="중단한 자료")

    html = editor_client.get(DESK).content.decode()

    queue = _section(html, "review_queue")
    assert queue.index("먼저 낸 자료") < queue.index("나중에 낸 행사")
    assert "2건" in queue and f"작성자 {writer.get_full_name()}" in queue
    tomorrow = _section(html, "tomorrow")
    assert "내일 조간 자료" in tomorrow and "06:00" in tomorrow and "모레 자료" not in html
    assert "예약됨 (보도시점 대기)" in tomorrow
    recent = _section(html, "recent")
    assert "어제 게시 자료" in recent and "지난달 게시 자료" not in recent
    assert "중단한 자료" in _section(html, "withdrawn")
    assert "오늘 보도시점인 항목이 없습니다." in _section(html, "today")
    assert reverse("desk:calendar") in html


def _desk_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(DESK).status_code == 200
    return len(ctx.captured_queries)


def _grow(n, writer, editor):
    today = timezone.localdate()
    for i in range(n):
        make_article(status=Status.DRAFT, created_by=writer)
        make_event(status=Status.DRAFT, created_by=writer)
        _returned(writer, editor, f"돌려받음 {n}-{i}", f"이유 {i}")
        review = make_article(status=Status.DRAFT, created_by=writer)
        publishable_transition(obj=review, move=Transition.SUBMIT, by=writer)
        make_article(embargo_kind="morning", embargo_date=today + timedelta(1))
        make_article(release_in=timedelta(hours=-i - 1))
        make_article(status=Status.WITHDRAWN)
        make_event(status=Status.APPROVED)


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_desk_runs_a_constant_number_of_queries(role, writer, editor):
    client = Client()
    client.force_login(writer if role == "writer" else editor)
    _grow(1, writer, editor)
    small = _desk_queries(client)
    _grow(12, writer, editor)  # more than a section shows
    assert _desk_queries(client) == small


def test_non_staff_cannot_reach_the_desk_views(django_user_model, client):
    user = django_user_model.objects.create_user("reader", password="pw-for-tests")
    client.force_login(user)
    for url in (DESK, CALENDAR, reverse("desk:feed-settings")):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    assert client.post(reverse("desk:feed-renew")).status_code == 302
    assert not CalendarFeedToken.objects.exists()
    assert Client().get(CALENDAR).status_code == 302


@pytest.fixture
def march():
    """A release at 2030-03-14 10:00, an event session on 03-20 and a release in April."""
    culture = Category.objects.create(name="문화", slug="culture")
    industry = Category.objects.create(name="산업", slug="industry")
    article = make_article(
        headline="삼월 보도자료",
        embargo_kind="at",
        embargo_at=_seoul(2030, 3, 14, 10),
        category=culture,
    )
    other = make_article(
        headline="산업 보도자료",
        embargo_kind="at",
        embargo_at=_seoul(2030, 3, 15, 9),
        category=industry,
    )
    make_article(headline="사월 보도자료", embargo_kind="at", embargo_at=_seoul(2030, 4, 2, 6))
    make_article(
        status=Status.DRAFT,
        headline="초안은 안 보임",
        embargo_kind="at",
        embargo_at=_seoul(2030, 3, 14, 11),
    )
    event = make_event(title="삼월 행사", starts_in=_seoul(2030, 3, 20, 14) - timezone.now())
    event.articles.add(other)
    return {"article": article, "event": event, "culture": culture, "industry": industry}


def test_month_calendar_lists_releases_and_sessions(editor_client, march):
    response = editor_client.get(CALENDAR, {"view": "month", "date": "2030-03-05"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "2030년 3월" in html
    assert "삼월 보도자료" in html and "산업 보도자료" in html and "삼월 행사" in html
    assert "사월 보도자료" not in html and "초안은 안 보임" not in html
    assert reverse("admin:articles_article_change", args=[march["article"].pk]) in html
    assert reverse("admin:events_event_change", args=[march["event"].pk]) in html
    assert "10:00" in html and "14:00" in html
    assert html.index(">월</abbr>") < html.index(">일</abbr>")  # Monday first
    assert '<th scope="col"><abbr title="월요일">월</abbr></th>' in html
    assert "?view=month&amp;date=2030-02-01" in html and "?view=month&amp;date=2030-04-01" in html


def test_week_calendar_and_category_filter(editor_client, march):
    week = editor_client.get(CALENDAR, {"view": "week", "date": "2030-03-13"}).content.decode()
    assert "삼월 보도자료" in week and "산업 보도자료" in week and "삼월 행사" not in week
    assert "2030. 3. 11.(월) – 2030. 3. 17.(일)" in week
    filtered = editor_client.get(
        CALENDAR, {"view": "month", "date": "2030-03-01", "category": march["culture"].pk}
    ).content.decode()
    assert "삼월 보도자료" in filtered and "산업 보도자료" not in filtered
    assert "삼월 행사" not in filtered
    industry = editor_client.get(
        CALENDAR, {"date": "2030-03-01", "category": march["industry"].pk}
    ).content.decode()
    # The event related to an industry release comes with it.
    assert "산업 보도자료" in industry and "삼월 행사" in industry
    assert "삼월 보도자료" not in industry


def test_calendar_query_count_is_constant(editor_client):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            editor_client.get(CALENDAR, {"date": "2030-03-01"})
        return len(ctx.captured_queries)

    make_article(embargo_kind="at", embargo_at=_seoul(2030, 3, 3, 9))
    small = count()
    for day in range(4, 20):
        make_article(embargo_kind="at", embargo_at=_seoul(2030, 3, day, 9))
        make_event(starts_in=_seoul(2030, 3, day, 15) - timezone.now(), sessions=2)
    assert count() == small


def _new_feed_url(client):
    response = client.post(reverse("desk:feed-renew"))
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('id="desk-feed-url"')
    start = html.index("/admin/desk/calendar/", start)  # after the site address
    return html[start : html.index(".ics", start) + 4]


def test_ics_feed_needs_the_current_token(editor_client, editor, march):
    url = _new_feed_url(editor_client)
    stored = CalendarFeedToken.objects.get(user=editor)
    assert stored.token_hash not in url  # only the hash is kept
    scheduled = make_article(headline="엠바고 예약 자료", release_in=timedelta(days=3))
    make_event(title="다음 주 행사", starts_in=timedelta(days=8))
    make_article(status=Status.DRAFT, headline="초안은 안 보임", release_in=timedelta(days=3))

    response = Client().get(url)  # a calendar app: no session
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Seoul"
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    item = events["[보도] 엠바고 예약 자료"]
    assert item.decoded("DTSTART") == timezone.localtime(scheduled.release_at).replace(
        microsecond=0
    )
    assert str(item.decoded("DTSTART").tzinfo) == "Asia/Seoul"
    assert "[행사] 다음 주 행사 — 세션 1" in events
    assert "[보도] 삼월 보도자료" not in events  # beyond the feed's window of about a year
    assert "[보도] 초안은 안 보임" not in events

    assert Client().get(url.replace(".ics", "x.ics")).status_code == 404
    assert Client().get(reverse("desk:feed", kwargs={"token": "wrong"})).status_code == 404

    renewed = _new_feed_url(editor_client)
    assert renewed != url
    assert Client().get(url).status_code == 404
    assert Client().get(renewed).status_code == 200

    page = editor_client.get(reverse("desk:feed-settings")).content.decode()
    assert renewed not in page  # shown once only
    editor_client.post(reverse("desk:feed-revoke"))
    assert Client().get(renewed).status_code == 404


def test_feed_of_a_user_who_lost_staff_is_gone(editor_client, editor):
    url = _new_feed_url(editor_client)
    editor.is_staff = False
    editor.save()
    assert Client().get(url).status_code == 404


def test_tokens_are_per_user(editor_client, writer_client, writer):
    editor_url = _new_feed_url(editor_client)
    writer_url = _new_feed_url(writer_client)
    assert editor_url != writer_url
    assert CalendarFeedToken.objects.count() == 2
    writer_client.post(reverse("desk:feed-revoke"))
    assert Client().get(writer_url).status_code == 404
    assert Client().get(editor_url).status_code == 200


def test_admin_header_links_to_the_calendar(writer_client):
    html = writer_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert f'href="{reverse("desk:calendar")}"' in html
