"""보도시점 in the release form: only the fields the chosen kind needs, the moment written out live,
24-hour times throughout the admin."""

from datetime import date, datetime, time

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from core.models import Status
from core.templatetags.korean import release_date
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def _moment(day, hhmm):
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(hhmm)))


def _visible(page, selector):
    return page.locator(selector).is_visible()


def test_embargo_fields_follow_the_kind_and_the_moment_shows_before_saving(admin_login):
    article = make_article(status=Status.DRAFT, headline="보도시점을 고르는 보도자료")
    page = admin_login(f"/admin/articles/article/{article.pk}/change/")
    kind = page.locator("#id_embargo_kind")
    preview = page.locator("#embargo_preview")

    # 즉시 (the default): no date field at all, and the preview says so.
    expect(preview).to_have_text("즉시: 게시하는 순간 공개됩니다.")
    assert not _visible(page, "#id_embargo_at_0")
    assert not _visible(page, "#id_embargo_date")

    # 조간: only 보도 날짜; picking a day with the admin's own "오늘" shortcut updates the text too.
    kind.select_option("morning")
    expect(page.locator("#id_embargo_date")).to_be_visible()
    assert not _visible(page, "#id_embargo_at_0")
    assert not _visible(page, "#id_embargo_at_1")
    expect(preview).to_have_text("보도 날짜를 고르면 공개 일시가 여기에 나옵니다.")
    page.locator("#id_embargo_date ~ .datetimeshortcuts a").first.click()
    today = timezone.localdate()
    morning = settings.EMBARGO_MORNING_TIME
    expect(preview).to_have_text(f"{release_date(_moment(today, morning))} 공개")

    page.fill("#id_embargo_date", "2026-12-01")
    expected = f"{release_date(_moment(date(2026, 12, 1), morning))} 공개"
    assert expected == f"2026. 12. 1.(화) {morning} 공개"
    expect(preview).to_have_text(expected)

    # 석간: the same day at the configured evening time.
    kind.select_option("evening")
    evening = settings.EMBARGO_EVENING_TIME
    expect(preview).to_have_text(f"{release_date(_moment(date(2026, 12, 1), evening))} 공개")

    # 일시 지정: only 보도 일시; the admin's clock offers 24-hour choices.
    kind.select_option("at")
    expect(page.locator("#id_embargo_at_0")).to_be_visible()
    assert not _visible(page, "#id_embargo_date")
    page.fill("#id_embargo_at_0", "2026-12-02")
    page.fill("#id_embargo_at_1", "18:30")
    expect(preview).to_have_text("2026. 12. 2.(수) 18:30 공개")
    page.locator("#id_embargo_at_1 ~ .datetimeshortcuts button").first.click()
    clock = page.locator(".clockbox:visible .timelist")
    expect(clock).to_contain_text(f"{morning[:2]}:00")
    assert "오전" not in clock.inner_text() and "오후" not in clock.inner_text()
    page.keyboard.press("Escape")

    # Back to 조간: the day typed before is still there (hidden fields keep their values).
    kind.select_option("morning")
    expect(page.locator("#id_embargo_date")).to_have_value("2026-12-01")
    expect(preview).to_have_text(expected)

    # 즉시 again: no date fields; saving works.
    kind.select_option("immediate")
    assert not _visible(page, "#id_embargo_date")
    assert not _visible(page, "#id_embargo_at_0")
    page.click("input[name=_save]")
    page.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert article.embargo_kind == "immediate"


def test_a_morning_release_saves_with_the_moment_shown(admin_login):
    article = make_article(status=Status.DRAFT, headline="조간 보도자료")
    page = admin_login(f"/admin/articles/article/{article.pk}/change/")
    page.locator("#id_embargo_kind").select_option("morning")
    page.fill("#id_embargo_date", "2026-12-01")
    shown = page.locator("#embargo_preview").inner_text()
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert article.embargo_kind == "morning"
    assert shown == f"{release_date(article.release_at)} 공개"
    # The stored 공개 일시 reads the same, on a 24-hour clock.
    expect(page.locator(".field-release_at .readonly")).to_have_text(
        release_date(article.release_at)
    )


def test_admin_times_are_24_hour(admin_login):
    evening = timezone.make_aware(datetime(2026, 12, 1, 18, 30))
    article = make_article(
        status=Status.PUBLISHED, embargo_kind="at", embargo_at=evening, headline="저녁 보도자료"
    )
    Article.objects.filter(pk=article.pk).update(distributed_at=evening)
    page = admin_login("/admin/articles/article/")
    listing = page.locator("#result_list").inner_text()
    assert "18:30" in listing
    assert "오전" not in listing and "오후" not in listing

    page.goto(page.url.split("/admin/")[0] + f"/admin/articles/article/{article.pk}/change/")
    expect(page.locator(".field-release_at .readonly")).to_have_text("2026. 12. 1.(화) 18:30")
    expect(page.locator("#id_embargo_at_1")).to_have_value("18:30:00")
    expect(page.locator("#id_distributed_at_1")).to_have_value("18:30:00")
    text = page.locator("#content").inner_text()
    assert "오전" not in text and "오후" not in text
