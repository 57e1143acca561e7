"""Queries against the search index, with the one public rule applied at query time."""

import itertools
import math
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BooleanField, Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.models import published_q
from search.analysis import (
    QueryParser,
    edits,
    highlight_terms,
    lookup_forms,
    normalise,
    term_sets,
    to_tsquery,
    words,
)
from search.models import Kind, SearchEntry, SearchWord, SynonymGroup
from spokespeople.models import public_quote_q

SNIPPET = 90
# Only the most recent this-many matches are ranked (the public ones among them), with as many of the
# most recent title matches: a broad word over 100,000 releases would otherwise rank tens of
# thousands of rows for ten results. The page then says "N건 이상" (see bench/search.py).
CANDIDATES = 100


# The synonym table, read once a minute per process: a change staff make reaches every web worker
# within a minute (at once in the process that saved it, see search.apps).
SYNONYMS_SECONDS = 60
_synonyms: dict = {"table": None, "until": 0.0}


def synonyms() -> dict[str, list[str]]:
    """Each term (spaces removed) → the other terms it is the same as, as written (spaced: a phrase).

    Groups that share a term are one: 양해각서 = MOU in one group and MOU = 업무협약 in another make
    양해각서 find 업무협약.
    """
    if _synonyms["table"] is None or time.monotonic() >= _synonyms["until"]:
        _synonyms.update(table=_synonym_table(), until=time.monotonic() + SYNONYMS_SECONDS)
    return _synonyms["table"]


def synonyms_changed(**kwargs) -> None:
    _synonyms["table"] = None


def _synonym_table() -> dict[str, list[str]]:
    merged: list[list[str]] = []
    for group in SynonymGroup.objects.all():
        terms = list(dict.fromkeys(normalise(t) for t in group.term_list()))
        keys = {t.replace(" ", "") for t in terms}
        for other in [m for m in merged if keys & {t.replace(" ", "") for t in m}]:
            merged.remove(other)
            terms = list(dict.fromkeys(other + terms))
        merged.append(terms)
    table: dict[str, list[str]] = {}
    for terms in merged:
        for term in terms:
            key = term.replace(" ", "")
            others = table.setdefault(key, [])
            others += [t for t in terms if t.replace(" ", "") != key and t not in others]
    return table


def lexicon(forms) -> dict[str, str]:
    """The analyses the index made of these forms (those it has seen), in one query."""
    forms = [f for f in forms if len(f) <= 100]
    return dict(SearchWord.objects.filter(form__in=forms).values_list("form", "analysis"))


def public_q(at=None) -> Q:
    """Entries whose item the public may see now, each kind by its own rule, as joins on primary keys."""
    return (
        (Q(kind=Kind.RELEASE) & published_q(at, "article__"))
        | (Q(kind=Kind.EVENT) & published_q(at, "event__"))
        | (Q(kind=Kind.QUOTE, quote__isnull=False) & public_quote_q(at, "quote__"))
        | Q(kind=Kind.PERSON, person__is_spokesperson=True)
    )


def public_entries(at=None):
    return SearchEntry.objects.filter(public_q(at))


_rows = {"count": 0, "until": 0.0}


def _rows_in_index() -> int:
    """About how many entries the index holds: the planner's statistics, read every ten minutes."""
    if time.monotonic() >= _rows["until"]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'search_searchentry'")
            row = cursor.fetchone()
        _rows.update(count=max(int(row[0]) if row else 0, 0), until=time.monotonic() + 600)
    return _rows["count"]


def _probe_size(limit: int) -> int:
    return max(1000, int(math.sqrt(limit * _rows_in_index())))


@contextmanager
def _sequential_scans_off():
    """Inside: the planner may not scan the whole table (the GIN or the date index must serve).

    SET LOCAL lasts to the end of the outermost transaction, so inside one already (a test, an
    atomic request) the setting is put back on the way out; otherwise a transaction of its own
    ends it.
    """
    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = on")
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def _newest_matches(queryset, column: str, query: str, limit: int) -> list[int]:
    """The ids of the newest `limit` entries whose `column` matches `query`, without trusting the
    planner's guess of how many match. Call inside `_sequential_scans_off()`.

    The planner cannot estimate a tsquery with phrase operators and alternatives (it was off by a
    factor of 200), and the two ways to the newest matches cost opposite things: collecting every
    match from the GIN index costs one row per match, walking the date index newest first costs one
    row per entry passed. So: first collect at most `probe` matches from the GIN index; if that was
    all of them, sort those. Otherwise matches are dense (at least probe in N), and the walk finds
    `limit` of them after about limit·N/probe rows. With probe = √(limit·N) neither step exceeds
    about √(limit·N) rows: 4,500 at 100,000 entries.
    """
    probe = _probe_size(limit)
    indexed = RawSQL(f"search_searchentry.{column} @@ %s::tsquery", [query], BooleanField())
    found = list(queryset.filter(indexed).order_by().values_list("pk", "date")[:probe])
    if len(found) < probe:
        found.sort(key=lambda row: (row[1] is not None, row[1], row[0]), reverse=True)
        return [pk for pk, _date in found[:limit]]
    # The same test written so no index can answer it: the date index is the only way left.
    walked = RawSQL(
        f"(search_searchentry.{column} @@ %s::tsquery) IS TRUE", [query], BooleanField()
    )
    return list(
        queryset.filter(walked).order_by("-date", "-pk").values_list("pk", flat=True)[:limit]
    )


def _embedded_match(units) -> Q:
    """SQLite: every unit, each as one of its sets of terms, by containment (positions ignored)."""
    match = Q()
    for unit in units:
        either = Q()
        for terms in term_sets(unit):
            both = Q()
            for term in sorted(terms):
                both &= Q(terms_all__contains=f" {term} ")
            either |= both
        match &= either
    return match


@dataclass
class Query:
    text: str
    units: list
    capped: bool = False

    @classmethod
    def parse(cls, text: str, table: dict | None = None):
        text = text.strip()[:200]
        table = synonyms() if table is None else table
        parser = QueryParser(lexicon(lookup_forms(text, table)), table)
        return cls(text=text, units=parser.parse(text))

    def __bool__(self):
        return bool(self.units)

    def tsquery(self) -> str:
        return " & ".join(to_tsquery(unit) for unit in self.units)

    def apply(self, queryset, visible: Q | None = None, newest: bool = False):
        """Entries matching every word, best first, among the most recent CANDIDATES matches and
        (for a broad query) the most recent CANDIDATES whose title matches.

        PostgreSQL: the GIN-indexed tsvector; elsewhere (SQLite): containment on the terms text.
        `visible` (the public rule) is applied to the candidates, a few hundred rows found by primary
        key, rather than joined into the index scan, where it would be checked for every match.
        """
        if connection.vendor == "postgresql":
            query = self.tsquery()
            # Cover density over positions and weights (a title match counts 1.0, a summary match
            # 0.4, a body match 0.2; words of the query close together count more), normalised by
            # the document's length, and eased by age: ten years halve it (no date, or a date ahead: no
            # easing).
            rank = RawSQL(
                "ts_rank_cd(search_searchentry.document, %s::tsquery, 1)"
                " / (1 + GREATEST(EXTRACT(EPOCH FROM (now() - search_searchentry.date)), 0)"
                " / (86400 * 3650.0))",
                [query],
                output_field=FloatField(),
            )
        else:
            exact = highlight_terms(self.units)
            hits = (
                Case(
                    When(terms_a__contains=f" {t} ", then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
                for t in exact
            )
            rank = sum(hits, Value(0))
            matched = queryset.filter(_embedded_match(self.units))
        # Two steps, not a subquery: the rank expression names the outer table.
        if connection.vendor == "postgresql":
            with _sequential_scans_off():
                candidates = _newest_matches(queryset, "document", query, CANDIDATES)
                self.capped = len(candidates) >= CANDIDATES
                if self.capped and not newest:
                    # Beside the newest matches, the newest title matches (their own small GIN
                    # index): a release whose headline says what was asked is ranked however old.
                    candidates += _newest_matches(queryset, "title_document", query, CANDIDATES)
        else:
            candidates = list(
                matched.order_by(F("date").desc(nulls_last=True), "-pk").values_list(
                    "pk", flat=True
                )[:CANDIDATES]
            )
            self.capped = len(candidates) >= CANDIDATES  # older matches exist beyond the window
        ranked = SearchEntry.objects.filter(pk__in=candidates)
        if visible is not None:
            ranked = ranked.filter(visible)
        if newest:
            return ranked.order_by(F("date").desc(nulls_last=True), "-pk")
        return ranked.annotate(rank=rank).order_by("-rank", "-date", "-pk")

    def snippet(self, text: str) -> str:
        forms = highlight_terms(self.units)
        if not forms:
            return escape(text[: SNIPPET * 2])
        pattern = re.compile("|".join(re.escape(f) for f in forms), re.IGNORECASE)
        found = pattern.search(text)
        start = max(0, found.start() - SNIPPET) if found else 0
        piece = text[start : start + SNIPPET * 2]
        marked = pattern.sub(lambda m: f"\x00{m.group(0)}\x01", piece)
        html = escape(marked).replace("\x00", "<mark>").replace("\x01", "</mark>")
        return mark_safe(
            ("…" if start else "") + html + ("…" if start + SNIPPET * 2 < len(text) else "")
        )


def search(
    text, *, kind=None, article_kind=None, year=None, public_only=True, newest=False, table=None
):
    """Matches of `text`, best first (`newest`: newest first), under the public rule."""
    query = Query.parse(text, table)
    if not query:
        return query, SearchEntry.objects.none()
    entries = SearchEntry.objects.all()
    if kind:
        entries = entries.filter(kind=kind)
    if article_kind:
        entries = entries.filter(article_kind=article_kind)
    if year:
        entries = entries.filter(year=year)
    return query, query.apply(entries, visible=public_q() if public_only else None, newest=newest)


def matching_ids(model, text) -> list[int]:
    """For admin search boxes: the ids of `model` items matching `text`, public or not."""
    kind = {
        "article": Kind.RELEASE,
        "event": Kind.EVENT,
        "quote": Kind.QUOTE,
        "person": Kind.PERSON,
    }[model._meta.model_name]
    _query, entries = search(text, kind=kind, public_only=False)
    return list(entries.values_list("object_id", flat=True)[:1000])


def did_you_mean(text: str) -> str | None:
    """For a query that found nothing: the same query with a typo mended from the index's vocabulary.

    Each word the lexicon does not know is tried with one edit (a syllable's initial, vowel or final
    consonant, a dropped, doubled or swapped character, a Latin letter; Latin typed with the Korean
    keyboard in English mode). A suggestion is offered only when it finds something public now: the
    lexicon also holds words of unpublished items, which must not show through.
    """
    query_words = words(text)
    if not query_words or len(query_words) > 6:
        return None
    table = synonyms()
    known = lexicon({f for w in query_words for f in [w, *edits(w)]})
    mended, changed = [], False
    for word in query_words:
        if word in known or word in table:
            mended.append([word])
            continue
        options = [e for e in edits(word) if e in known]
        if not options:
            mended.append([word])
            continue
        mended.append(options[:8])
        changed = True
    if not changed:
        return None
    for choice in itertools.islice(_choices(mended), 8):
        suggestion = " ".join(choice)
        query, entries = search(suggestion, table=table)
        if query and entries.exists():
            return suggestion
    return None


def _choices(options):
    """The combinations of each word's options, first options first."""
    if not options:
        yield []
        return
    for rest in _choices(options[1:]):
        for first in options[0]:
            yield [first, *rest]
