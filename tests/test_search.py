"""The search page and the admin search boxes: Korean-aware, public-only, highlighted, paginated."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from core.models import Status
from search.models import SearchEntry, SynonymGroup
from search.services import search_index_item, search_process_stale
from tests.factories import make_article, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.production_paths]


def index_as_production_does():
    """Inline indexing did it already in development; in production the search worker does it."""
    from django.conf import settings

    if not settings.SEARCH_INDEX_INLINE:
        search_process_stale()


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


def test_admin_save_indexes_inline_or_marks_stale(editor_client, settings):
    from tests.forms import change_form

    article = make_article(status=Status.DRAFT, headline="처음 제목")
    url, data = change_form(editor_client, article)
    data["headline"] = "규제자유특구 실증 착수"
    settings.SEARCH_INDEX_INLINE = False  # production: the search worker does the analysis
    assert editor_client.post(url, data).status_code == 302
    entry = SearchEntry.objects.get(object_id=article.pk, kind="release")
    assert entry.stale
    assert search_process_stale() == 1
    entry.refresh_from_db()
    assert not entry.stale and "규제자유특구" in entry.terms_a


def test_people_are_found(client):
    make_person(name="김보도", title="홍보팀장")
    call_command("rebuild_search_index")
    text = client.get("/search/", {"q": "홍보팀장"}).content.decode()
    assert "김보도 홍보팀장" in text


def test_quotes_follow_their_release_and_restores_reindex(
    editor_client, django_capture_on_commit_callbacks
):
    from reversion.models import Version

    from tests.factories import make_quote
    from tests.forms import change_form

    article = make_article(status=Status.DRAFT, headline="첫 제목")
    make_quote(article=article, text="양극재 투자를 환영합니다")
    url, data = change_form(editor_client, article)
    data["headline"] = "수소 실증 착수"
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, data).status_code == 302
    index_as_production_does()
    quote_entry = SearchEntry.objects.get(kind="quote")
    assert "수소" in quote_entry.terms_c  # the quote's source title moved with the release
    old = Version.objects.get_for_object(article).last()
    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            f"/admin/articles/article/{article.pk}/history/restore/{old.pk}/",
            {"expected_version": article.version},
        )
    index_as_production_does()
    entry = SearchEntry.objects.get(kind="release", object_id=article.pk)
    assert "첫" in entry.terms_a and "수소" not in entry.terms_a


def test_search_worker_once_indexes_what_admin_saves_marked(client):
    from search.services import search_mark_stale

    article = make_article(status=Status.PUBLISHED, headline="지식산업센터 입주 모집")
    search_mark_stale(article)
    assert (
        "‘지식산업센터’ 결과 없음" in client.get("/search/", {"q": "지식산업센터"}).content.decode()
    )
    call_command("search_worker", "--once")
    assert (
        "‘지식산업센터’ 검색 결과 1건"
        in client.get("/search/", {"q": "지식산업센터"}).content.decode()
    )


@pytest.mark.django_db(transaction=True)
def test_search_worker_survives_a_database_restart_and_a_failing_item(client):
    """The worker's connection is killed between two looks, and one item cannot be indexed."""
    from unittest import mock

    from django.db import connection, connections

    import search.services as services

    broken = make_article(status=Status.PUBLISHED, headline="색인이 실패하는 보도자료")
    article = make_article(status=Status.PUBLISHED, headline="재연결 뒤 색인되는 창업 지원")
    services.search_mark_stale(broken)
    services.search_mark_stale(article)
    waiting = SearchEntry.objects.get(object_id=article.pk, kind="release")
    SearchEntry.objects.filter(pk=waiting.pk).update(stale=False)  # saved again after the restart
    connection.ensure_connection()
    pauses = []

    def restart_database_then_wait(seconds):
        pauses.append(seconds)
        if len(pauses) > 1 or connection.vendor != "postgresql":
            return
        # What a PostgreSQL restart does to the worker: its connection is ended from outside.
        other = connections.create_connection("default")
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid]
            )
            cursor.execute("UPDATE search_searchentry SET stale = true WHERE id = %s", [waiting.pk])
        other.close()

    real = services.search_index_item

    def failing_for_one(obj):
        if obj.pk == broken.pk and obj._meta.model_name == "article":
            raise ValueError("analysis failed")
        return real(obj)

    with mock.patch.object(services, "search_index_item", failing_for_one):
        services.search_worker_run(interval=0.01, sleep=restart_database_then_wait, loops=4)
    assert pauses  # the worker did wait, and was not stopped by the lost connection
    assert "검색 결과 1건" in client.get("/search/", {"q": "창업"}).content.decode()
    assert SearchEntry.objects.get(object_id=broken.pk, kind="release").stale  # retried later
