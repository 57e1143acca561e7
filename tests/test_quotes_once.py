"""A release page prints each quote once: in its text, or else under 발언.

Releases weave their quotes into the body (“…”고 밝혔다) and also store them as Quote rows for the
spokesperson pages, search and structured data. The page lists under 발언 only the quotes its own text
does not already print.
"""

import re

import pytest
from django.test import Client

from articles.views import quotes_beyond_text
from core import quotes as shared_quotes
from tests.factories import make_article, make_event, make_quote

pytestmark = pytest.mark.django_db

WOVEN = "지역 이차전지 산업 생태계 구축을 지원할 수 있도록 노력하겠다."
SEPARATE = "올해 하반기에는 기업 지원 사업을 두 배로 늘리겠다"


def _quotes_section(html):
    match = re.search(r'<section aria-labelledby="quotes-heading".*?</section>', html, re.S)
    return match.group(0) if match else ""


def _release_with_quotes(**fields):
    body = (
        "<p>경북테크노파크는 올해 성과를 발표했다.</p>"
        # The writer's line breaks and quote marks differ from the stored quote.
        "<p>하인성 원장은 “지역 이차전지 산업\n생태계 구축을 지원할 수 있도록 노력하겠다.”고 밝혔다.</p>"
    )
    fields.setdefault("body", body)
    article = make_article(**fields)
    woven = make_quote(text=WOVEN, article=article)
    separate = make_quote(text=SEPARATE, article=article)
    return article, woven, separate


def test_a_quote_printed_in_the_body_is_not_listed_again():
    article, _woven, _separate = _release_with_quotes()
    html = Client().get(article.get_absolute_url()).text
    section = _quotes_section(html)
    assert SEPARATE in section
    assert WOVEN not in section
    # Each quote's words appear once on the page (structured data aside).
    visible = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    assert visible.count(SEPARATE) == 1
    assert visible.count("생태계 구축을 지원할 수 있도록 노력하겠다.") == 1


def test_no_quote_section_when_the_body_prints_every_quote():
    article = make_article(body=f"<p>원장은 ‘{SEPARATE}’고 말했다.</p>")
    make_quote(text=SEPARATE, article=article)
    html = Client().get(article.get_absolute_url()).text
    assert _quotes_section(html) == ""
    assert 'id="quotes-heading"' not in html


def test_a_quote_in_the_lead_counts_as_printed():
    article = make_article(lead=f"원장은 “{SEPARATE}.”라고 밝혔다.", body="<p>본문</p>")
    make_quote(text=SEPARATE, article=article)
    assert quotes_beyond_text(article) == []


def test_coverage_body_is_never_shown_so_its_quotes_are_listed():
    article = make_article(
        kind="coverage", outlet="일요신문", lead="발췌 문단", body=f"<p>“{SEPARATE}”</p>"
    )
    quote = make_quote(text=SEPARATE, article=article)
    assert quotes_beyond_text(article) == [quote]


# Event pages follow the same rule, through the same function (core.quotes), with the event's
# summary and description as the text.


def test_release_and_event_pages_share_one_function():
    assert quotes_beyond_text is shared_quotes.quotes_beyond_text


def test_an_event_quote_printed_in_the_description_is_not_listed_again():
    event = make_event(
        summary="경북테크노파크가 이차전지 포럼을 연다.",
        description=(
            "<p>포럼에서 하인성 원장은 “지역 이차전지 산업<br>생태계 구축을 지원할 수 있도록"
            " 노력하겠다”고 밝힐 예정이다.</p>"
        ),
    )
    woven = make_quote(text=WOVEN, event=event)
    separate = make_quote(text=SEPARATE, event=event)
    assert quotes_beyond_text(event) == [separate]
    html = Client().get(event.get_absolute_url()).text
    section = _quotes_section(html)
    assert SEPARATE in section
    assert WOVEN not in section
    visible = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    assert visible.count(SEPARATE) == 1
    assert visible.count("생태계 구축을 지원할 수 있도록") == 1
    # Structured data still carries every quote, woven or not.
    assert woven.text in html


def test_an_event_quote_in_the_summary_counts_as_printed():
    event = make_event(summary=f"원장은 ‘{SEPARATE}’라고 말했다.", description="<p>소개</p>")
    make_quote(text=SEPARATE, event=event)
    assert quotes_beyond_text(event) == []
    html = Client().get(event.get_absolute_url()).text
    assert 'id="quotes-heading"' not in html


def test_an_event_lists_its_quotes_when_its_text_does_not_print_them():
    event = make_event(summary="요약", description="<p>소개</p>")
    quote = make_quote(text=SEPARATE, event=event)
    assert quotes_beyond_text(event) == [quote]
    assert SEPARATE in _quotes_section(Client().get(event.get_absolute_url()).text)
