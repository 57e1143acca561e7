"""Public release and event pages read well on a phone and on a desktop.

On a 390 px phone the 보도 담당 table splits no word ("직/급", "책임/자", "053-819-/3000" were the
complaint) and nothing scrolls sideways; on a 1280 px desktop body lines stop at 42em.
"""

import pytest

from articles.models import ArticleContact
from tests.factories import make_article, make_contact, make_event

pytestmark = pytest.mark.django_db(transaction=True)

LONG_PARAGRAPH = (
    "경북테크노파크는 지역 기업의 기술 고도화와 판로 개척을 돕기 위해 올해 하반기 지원 사업을 "
    "확대한다고 밝혔다. 이번 사업은 이차전지, 바이오, 디지털 전환 분야의 중소기업을 대상으로 "
    "하며, 시제품 제작부터 해외 전시회 참가까지 단계별로 지원한다. " * 3
)

# Every word (a run without spaces) of every text inside `root` whose characters land on more than
# one line: a word the layout has split.
SPLIT_WORDS = """root => {
  const split = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()]
        .filter(rect => rect.width > 0 && rect.height > 0)
        .map(rect => Math.round(rect.top)));
      if (lines.size > 1) split.push(match[0]);
    }
  }
  return split;
}"""

# An element's width in its own em, and the widest paragraph's inside `root`.
WIDTH_IN_EM = "el => el.getBoundingClientRect().width / parseFloat(getComputedStyle(el).fontSize)"
WIDEST_IN_EM = f"root => Math.max(...[...root.querySelectorAll('p')].map({WIDTH_IN_EM}))"


def _release_with_contacts():
    article = make_article(
        headline="경북테크노파크, 하반기 기업 지원 사업 확대",
        lead="경북테크노파크가 하반기 기업 지원 사업을 확대한다.",
        body=f"<p>{LONG_PARAGRAPH}</p><p>{LONG_PARAGRAPH}</p>",
        department="기업지원단",
    )
    people = [
        ("responsible", "기업지원단 지역산업육성팀", "책임자", "하경북", "053-819-3000"),
        ("contact", "기업지원단 지역산업육성팀", "책임연구원", "김테크", "053-819-3012"),
    ]
    for order, (role, department, position, name, phone) in enumerate(people):
        contact = make_contact(
            name=name,
            department=department,
            position=position,
            phone=phone,
            email=f"press{order}@gbtp.or.kr",
        )
        ArticleContact.objects.create(article=article, contact=contact, role=role, order=order)
    return article


def _no_sideways_scroll(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_contact_table_keeps_words_whole_on_a_phone(page, live_server):
    article = _release_with_contacts()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + article.get_absolute_url())
    contacts = page.locator("section.contacts")
    contacts.wait_for()

    assert contacts.evaluate(SPLIT_WORDS) == []
    assert _no_sideways_scroll(page)
    # The section itself does not scroll either: everything fits the phone's width.
    assert contacts.evaluate("el => el.scrollWidth <= el.clientWidth")
    # Every detail is there, labelled, and the phone number is one line of text.
    text = contacts.inner_text()
    for expected in ("책임자", "책임연구원", "하경북", "053-819-3000", "press1@gbtp.or.kr"):
        assert expected in text
    phone = page.locator("a.phone").first
    line_height = phone.evaluate("el => parseFloat(getComputedStyle(el.parentNode).lineHeight)")
    assert phone.bounding_box()["height"] < 1.5 * line_height
    labels = page.locator(".contact-table td[data-label]").evaluate_all(
        "cells => cells.map(td => getComputedStyle(td, '::before').content)"
    )
    assert '"직급"' in labels and '"전화"' in labels


def test_contact_table_is_a_table_with_whole_words_on_a_desktop(page, live_server):
    article = _release_with_contacts()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + article.get_absolute_url())
    contacts = page.locator("section.contacts")
    assert page.locator(".contact-table thead").is_visible()
    assert contacts.evaluate(SPLIT_WORDS) == []
    assert _no_sideways_scroll(page)


def test_body_lines_stop_at_42em_on_a_desktop(page, live_server):
    article = _release_with_contacts()
    event = make_event(
        title="기업 지원 사업 설명회", description=f"<p>{LONG_PARAGRAPH}</p><p>{LONG_PARAGRAPH}</p>"
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    for url in (article.get_absolute_url(), event.get_absolute_url()):
        page.goto(live_server.url + url)
        body = page.locator(".body")
        widest = body.evaluate(WIDEST_IN_EM)
        assert 30 < widest <= 42.01, (url, widest)
        lead = page.locator("p.lead")
        if lead.count():
            assert lead.evaluate(WIDTH_IN_EM) <= 42.01
    # On a phone the text still takes the whole width.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + article.get_absolute_url())
    assert _no_sideways_scroll(page)
