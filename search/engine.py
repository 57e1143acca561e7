"""Queries against the search index, with the one public rule applied at query time."""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Case, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article
from events.models import Event
from search.analysis import highlight_terms, query_groups
from search.models import Kind, SearchEntry, SynonymGroup
from spokespeople.models import Person, Quote

SNIPPET = 90


def synonyms() -> dict[str, set[str]]:
    groups = {}
    for group in SynonymGroup.objects.all():
        terms = {t.lower().replace(" ", "") for t in group.term_list()}
        for term in terms:
            groups.setdefault(term, set()).update(terms - {term})
    return groups


def public_q(at=None) -> Q:
    """Entries whose item the public may see now: each kind by its own rule."""
    return (
        Q(kind=Kind.RELEASE, object_id__in=Article.objects.published(at).values("pk"))
        | Q(kind=Kind.EVENT, object_id__in=Event.objects.published(at).values("pk"))
        | Q(kind=Kind.QUOTE, object_id__in=Quote.objects.public(at).values("pk"))
        | Q(kind=Kind.PERSON, object_id__in=Person.objects.spokespeople().values("pk"))
    )


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(groups) -> str:
    return " & ".join(
        "("
        + " | ".join(
            "(" + " & ".join(_lexeme(t) for t in alternative) + ")" for alternative in group
        )
        + ")"
        for group in groups
    )


def _embedded_match(groups) -> Q:
    match = Q()
    for group in groups:
        either = Q()
        for alternative in group:
            both = Q()
            for term in alternative:
                both &= Q(terms_all__contains=f" {term} ")
            either |= both
        match &= either
    return match


@dataclass
class Query:
    text: str
    groups: list

    @classmethod
    def parse(cls, text: str):
        return cls(text=text.strip()[:200], groups=query_groups(text[:200], synonyms()))

    def __bool__(self):
        return bool(self.groups)

    def apply(self, queryset):
        """Entries matching every word, best first. PostgreSQL: tsvector + GIN; elsewhere: term containment."""
        if connection.vendor == "postgresql":
            query = tsquery(self.groups)
            matches = RawSQL(
                "search_searchentry.document @@ %s::tsquery", [query], output_field=BooleanField()
            )
            rank = RawSQL(
                "ts_rank_cd(search_searchentry.document, %s::tsquery, 1)",
                [query],
                output_field=FloatField(),
            )
            return queryset.filter(matches).annotate(rank=rank).order_by("-rank", "-date", "-pk")
        exact = [alt[0] for group in self.groups for alt in group if len(alt) == 1]
        title_hits = sum(
            (
                Case(
                    When(terms_a__contains=f" {t} ", then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
                for t in exact
            ),
            Value(0),
        )
        return (
            queryset.filter(_embedded_match(self.groups))
            .annotate(rank=title_hits)
            .order_by("-rank", "-date", "-pk")
        )

    def snippet(self, text: str) -> str:
        forms = highlight_terms(self.groups)
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


def search(text, *, kind=None, article_kind=None, year=None, public_only=True):
    query = Query.parse(text)
    if not query:
        return query, SearchEntry.objects.none()
    entries = SearchEntry.objects.all()
    if public_only:
        entries = entries.filter(public_q())
    if kind:
        entries = entries.filter(kind=kind)
    if article_kind:
        entries = entries.filter(article_kind=article_kind)
    if year:
        entries = entries.filter(year=year)
    return query, query.apply(entries)


def matching_ids(model, text) -> list[int]:
    """For admin search boxes: the ids of `model` items matching `text`, public or not."""
    kind = {Article: Kind.RELEASE, Event: Kind.EVENT, Quote: Kind.QUOTE, Person: Kind.PERSON}[model]
    _query, entries = search(text, kind=kind, public_only=False)
    return list(entries.values_list("object_id", flat=True)[:1000])
