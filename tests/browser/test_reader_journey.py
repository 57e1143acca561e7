"""A reader's path through the site in a real browser, on a phone and a desktop; screenshots for the README."""

from pathlib import Path

import pytest
from django.core.management import call_command
from icalendar import Calendar
from playwright.sync_api import expect

from tests.pages import PAGE_TYPES

pytestmark = pytest.mark.django_db(transaction=True)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def demo(live_server, settings):
    settings.SITE_URL = live_server.url
    call_command("load_demo", "--force")
    return live_server.url


def test_home_release_photo_event_calendar(page, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(demo + "/")
    page.locator(".lead-headline a").click()
    expect(page.locator("h1")).to_have_text(
        "(재)경북테크노파크, 청도군 ‘감’ 재배 농가 일손돕기 나서"
    )

    # The photo opens at full size.
    full_size = page.locator(".gallery a.full-size").first
    with page.expect_response(
        lambda r: "/photos/" in r.url and r.request.resource_type == "document"
    ) as photo:
        full_size.click()
    assert photo.value.status == 200 and photo.value.headers["content-type"] == "image/jpeg"
    page.go_back()

    page.get_by_role("link", name="청도군 ‘감’ 재배 농가 일손돕기", exact=True).click()
    expect(page.locator("h1")).to_have_text("청도군 ‘감’ 재배 농가 일손돕기")
    with page.expect_download() as download:
        page.get_by_role("link", name="내 달력에 추가 (.ics)").click()
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    [session] = calendar.walk("VEVENT")
    assert session.decoded("DTSTART").isoformat() == "2023-10-16"
    assert "청도군" in str(session["LOCATION"])


@pytest.mark.parametrize("width", [320, 390])
def test_phone_layout_has_no_horizontal_scroll(page, demo, width):
    page.set_viewport_size({"width": width, "height": 800})
    wide = []
    for name, path in PAGE_TYPES.items():
        page.goto(demo + path)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide.append(f"{name}: {scroll}px")
    assert wide == []


def test_screenshots_for_the_readme(page, demo, login_as, editor):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    for name, path in (
        ("home", "/"),
        ("release", "/releases/it-days-uzbekistan-bpo-b2b/"),
        ("event", "/events/steel-expo-2023/"),
    ):
        page.goto(demo + path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(demo + "/releases/steel-expo-battery-pavilion/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=SCREENSHOTS / "release-phone.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    login_as(editor, "/admin/articles/article/")
    page.locator("#result_list tbody tr").first.locator("th a").click()
    page.locator(".ck-editor__editable").first.wait_for()
    page.screenshot(path=SCREENSHOTS / "admin-release.png")
    for name in ("home", "release", "event", "release-phone", "admin-release"):
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000


def test_search_from_the_header_and_open_a_result(page, demo):
    page.goto(demo + "/events/")
    page.get_by_label("뉴스룸 검색").fill("이차전지의")
    page.get_by_label("뉴스룸 검색").press("Enter")
    expect(page.locator(".result-count")).to_contain_text("‘이차전지의’ 검색 결과")
    expect(page.locator(".search-results mark").first).to_have_text("이차전지")
    page.locator(".search-results h2 a").first.click()
    expect(page.locator("h1")).to_contain_text("이차전지 산업관")
