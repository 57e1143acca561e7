"""The admin on a 390 px phone: the pages of the press office's day, without sideways scrolling.

Change lists show each row as a card (title link, then one labelled line per column, the action
checkbox still usable); tabular inlines are stacked, one labelled field per line; nothing on a page is
wider than the screen (static/admin/css/gbtp-phone.css, static/admin/js/gbtp-phone.js and
templates/admin/change_list_results.html). Saves docs/screenshots/admin-list-phone.png and
admin-form-phone.png.
"""

import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from articles.models import ArticleContact, ContactRole
from tests.factories import make_article, make_contact, make_event, make_quote

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LONG_HEADLINE = "경북테크노파크, 이차전지 소재 기업 지원 사업 참여 기업 모집 설명회 개최"
LONG_QUOTE = "지역 기업이 세계 시장에 나설 수 있도록 끝까지 함께하겠다. " * 8

# Everything the page draws must end inside the screen: the document itself must not scroll
# sideways, and no table may hide its overflow in a box that scrolls on its own.
WIDTH_CHECK = """() => {
  const width = window.innerWidth;
  const wide = [];
  for (const el of document.querySelectorAll('#container *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && box.right > width + 1) {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.position === 'fixed') continue;
      wide.push(`${el.tagName.toLowerCase()}#${el.id}.${[...el.classList].join('.')} → ${Math.round(box.right)}px`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10)};
}"""


def width_after_layout(page, settle_ms=3000):
    """WIDTH_CHECK once the page has laid itself out at a new viewport size.

    CKEditor regroups its toolbar from a resize observer, a frame or more after the resize; a page
    that still overflows after `settle_ms` is reported as it is then. (Polled from here: the
    admin's Content-Security-Policy forbids the eval that Playwright's in-page polling uses.)
    """
    deadline = time.monotonic() + settle_ms / 1000
    while True:
        found = page.evaluate(WIDTH_CHECK)
        fits = found["scroll"] <= found["width"] and not found["wide"]
        if fits or time.monotonic() > deadline:
            return found
        page.wait_for_timeout(100)


def _open(page, live_server, path):
    response = page.goto(live_server.url + path)
    assert response.ok, (path, response.status)
    page.wait_for_load_state("networkidle")
    expect(page.locator("#content h1")).to_be_visible()


def _assert_fits(page, path):
    found = page.evaluate(WIDTH_CHECK)
    assert found["scroll"] <= found["width"], (path, found)
    assert found["wide"] == [], (path, found)


def _within_viewport(page, locator):
    box = locator.bounding_box()
    assert box is not None
    width = page.evaluate("window.innerWidth")
    return box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.fixture
def day(db):
    """A release with a photo, two contacts and a quote, a few more releases, and an event."""
    release = make_article(photos=1, headline=LONG_HEADLINE)
    for order, role in enumerate([ContactRole.RESPONSIBLE, ContactRole.CONTACT]):
        ArticleContact.objects.create(
            article=release, contact=make_contact(), role=role, order=order
        )
    make_quote(article=release, text=LONG_QUOTE)
    for n in range(3):
        make_article(headline=f"{LONG_HEADLINE} {n + 2}차")
    event = make_event(title="2026 경북 이차전지 포럼 및 기업 상담회", summary="요약")
    make_quote(event=event, text=LONG_QUOTE)
    make_event(title="경북 디지털 혁신 주간", summary="요약", sessions=2)
    return release, event


def _assert_rows_are_cards(page):
    width = page.evaluate("window.innerWidth")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() >= 2
    for i in range(rows.count()):
        row = rows.nth(i)
        box = row.bounding_box()
        # A card spans the content column (the page keeps its own margins) and ends on screen.
        assert box["width"] >= width * 0.85 and box["x"] + box["width"] <= width, box
        cells = row.locator("th, td:not(.action-checkbox)")
        tops = []
        for j in range(cells.count()):
            cell = cells.nth(j).bounding_box()
            tops.append(cell["y"])
            # One cell per line: every cell has the card's whole inner width.
            assert cell["width"] >= box["width"] * 0.8, (i, j, cell, box)
        assert tops == sorted(tops) and len(set(tops)) == len(tops), tops
        # The title link leads the card; the other lines carry their column's name.
        assert row.locator("th a").first.bounding_box()["y"] < tops[1]
        labels = row.locator("td[data-label]")
        assert labels.count() == cells.count() - 1


def test_the_days_admin_pages_fit_a_phone(login_as, editor, page, live_server, day):
    release, event = day
    page.set_viewport_size(PHONE)
    login_as(editor, "/admin/")
    for path in [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{release.pk}/change/",
        "/admin/events/event/",
        "/admin/events/event/add/",
        f"/admin/events/event/{event.pk}/change/",
        "/admin/photos/photo/add/",
        "/admin/sharing/sharelink/add/",
        "/admin/desk/calendar/",
    ]:
        _open(page, live_server, path)
        _assert_fits(page, path)


def test_change_lists_are_cards_with_a_working_checkbox(login_as, editor, page, live_server, day):
    page.set_viewport_size(PHONE)
    login_as(editor, "/admin/articles/article/")
    _open(page, live_server, "/admin/articles/article/")
    _assert_rows_are_cards(page)
    first = page.locator("#result_list tbody tr").first
    expect(first.locator("td[data-label='상태']")).to_be_visible()
    expect(first.locator("td[data-label='보도시점']")).to_be_visible()
    # The title is no longer squeezed into a narrow column: a long one takes at most two lines.
    title = first.locator("th a").first
    line = float(title.evaluate("a => parseFloat(getComputedStyle(a).lineHeight)"))
    assert title.bounding_box()["height"] <= line * 2 + 2

    # The action checkbox is a usable target that selects its row.
    checkbox = first.locator("td.action-checkbox input")
    assert _within_viewport(page, checkbox)
    assert checkbox.bounding_box()["width"] >= 18
    checkbox.click()
    expect(first).to_have_class("selected")
    expect(page.locator(".action-counter")).to_contain_text("1")

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.querySelector('#changelist-form').scrollIntoView()")
    page.screenshot(path=SCREENSHOTS / "admin-list-phone.png")

    _open(page, live_server, "/admin/events/event/")
    _assert_rows_are_cards(page)


def test_release_form_inlines_are_stacked(login_as, editor, page, live_server, day):
    release, _event = day
    page.set_viewport_size(PHONE)
    login_as(editor, f"/admin/articles/article/{release.pk}/change/")
    _open(page, live_server, f"/admin/articles/article/{release.pk}/change/")

    role = page.locator("#id_contact_links-0-role")
    role.scroll_into_view_if_needed()
    assert _within_viewport(page, role)
    expect(page.locator("#contact_links-0 td.field-role")).to_have_attribute("data-label", "역할")
    # Stacked: the contact, its role and its order are one above the other, not side by side.
    contact = page.locator("#contact_links-0 td.field-contact").bounding_box()
    role_cell = page.locator("#contact_links-0 td.field-role").bounding_box()
    order_cell = page.locator("#contact_links-0 td.field-order").bounding_box()
    assert contact["y"] < role_cell["y"] < order_cell["y"]
    assert role_cell["x"] == pytest.approx(contact["x"], abs=1)

    text = page.locator("#id_quotes-0-text")
    text.scroll_into_view_if_needed()
    assert _within_viewport(page, text)
    assert page.evaluate("t => t.scrollWidth <= t.clientWidth", text.element_handle())

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#contact_links-group").scroll_into_view_if_needed()
    page.evaluate("document.querySelector('#contact_links-group').scrollIntoView()")
    page.screenshot(path=SCREENSHOTS / "admin-form-phone.png")
    for name in ("admin-list-phone", "admin-form-phone"):
        size = (SCREENSHOTS / f"{name}.png").stat().st_size
        assert 10_000 < size < 200_000, (name, size)


def test_writer_adds_inline_rows_on_a_phone(login_as, writer, page, live_server):
    page.set_viewport_size(PHONE)
    login_as(writer, "/admin/articles/article/add/")
    _open(page, live_server, "/admin/articles/article/add/")
    _assert_fits(page, "/admin/articles/article/add/")

    # A row added with "더 추가" is stacked and labelled like a saved one.
    page.locator("#contact_links-group .add-row a").click()
    role = page.locator("#id_contact_links-0-role")
    role.scroll_into_view_if_needed()
    assert _within_viewport(page, role)
    expect(page.locator("#contact_links-0 td.field-role")).to_have_attribute("data-label", "역할")

    page.locator("#quotes-group .add-row a").click()
    text = page.locator("#id_quotes-0-text")
    text.scroll_into_view_if_needed()
    assert _within_viewport(page, text)
    _assert_fits(page, "/admin/articles/article/add/ (rows added)")

    _open(page, live_server, "/admin/photos/photo/add/")
    _assert_fits(page, "/admin/photos/photo/add/")
