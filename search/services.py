"""Keeping the search index current. Analysis (Kiwi) runs here, in whichever process indexes.

With `SEARCH_INDEX_INLINE` on (the default with DEBUG, and in tests) an admin save re-indexes the item
at once. In production it is off: the save marks the entry stale and `manage.py search_worker`, a
separate process, re-indexes within seconds, so web workers never load the ~300 MiB model.
"""

import logging
import time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connections, transaction
from django.utils import timezone

from search.analysis import IndexAnalyzer
from search.documents import BUILDERS, PREFETCH
from search.models import SearchEntry

logger = logging.getLogger(__name__)
_analyzer = IndexAnalyzer()


def indexable(obj) -> bool:
    return type(obj) in BUILDERS


def _terms(text: str) -> str:
    return " ".join(dict.fromkeys(_analyzer.terms(text)))


def _queryset(model):
    select, prefetch = PREFETCH[model]
    return model._default_manager.select_related(*select).prefetch_related(*prefetch)


def search_index_item(obj) -> SearchEntry:
    """Analyse one item now and store its search document."""
    model = type(obj)
    obj = _queryset(model).get(pk=obj.pk)
    document = BUILDERS[model](obj)
    a, b, c = _terms(document.a), _terms(document.b), _terms(document.c)
    entry, _ = SearchEntry.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=obj.pk,
        defaults={
            model._meta.model_name: obj,
            "kind": document.kind,
            "title": document.title[:300],
            "url": document.url,
            "date": document.date,
            "year": document.date.year if document.date else None,
            "article_kind": document.article_kind,
            "text": document.text,
            "terms_a": a,
            "terms_b": b,
            "terms_c": c,
            "terms_all": f" {a} {b} {c} ",
            "stale": False,
        },
    )
    return entry


def search_mark_stale(obj):
    """Queue `obj` for the search worker; a new item gets a placeholder entry marked stale."""
    model = type(obj)
    content_type = ContentType.objects.get_for_model(model)
    updated = SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk).update(
        stale=True
    )
    if not updated:
        # The same builder the worker uses names the entry, so every indexable kind works here,
        # quotes included (they have no page of their own).
        document = BUILDERS[model](obj)
        SearchEntry.objects.create(
            content_type=content_type, object_id=obj.pk, kind=document.kind,
            title=document.title[:300], url=document.url, stale=True,
            **{model._meta.model_name: obj},
        )  # fmt: skip


def _affected(obj):
    """The item, and the quotes whose search text repeats its title or its speaker's name."""
    yield obj
    if hasattr(obj, "quotes"):
        yield from obj.quotes.all()


def search_index_after_admin_save(request, obj):
    """Run after every admin save and restore (search.admin.SearchIndexedAdmin)."""
    if not indexable(obj):
        return
    items = list(_affected(obj))
    if settings.SEARCH_INDEX_INLINE:
        transaction.on_commit(lambda: [search_index_item(item) for item in items])
    else:
        for item in items:
            search_mark_stale(item)


def search_rebuild(*, stdout=None) -> dict[str, int]:
    """Re-analyse every release, event, quote and person; returns counts and items per second."""
    started = time.perf_counter()
    counts = {}
    for model in BUILDERS:
        count = 0
        for obj in _queryset(model).iterator(chunk_size=500):
            search_index_item(obj)
            count += 1
        counts[model._meta.model_name] = count
        if stdout:
            stdout.write(f"{model._meta.verbose_name_plural}: {count}")
    live = {(ct, pk) for ct, pk in SearchEntry.objects.values_list("content_type_id", "object_id")}
    existing = set()
    for model in BUILDERS:
        ct = ContentType.objects.get_for_model(model).pk
        existing |= {(ct, pk) for pk in model._default_manager.values_list("pk", flat=True)}
    gone = live - existing
    for ct, pk in gone:
        SearchEntry.objects.filter(content_type_id=ct, object_id=pk).delete()
    elapsed = time.perf_counter() - started
    counts["seconds"] = round(elapsed, 2)
    return counts


def search_process_stale(limit=200) -> int:
    """Index what admin saves marked stale; the worker calls this in a loop.

    One item that cannot be indexed is logged and moved to the back of the queue, so it never
    blocks the others.
    """
    done = 0
    waiting = SearchEntry.objects.filter(stale=True).select_related("content_type")
    for entry in waiting.order_by("indexed_at", "pk")[:limit]:
        model = entry.content_type.model_class()
        obj = (
            model._default_manager.filter(pk=entry.object_id).first() if model in BUILDERS else None
        )
        try:
            if obj is None:
                entry.delete()
            else:
                search_index_item(obj)
        except DatabaseError:
            raise  # the connection itself failed: the worker reconnects and tries again
        except Exception:
            logger.exception("search: could not index %s #%s", entry.content_type, entry.object_id)
            SearchEntry.objects.filter(pk=entry.pk).update(indexed_at=timezone.now())
            continue
        done += 1
    return done


def _drop_dead_connections():
    """Close a connection that died (a PostgreSQL restart); the next query opens a new one.

    Like Django does between two requests, but never inside a transaction (the tests run the worker
    inside one, and closing it there would end it).
    """
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close_if_unusable_or_obsolete()


def search_worker_run(*, interval=2.0, once=False, stdout=None, sleep=time.sleep, loops=None):
    """The worker's loop: survives a database restart by reconnecting with a growing pause."""
    backoff = interval
    count = 0
    while loops is None or count < loops:
        count += 1
        try:
            _drop_dead_connections()
            done = search_process_stale()
        except DatabaseError as error:
            logger.warning(
                "search worker: database unavailable (%s); retrying in %.0f s", error, backoff
            )
            connections.close_all()
            if once:
                raise
            sleep(backoff)
            backoff = min(backoff * 2, 60)
            continue
        backoff = interval
        if done and stdout is not None:
            stdout.write(f"re-indexed {done}")
        if once:
            return
        if not done:
            sleep(interval)
