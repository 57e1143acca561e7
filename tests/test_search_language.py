"""Korean the way readers type it: spacing, compounds, Latin names, abbreviations, months, typos.

Each test writes releases as a press officer would, indexes them as the task worker does, and searches
through /search/ as a reader. The query side never loads Kiwi: it reads the lexicon the index wrote.
"""

import sys
from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import Status
from search.engine import Query, did_you_mean, search
from search.models import SearchWord
from search.services import search_index_item
from tests.factories import make_article, make_event

pytestmark = [pytest.mark.django_db, pytest.mark.production_paths]


def _release(headline, body="", **fields):
    article = make_article(
        status=Status.PUBLISHED,
        release_in=-timedelta(days=fields.pop("days_ago", 1)),
        headline=headline,
        lead="",
        body=f"<p>{body}</p>" if body else "<p></p>",
        **fields,
    )
    search_index_item(article)
    return article


def _found(query):
    _q, entries = search(query, kind="release")
    return set(entries.values_list("title", flat=True)[:20])


def test_spacing_variants_find_each_other():
    joined = _release("청도 감 농가 일손돕기 나선 임직원")
    spaced = _release("영천 포도 농가에서 일손 돕기 봉사")
    factory = _release("중소기업 스마트공장 구축 지원")
    apart = _release("스마트 공장 보급 확산 설명회")
    assert _found("일손돕기") == {joined.headline, spaced.headline}
    assert _found("일손 돕기") == {joined.headline, spaced.headline}
    assert _found("스마트공장") == {factory.headline, apart.headline}
    assert _found("스마트 공장") == {factory.headline, apart.headline}


def test_latin_names_joined_or_spaced():
    joined = _release("LG에너지솔루션과 배터리 인력 양성 협력")
    spaced = _release("LG 에너지솔루션 협력사 기술 교류회")
    _release("에너지 절감 솔루션 보급 사업")  # the words, but not the name
    assert _found("LG에너지솔루션") == {joined.headline, spaced.headline}
    assert _found("LG 에너지솔루션") == {joined.headline, spaced.headline}


def test_an_abbreviation_needs_its_parts_next_to_each_other():
    ours = _release("대구테크노파크, 로봇 기업 지원 설명회 개최")
    theirs = _release(
        "경북테크노파크, 배터리 기업 수출 지원",
        "경북테크노파크는 기업 지원을 확대한다고 밝혔다. 자료 제공: 대구 소재 언론사",
        outlet="대구일보",
    )
    assert _found("대구TP") == {ours.headline}
    assert _found("대구 테크노파크") == {ours.headline}
    assert theirs.headline in _found("경북TP")
    assert ours.headline not in _found("경북TP")


def test_r_and_d_is_one_word():
    rnd = _release("지역 R&D 과제 공모")
    letters = _release("R 등급과 D 등급 기업 안내")
    assert _found("R&D") == {rnd.headline}
    assert letters.headline not in _found("연구개발")
    assert rnd.headline in _found("연구개발")  # the shared vocabulary: R&D = 연구개발


def test_a_month_finds_the_month_in_text_and_event_dates():
    in_october = _release("10월 수출상담회 참가기업 모집")
    _release("제10회 기술 포럼 안내")
    _release("3월 10일 설명회 개최")
    assert _found("10월") == {in_october.headline}
    now = timezone.localtime()
    october = now.replace(year=now.year + 1, month=10, day=14, hour=10, minute=0)
    event = make_event(title="배터리 산업 포럼", starts_in=october - now)
    search_index_item(event)
    _q, entries = search("10월", kind="event")
    assert list(entries.values_list("title", flat=True)) == ["배터리 산업 포럼"]


def test_a_verb_finds_its_other_endings():
    helped = _release("임직원, 수해 복구 현장 도왔다")
    _release("봉사 단체 돕기 캠페인 소개")  # brings the query word 돕기 into the lexicon
    assert helped.headline in _found("돕기")


def test_shared_vocabulary_finds_official_names():
    ministry = _release("중소벤처기업부 지역 혁신 사업 선정")
    agency = _release("한국산업기술진흥원과 업무협약 체결")
    assert _found("중기부") == {ministry.headline}
    assert agency.headline in _found("KIAT")
    assert agency.headline in _found("MOU")


def test_queries_that_should_find_nothing_find_nothing():
    _release("경북테크노파크, 이차전지 기업 지원")
    for query in ["반도체 장비", "제주", "우주항공", "돼지고기"]:
        assert _found(query) == set(), query


def test_did_you_mean_from_the_public_vocabulary(client):
    _release("테크노파크 창업보육센터 입주기업 모집")
    assert did_you_mean("테크노파그") == "테크노파크"
    assert did_you_mean("xpzmshvkzm") == "테크노파크"  # typed with the keyboard in English mode
    page = client.get("/search/", {"q": "테크노파그"}).content.decode()
    assert (
        "이것을 찾으셨나요?" in page and "?q=%ED%85%8C%ED%81%AC%EB%85%B8%ED%8C%8C%ED%81%AC" in page
    )


def test_did_you_mean_never_shows_words_of_unpublished_releases(client):
    secret = make_article(
        status=Status.PUBLISHED,
        release_in=timedelta(hours=6),
        headline="엠바고 블루수소클러스터 유치 확정",
    )
    search_index_item(secret)
    assert SearchWord.objects.filter(form="블루수소클러스터").exists()
    assert did_you_mean("블루수소클러스타") is None
    page = client.get("/search/", {"q": "블루수소클러스타"}).content.decode()
    assert "블루수소클러스터" not in page


def test_the_query_side_never_loads_kiwi():
    _release("경북테크노파크 이차전지 지원")
    before = "kiwipiepy" in sys.modules
    query = Query.parse("경북TP의 이차 전지 지원을")
    assert query and query.tsquery()
    if not before:
        assert "kiwipiepy" not in sys.modules


def test_an_old_title_match_is_ranked_beside_many_newer_body_matches(monkeypatch):
    monkeypatch.setattr("search.engine.CANDIDATES", 5)  # the ranked window, made small
    old = _release("양극재 공장 준공", days_ago=2000)
    for i in range(8):
        _release(f"기업 소식 {i}", f"간담회에서 양극재 수급 이야기도 나왔다 {i}", days_ago=i + 1)
    _q, entries = search("양극재", kind="release")
    assert entries.values_list("title", flat=True).first() == old.headline


def test_dense_matches_are_found_by_walking_the_dates_with_the_same_result(monkeypatch):
    """Past the probe (many matches), the newest ones come from the date index, not the GIN list."""
    for i in range(9):
        _release(f"양극재 소식 {i}", days_ago=i + 1)
    _release("음극재 소식", days_ago=0)
    gin = list(search("양극재", kind="release", newest=True)[1].values_list("title", flat=True))
    monkeypatch.setattr("search.engine.CANDIDATES", 4)
    monkeypatch.setattr("search.engine._probe_size", lambda limit: 2)
    walked = list(search("양극재", kind="release", newest=True)[1].values_list("title", flat=True))
    assert gin[:4] == walked == [f"양극재 소식 {i}" for i in range(4)]
