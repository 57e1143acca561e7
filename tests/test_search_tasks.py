"""Search indexing on the task backbone: queued with every change, run by the task worker.

Each change (admin save, restore, workflow move one or in bulk, a photo's caption) raises the item's
entry generation and queues `search.tasks.index_item` inside its transaction; the worker reads the
item as it is when the task runs, and never stores an older state over a newer one.
"""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from core.models import Status, Transition
from core.services import publishable_transition
from core.signals import content_changed
from search import documents
from search.models import SearchEntry
from search.services import LEASE, search_index, search_index_item, search_index_request
from search.tasks import index_item
from tests.factories import make_article, make_photo

pytestmark = [pytest.mark.django_db, pytest.mark.production_paths]
LABEL = "articles.Article"


def entry_of(article) -> SearchEntry:
    return SearchEntry.objects.get(kind="release", object_id=article.pk)


def queued(article=None):
    tasks = DBTaskResult.objects.filter(task_path="search.tasks.index_item", status="READY")
    if article is not None:
        tasks = [t for t in tasks if t.args_kwargs["args"] == [LABEL, article.pk]]
    return list(tasks)


def test_bulk_publish_indexes_each_release_with_its_date(editor_client, run_tasks, client):
    articles = [
        make_article(status=Status.APPROVED, headline=f"일괄 게시 첨단소재 {n}", contacts=1)
        for n in range(2)
    ]
    for article in articles:
        search_index_item(article)
        assert entry_of(article).date is None  # 즉시: no 보도시점 until it is published
    response = editor_client.post(
        "/admin/articles/article/",
        {
            "action": "publish_selected",
            "_selected_action": [a.pk for a in articles],
            **{f"_version_{a.pk}": a.version for a in articles},
        },
    )
    assert response.status_code == 302
    assert all(queued(article) for article in articles)
    DBTaskResult.objects.exclude(task_path="search.tasks.index_item").delete()  # kits: elsewhere
    run_tasks()
    for article in articles:
        article.refresh_from_db()
        entry = entry_of(article)
        assert article.status == Status.PUBLISHED
        assert entry.date == article.release_at and entry.year == article.release_at.year
        assert entry.indexed == entry.wanted
    assert "검색 결과 2건" in client.get("/search/", {"q": "첨단소재"}).text


def test_a_move_rolled_back_queues_nothing(editor):
    article = make_article(status=Status.APPROVED, contacts=1)
    with pytest.raises(RuntimeError), transaction.atomic():
        publishable_transition(obj=article, move=Transition.PUBLISH, by=editor)
        assert queued(article)
        raise RuntimeError("the change fails after the move")
    assert not queued(article)
    assert not SearchEntry.objects.filter(object_id=article.pk).exists()


def test_the_task_is_idempotent_and_removes_what_is_gone():
    article = make_article(status=Status.PUBLISHED, headline="지식산업센터 입주 모집")
    search_index_request([article])
    assert index_item.call(LABEL, article.pk) == "indexed"
    assert index_item.call(LABEL, article.pk) == "current"  # nothing changed: nothing done
    entry = entry_of(article)
    assert "지식산업센터" in entry.terms_a and entry.indexed == entry.wanted == 1

    search_index_request([article])
    Article.objects.filter(pk=article.pk).delete()
    assert index_item.call(LABEL, article.pk) == "removed"
    assert not SearchEntry.objects.filter(object_id=article.pk, kind="release").exists()
    # An item that was never indexed and is gone, and a model search does not cover.
    assert index_item.call(LABEL, article.pk) == "removed"
    photo = make_photo()
    assert index_item.call("photos.Photo", photo.pk) == "removed"


def _changing_during_analysis(article, *, finish_newer_first=False):
    """A builder that, while the worker analyses, commits an admin save of the same release."""
    real = documents.BUILDERS[Article]
    calls = []

    def build(obj):
        calls.append(obj.headline)
        document = real(obj)
        if len(calls) == 1:
            Article.objects.filter(pk=article.pk).update(headline="나중에 저장한 제목 수소")
            search_index_request([Article.objects.get(pk=article.pk)])
            if finish_newer_first:  # a second worker indexes the newer state before this one writes
                search_index(Article, article.pk)
        return document

    return mock.patch.dict(documents.BUILDERS, {Article: build}), calls


def test_a_save_between_the_workers_read_and_write_is_not_lost():
    article = make_article(status=Status.DRAFT, headline="처음 저장한 제목 양극재")
    search_index_request([article])
    patch, calls = _changing_during_analysis(article)
    with patch:
        assert index_item.call(LABEL, article.pk) == "indexed"
    assert calls == ["처음 저장한 제목 양극재", "나중에 저장한 제목 수소"]  # read again
    entry = entry_of(article)
    assert entry.title == "나중에 저장한 제목 수소" and "수소" in entry.terms_a
    assert entry.indexed == entry.wanted == 2


def test_a_slow_worker_never_stores_an_older_state_over_a_newer_one():
    article = make_article(status=Status.DRAFT, headline="처음 저장한 제목 양극재")
    search_index_request([article])
    patch, _calls = _changing_during_analysis(article, finish_newer_first=True)
    with patch:
        search_index(Article, article.pk)  # read generation 1, then found generation 2 stored
    entry = entry_of(article)
    assert entry.title == "나중에 저장한 제목 수소" and entry.indexed == 2


def test_an_item_held_by_another_worker_is_looked_at_when_its_lease_ends():
    article = make_article(status=Status.DRAFT)
    search_index_request([article])
    until = timezone.now() + LEASE
    SearchEntry.objects.filter(object_id=article.pk).update(indexing_until=until)
    before = {t.pk for t in queued(article)}
    assert index_item.call(LABEL, article.pk) == "busy"
    [again] = [t for t in queued(article) if t.pk not in before]
    assert again.run_after >= until
    assert entry_of(article).terms_a == ""  # the holder does the work, not this task


def test_a_failing_item_is_retried_with_back_off_and_never_blocks_others(run_tasks):
    broken = make_article(status=Status.PUBLISHED, headline="색인이 실패하는 보도자료")
    fine = make_article(status=Status.PUBLISHED, headline="실패와 무관한 창업 지원")
    real = documents.BUILDERS[Article]

    def failing_for_one(obj):
        if obj.pk == broken.pk:
            raise ValueError("analysis failed")
        return real(obj)

    search_index_request([broken, fine])
    started = timezone.now()
    with mock.patch.dict(documents.BUILDERS, {Article: failing_for_one}):
        run_tasks()
        assert "창업" in entry_of(fine).terms_a
        failed = DBTaskResult.objects.filter(status="FAILED").get()
        assert failed.args_kwargs["args"] == [LABEL, broken.pk]
        [retry] = queued(broken)
        assert retry.args_kwargs["kwargs"] == {"attempt": 1}
        assert timedelta(seconds=9) < retry.run_after - started < timedelta(seconds=30)
        assert entry_of(broken).indexing_until is None  # given up for the next attempt
        for attempt, delay in ((1, 60), (2, 300), (3, 1800)):
            retry.delete()
            with pytest.raises(ValueError):
                index_item.call(LABEL, broken.pk, attempt=attempt)
            [retry] = queued(broken)
            assert retry.args_kwargs["kwargs"] == {"attempt": attempt + 1}
            wait = (retry.run_after - timezone.now()).total_seconds()
            assert delay - 30 < wait <= delay
        retry.delete()
        with pytest.raises(ValueError):
            index_item.call(LABEL, broken.pk, attempt=4)
        assert queued(broken) == []  # five attempts in all, then it waits for the next change
    run_tasks()
    assert entry_of(broken).terms_a == ""


def test_an_embargo_lifting_needs_no_reindexing(client):
    article = make_article(
        status=Status.PUBLISHED, release_in=timedelta(hours=3), headline="엠바고 이차전지 실증"
    )
    search_index_item(article)
    assert "결과 없음" in client.get("/search/", {"q": "이차전지"}).text
    # The 보도시점 passes: search applies the public rule at query time.
    Article.objects.filter(pk=article.pk).update(release_at=timezone.now() - timedelta(minutes=1))
    assert "검색 결과 1건" in client.get("/search/", {"q": "이차전지"}).text


def test_a_new_photo_caption_reindexes_the_releases_showing_it(editor, run_tasks):
    from photos.services import photo_describe

    article = make_article(status=Status.DRAFT, photos=1)
    search_index_item(article)
    photo = article.photo_links.get().photo
    with transaction.atomic():
        photo_describe(photo=photo, by=editor, caption="포항 영일만 산업단지 전경")
    run_tasks()
    assert "영일만" in entry_of(article).terms_c


@pytest.mark.django_db(transaction=True)
def test_a_lost_database_connection_is_retried():
    """What a PostgreSQL restart does to a worker in the middle of a task."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL to end a connection from outside")
    from django.db import OperationalError, connections

    article = make_article(status=Status.PUBLISHED, headline="재연결 뒤 색인되는 창업 지원")
    with transaction.atomic():
        search_index_request([article])
    connection.ensure_connection()
    other = connections.create_connection("default")
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
    other.close()
    with pytest.raises(OperationalError):
        index_item.call(LABEL, article.pk)
    attempts = sorted(t.args_kwargs["kwargs"].get("attempt", 0) for t in queued(article))
    assert attempts == [0, 1]
    assert index_item.call(LABEL, article.pk) == "indexed"  # the connection came back


@pytest.mark.django_db(transaction=True)
def test_two_workers_index_many_items_and_lose_no_change():
    """Two real `db_worker` processes, while staff keep saving the same items."""
    if connection.vendor != "postgresql":
        pytest.skip("worker processes share the test database only on PostgreSQL")
    from tests.test_kit_workers import start_worker

    rounds, count = 6, 20
    articles = [
        make_article(status=Status.DRAFT, headline=f"동시 색인 시험 {n}번 0차")
        for n in range(count)
    ]

    def save(article, round_):
        # As the admin does: the change and its signal in one transaction.
        with transaction.atomic():
            article.headline = f"동시 색인 시험 {article.pk}번 {round_}차"
            article.save()
            content_changed.send(sender=Article, instance=article)

    for article in articles:
        save(article, 0)
    workers = [start_worker("--interval", "0.05", "--no-startup-delay") for _ in range(2)]
    try:
        deadline = time.monotonic() + 240
        while not DBTaskResult.objects.filter(status="SUCCESSFUL").exists():  # workers started
            assert time.monotonic() < deadline, "the workers did not start"
            assert all(w.poll() is None for w in workers), [w.communicate() for w in workers]
            time.sleep(0.1)
        for round_ in range(1, rounds):
            for article in articles:  # saved while the workers index the previous round
                save(article, round_)
            time.sleep(0.3)
        while DBTaskResult.objects.ready().exists() or DBTaskResult.objects.running().exists():
            assert time.monotonic() < deadline, "the workers did not finish"
            assert all(w.poll() is None for w in workers), [w.communicate() for w in workers]
            time.sleep(0.2)
    finally:
        for worker in workers:
            worker.terminate()
        outputs = [worker.communicate(timeout=60)[0] for worker in workers]

    results = DBTaskResult.objects.filter(task_path="search.tasks.index_item")
    assert not results.filter(status="FAILED").exists(), outputs
    assert results.filter(status="SUCCESSFUL").count() >= rounds * count, outputs
    assert len({w for r in results for w in r.worker_ids}) == 2  # both workers took part
    for article in articles:
        entry = entry_of(article)
        assert entry.title == f"동시 색인 시험 {article.pk}번 {rounds - 1}차"
        assert entry.indexed == entry.wanted == rounds
        assert entry.indexing_until is None
