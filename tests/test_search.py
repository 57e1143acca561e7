"""The search page and the admin search boxes: Korean-aware, public-only, highlighted, paginated."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from core.models import Status
from search.models import SearchEntry, SynonymGroup
from search.services import search_index_item
from tests.factories import make_article, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.production_paths]


@pytest.fixture
def demo():
    call_command("load_demo", "--force")


def test_particles_and_highlighted_snippets(demo, client):
    page = client.get("/search/", {"q": "우즈베키스탄의"})
    assert page.status_code == 200
    text = page.content.decode()
    assert (
        "경북테크노파크, 국내-우즈베키스탄 IT기업 BPO 매칭을 위한 B2B 행사(IT Days), 성공리에 개최"
        in text
    )
    assert "<mark>우즈베키스탄</mark>" in text
    assert page["X-Robots-Tag"] == "noindex"


def test_results_filter_by_type_with_counts(demo, client):
    everything = client.get("/search/", {"q": "하인성"}).content.decode()
    assert '발언 <span class="count">7</span>' in everything
    releases = client.get("/search/", {"q": "하인성", "type": "release"}).content.decode()
    assert releases.count('<li>\n    <p class="meta"><span class="kind">보도자료</span>') == 3


def test_no_results_page_in_korean_with_suggestions(demo, client):
    text = client.get("/search/", {"q": "KOTRA 반도체"}).content.decode()
    assert "‘KOTRA 반도체’ 결과 없음" in text
    assert "대한무역투자진흥공사" in text  # a synonym offered as another way to search
    assert "최근 보도자료" in text


def test_embargoed_and_draft_items_never_appear(client):
    make_article(
        status=Status.PUBLISHED, release_in=timedelta(hours=4), headline="엠바고 걸린 양극재 소식"
    )
    make_article(status=Status.DRAFT, headline="초안 양극재 소식")
    make_article(status=Status.PUBLISHED, headline="공개된 양극재 소식")
    call_command("rebuild_search_index")
    text = client.get("/search/", {"q": "양극재"}).content.decode()
    assert "공개된 양극재 소식" in text
    assert "엠바고" not in text and "초안" not in text


def test_staff_synonyms_change_results(client):
    make_article(status=Status.PUBLISHED, headline="경북TP 수소 실증 착수")
    call_command("rebuild_search_index")
    assert "‘H2’ 결과 없음" in client.get("/search/", {"q": "H2"}).content.decode()
    SynonymGroup.objects.create(terms="H2, 수소")
    assert "‘H2’ 검색 결과 1건" in client.get("/search/", {"q": "H2"}).content.decode()


def test_admin_search_box_uses_the_same_engine(editor_client):
    article = make_article(status=Status.DRAFT, headline="우즈베키스탄 연수단 방문")
    search_index_item(article)
    listing = editor_client.get(
        "/admin/articles/article/", {"q": "우즈베키스탄의"}
    ).content.decode()
    assert "우즈베키스탄 연수단 방문" in listing  # staff find drafts too; "의" is understood


def test_admin_save_queues_indexing_for_the_task_worker(editor_client, run_tasks):
    from tests.forms import change_form

    article = make_article(status=Status.DRAFT, headline="처음 제목")
    url, data = change_form(editor_client, article)
    data["headline"] = "규제자유특구 실증 착수"
    assert editor_client.post(url, data).status_code == 302
    entry = SearchEntry.objects.get(object_id=article.pk, kind="release")
    assert entry.terms_a == "" and entry.wanted == 1  # the web request analysed nothing
    run_tasks()
    entry.refresh_from_db()
    assert "규제자유특구" in entry.terms_a and entry.indexed == entry.wanted


def test_people_are_found(client):
    make_person(name="김보도", title="홍보팀장")
    call_command("rebuild_search_index")
    text = client.get("/search/", {"q": "홍보팀장"}).content.decode()
    assert "김보도 홍보팀장" in text


def test_quotes_follow_their_release_and_restores_reindex(editor_client, run_tasks):
    from reversion.models import Version

    from tests.factories import make_quote
    from tests.forms import change_form

    article = make_article(status=Status.DRAFT, headline="첫 제목")
    make_quote(article=article, text="양극재 투자를 환영합니다")
    url, data = change_form(editor_client, article)
    data["headline"] = "수소 실증 착수"
    assert editor_client.post(url, data).status_code == 302
    run_tasks()
    quote_entry = SearchEntry.objects.get(kind="quote")
    assert "수소" in quote_entry.terms_c  # the quote's source title moved with the release
    old = Version.objects.get_for_object(article).last()
    article.refresh_from_db()
    editor_client.post(
        f"/admin/articles/article/{article.pk}/history/restore/{old.pk}/",
        {"expected_version": article.version},
    )
    run_tasks()
    entry = SearchEntry.objects.get(kind="release", object_id=article.pk)
    assert "첫" in entry.terms_a and "수소" not in entry.terms_a


def test_a_month_is_not_every_ten(client):
    """'10월' finds October, not every "10": 10일, 10개사, 제10회 are other numbers."""
    make_article(headline="10월 수출상담회 개최", lead="경북테크노파크가 10월에 상담회를 연다.")
    make_article(headline="중소기업 10개사 선정", lead="제10회 기술대전에 10일간 참가한다.")
    call_command("rebuild_search_index")
    text = client.get("/search/", {"q": "10월"}).content.decode()
    assert "10월 수출상담회 개최" in text
    assert "중소기업 10개사 선정" not in text


def test_entities_in_pasted_text_are_not_search_terms(client):
    """A lead pasted from a web page's source ("R&amp;D") is analysed as the reader would read it:
    "amp" is no word of it. The page and the snippet still show the characters as typed (escaped
    once: tests/test_output_escaping.py)."""
    make_article(headline="경북 R&D 지원사업 설명회", lead="지역 R&amp;D 과제 설명회가 열렸다.")
    call_command("rebuild_search_index")
    assert "결과 없음" in client.get("/search/", {"q": "amp"}).content.decode()
    assert (
        "경북 R&amp;D 지원사업 설명회" in client.get("/search/", {"q": "설명회"}).content.decode()
    )


def test_a_title_match_ranks_above_a_body_only_match(client):
    """Relevance, not date, orders results: the release about 양극재 (in its title) comes before a
    newer one that mentions it once in its body."""
    make_article(
        headline="양극재 공장 준공, 연 2만 톤 생산",
        lead="포항에 양극재 공장이 들어섰다.",
        release_in=-timedelta(days=30),
    )
    make_article(
        headline="지역 산업 동향 점검 회의",
        lead="도내 주요 산업의 올해 동향을 점검했다.",
        body="<p>반도체, 자동차 부품, 양극재 등 여러 분야의 수출 실적을 살폈다.</p>",
        release_in=-timedelta(days=1),
    )
    call_command("rebuild_search_index")
    text = client.get("/search/", {"q": "양극재"}).content.decode()
    assert text.index("양극재 공장 준공") < text.index("지역 산업 동향 점검 회의")
    assert 'aria-current="true">정확도순' in text
    # 최신순: the newer release first, and the switch says so.
    newest = client.get("/search/", {"q": "양극재", "sort": "date"}).content.decode()
    assert newest.index("지역 산업 동향 점검 회의") < newest.index("양극재 공장 준공")
    assert 'aria-current="true">최신순' in newest
