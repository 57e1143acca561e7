"""Keeping the search index current. Analysis (Kiwi, ~300 MiB) runs here, in the task worker.

A change that affects what search says of an item (an admin save or restore, a workflow move, one or
in bulk, a share link that stamps 배포일시, a photo's caption, an organisation's name) sends
`core.signals.content_changed` inside its transaction. `search_index_request()` then raises the
generation its entry wants and queues the task `search.tasks.index_item`, so the task exists exactly
when the change commits and vanishes with a rollback. Web processes never analyse anything; `manage.py db_worker` runs the task.

Generations keep a slow worker from storing an old state over a newer one: `wanted` counts the
changes asked for, `indexed` is the generation the stored document reflects. Indexing reads `wanted`
first, then the item, and writes (with the entry row locked) only if no newer generation is stored
already. A change committed after that read has raised `wanted` and queued another task, which will
read the newer state. A lease (`indexing_until`) keeps two workers from analysing the same item at
once: the second finds it taken and looks again when the lease ends, while the first, once done,
starts over if the item changed meanwhile.

Visibility is not stored in the index: search applies each kind's public rule at query time
(`search.engine.public_q`), so an embargo lifting needs no re-indexing.
"""

import html
import logging
import time
from datetime import timedelta

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core.cache import page_cache_bump
from search.analysis import IndexAnalyzer
from search.documents import BUILDERS, KINDS, PREFETCH
from search.models import SearchEntry, SearchWord

logger = logging.getLogger(__name__)
_analyzer = IndexAnalyzer()

# A worker holds an item this long at most; one that died gives the item up after it.
LEASE = timedelta(minutes=5)
RETRY_DELAYS = (10, 60, 300, 1800)  # seconds before each new attempt after a failure


def indexable(obj) -> bool:
    return type(obj) in BUILDERS


def _analysed(text: str):
    # Entities left in text (pasted from a web page's source: "R&amp;D") are decoded for analysis
    # only, so "amp" or "lt" never become terms; pages and snippets keep the characters as typed.
    return _analyzer.analyse(html.unescape(text))


def remember_words(analyses) -> None:
    """Add the words of a document to the lexicon (those it has not seen), in one statement.

    Sorted, so two workers adding overlapping words take the rows' locks in the same order.
    """
    seen = {}
    for analysis in analyses:
        for form, terms in analysis.words.items():
            if len(form) <= 100:
                seen.setdefault(form, terms[:300])
    SearchWord.objects.bulk_create(
        [SearchWord(form=form, analysis=seen[form]) for form in sorted(seen)],
        ignore_conflicts=True,
        batch_size=2000,
    )


def _terms(positioned) -> str:
    return " ".join(dict.fromkeys(term for term, _at in positioned))


# PostgreSQL's limits for a tsvector: positions up to 16383, 256 of them per lexeme.
MOST_POSITION = 16383
MOST_POSITIONS = 255


def tsvector_source(sections) -> str:
    """The text of a tsvector with positions and weights, from [(weight, [(term, position)])].

    Title (A), summary (B) and body (C) follow each other with a gap, so a word at the end of the
    title is never "next to" the first word of the summary. `ts_rank_cd` then weighs matches by
    section and by how close the query's words stand.
    """
    lexemes: dict[str, dict[int, str]] = {}
    offset = 0
    for weight, terms in sections:
        last = 0
        for term, at in terms:
            positions = lexemes.setdefault(term, {})
            where = min(offset + at, MOST_POSITION)
            if len(positions) < MOST_POSITIONS:
                positions.setdefault(where, weight)
            last = max(last, at)
        offset += last + 1
    return " ".join(
        "'"
        + term.replace("\\", "\\\\").replace("'", "''")
        + "':"
        + ",".join(f"{at}{weight}" for at, weight in sorted(positions.items()))
        for term, positions in lexemes.items()
    )


def analysed_terms(a: str, b: str, c: str):
    """The stored term fields of a document from its title, summary and body, with the analyses."""
    analyses = [_analysed(text) for text in (a, b, c)]
    sections = [(weight, analysis.terms) for weight, analysis in zip("ABC", analyses, strict=True)]
    terms_a, terms_b, terms_c = (_terms(terms) for _weight, terms in sections)
    fields = {
        "terms_a": terms_a,
        "terms_b": terms_b,
        "terms_c": terms_c,
        "terms_all": f" {terms_a} {terms_b} {terms_c} ",
        "document_source": tsvector_source(sections),
    }
    return fields, analyses


def _queryset(model):
    select, prefetch = PREFETCH[model]
    return model._default_manager.select_related(*select).prefetch_related(*prefetch)


def _entries(model, pk):
    content_type = ContentType.objects.get_for_model(model)
    return SearchEntry.objects.filter(content_type=content_type, object_id=pk)


# Asking for items to be indexed (inside the change's transaction).


def _affected(obj):
    """The item, and the quotes whose search text repeats its title or its speaker's name."""
    yield obj
    if hasattr(obj, "quotes"):
        yield from obj.quotes.all()


def search_items_touched_by(instance) -> list:
    """What a change of `instance` makes search say differently."""
    from articles.models import Article
    from events.models import Event
    from organisations.models import Organisation
    from photos.models import Photo
    from spokespeople.models import Person, Quote

    if indexable(instance):
        return list(_affected(instance))
    if isinstance(instance, Photo):  # a release's document carries its photos' captions
        return list(Article.objects.filter(photo_links__photo=instance).distinct())
    if isinstance(instance, Organisation):  # named in events, quotes and people
        return [
            *Event.objects.filter(organisation_roles__organisation=instance).distinct(),
            *Quote.objects.filter(organisation=instance),
            *Person.objects.filter(organisation=instance),
        ]
    return []


def search_index_request(items) -> None:
    """Queue these items for indexing: raise each entry's wanted generation and enqueue a task.

    Call it inside the change's transaction. A new item gets its entry now, without terms, so the
    generation has a place to live; the task fills it in.
    """
    from search.tasks import index_item

    for obj in items:
        model = type(obj)
        entries = _entries(model, obj.pk)
        if not entries.update(wanted=F("wanted") + 1):
            placeholder = SearchEntry(
                content_type=ContentType.objects.get_for_model(model),
                object_id=obj.pk,
                kind=KINDS[model],
                **{model._meta.model_name: obj},
            )
            # Two changes may make the same entry at once (a release and its quote): one insert wins.
            SearchEntry.objects.bulk_create([placeholder], ignore_conflicts=True)
            entries.update(wanted=F("wanted") + 1)
        index_item.enqueue(model._meta.label, obj.pk)


def search_content_changed(sender, instance, **kwargs):
    """Receiver of `core.signals.content_changed` (connected in search.apps)."""
    search_index_request(search_items_touched_by(instance))


# Indexing (in the task worker, or directly by `rebuild_search_index`).


def search_index(model, pk) -> SearchEntry | None:
    """Analyse one item as it is now and store its document; None when the item is gone.

    Never stores an older state over a newer one (see the module's docstring). The entry of an
    item that no longer exists is removed.
    """
    entries = _entries(model, pk)
    seen = entries.values_list("wanted", flat=True).first()  # before reading the item
    obj = _queryset(model).filter(pk=pk).first()
    if obj is None:
        entries.delete()
        return None
    document = BUILDERS[model](obj)
    terms, analyses = analysed_terms(document.a, document.b, document.c)
    remember_words(analyses)
    fields = {
        model._meta.model_name: obj,
        "kind": document.kind,
        "title": document.title[:300],
        "url": document.url,
        "date": document.date,
        "year": document.date.year if document.date else None,
        "article_kind": document.article_kind,
        "text": document.text,
        **terms,
    }
    with transaction.atomic():
        entry = entries.select_for_update().first()
        if entry is None:
            if seen is not None:  # the entry went with its item meanwhile
                return None
            new = SearchEntry(content_type=ContentType.objects.get_for_model(model), object_id=pk)
            for name, value in fields.items():
                setattr(new, name, value)
            SearchEntry.objects.bulk_create([new], ignore_conflicts=True)
            entry = entries.select_for_update().get()
        if entry.indexed > (seen or 0):
            return entry  # someone stored a newer state already
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.indexed = seen or 0
        entry.save(update_fields=[*fields, "indexed", "indexed_at"])
        # Search result pages in the page cache show the index: they go stale with it.
        transaction.on_commit(page_cache_bump, robust=True)
    return entry


def search_index_item(obj) -> SearchEntry | None:
    """Analyse `obj` now, in this process, and store its search document."""
    return search_index(type(obj), obj.pk)


def _claim(entries) -> bool:
    now = timezone.now()
    return bool(
        entries.filter(indexed__lt=F("wanted"))
        .filter(Q(indexing_until__isnull=True) | Q(indexing_until__lt=now))
        .update(indexing_until=now + LEASE)
    )


def search_index_run(model_label: str, pk: int) -> str:
    """What the task `index_item` does: bring one item's entry up to date. Returns what happened.

    Idempotent: a task for an entry already current does nothing ("current").
    """
    from search.tasks import index_item

    try:
        model = apps.get_model(model_label)
    except LookupError:
        model = None
    if model not in BUILDERS:  # no longer indexable: its entry goes
        app_label, _, model_name = model_label.lower().partition(".")
        SearchEntry.objects.filter(
            content_type__app_label=app_label, content_type__model=model_name, object_id=pk
        ).delete()
        return "removed"
    entries = _entries(model, pk)
    while True:
        if _claim(entries):
            try:
                entry = search_index(model, pk)
            finally:
                entries.update(indexing_until=None)
            if entry is None:
                return "removed"
            if not entries.filter(indexed__lt=F("wanted")).exists():
                return "indexed"
            continue  # changed while it was analysed: once more, with the newer state
        state = entries.values("wanted", "indexed", "indexing_until").first()
        if state is None:
            # No entry: the item was deleted (and its entry with it), or it never had one.
            if not model._default_manager.filter(pk=pk).exists():
                return "removed"
            search_index(model, pk)
            return "indexed"
        if state["indexed"] >= state["wanted"]:
            return "current"
        until = state["indexing_until"]
        if until is not None and until >= timezone.now():
            # Another worker holds it and starts over when done if it changed; should that worker
            # die, this look at the lease's end picks the item up.
            index_item.using(run_after=until + timedelta(seconds=1)).enqueue(model_label, pk)
            return "busy"
        # The lease ended between the claim and this look: claim again.


def search_retry_delay(attempt: int) -> timedelta | None:
    """How long to wait before attempt `attempt + 1` after a failure; None: give up."""
    if attempt >= len(RETRY_DELAYS):
        return None
    return timedelta(seconds=RETRY_DELAYS[attempt])


def search_rebuild(*, stdout=None) -> dict[str, int]:
    """Re-analyse every release, event, quote and person in this process; returns counts and time.

    Runs directly (no tasks): `rebuild_search_index`, the demo and the benchmarks call it. It is
    safe beside running workers: each item is written under the same generation rule.
    """
    started = time.perf_counter()
    counts = {}
    for model in BUILDERS:
        count = 0
        for pk in model._default_manager.order_by("pk").values_list("pk", flat=True).iterator():
            search_index(model, pk)
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
