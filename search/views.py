from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Article
from articles.models import Kind as ArticleKind
from core.seo import PageMeta
from search.engine import search, synonyms
from search.models import Kind

PAGE_SIZE = 10


def search_page(request):
    text = request.GET.get("q", "").strip()
    kind = request.GET.get("type") if request.GET.get("type") in Kind.values else ""
    article_kind = request.GET.get("kind") if request.GET.get("kind") in ArticleKind.values else ""
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 1990 < int(year) < 2100 else None
    # One search over every kind; the type tabs count it and the chosen tab narrows it.
    query, everything = search(text, article_kind=article_kind or None, year=year)
    counts = (
        dict(everything.order_by().values_list("kind").annotate(total=Count("pk"))) if query else {}
    )
    results = everything.filter(kind=kind) if kind else everything
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    hits = [{"entry": entry, "snippet": query.snippet(entry.text)} for entry in page.object_list]
    context = {
        "q": text,
        "kind": kind,
        "article_kind": article_kind,
        "year": year,
        "page": page,
        "hits": hits,
        "tabs": [("", _("전체"), sum(counts.values()))]
        + [(value, label, counts.get(value, 0)) for value, label in Kind.choices],
        "article_kinds": ArticleKind.choices,
        "years": _years(everything) if query else [],
        "capped": query.capped,
        "querystring": _querystring(text, kind, article_kind, year),
        "meta": PageMeta(
            title=_("검색: %(q)s") % {"q": text} if text else _("검색"),
            description=_("경북테크노파크 뉴스룸 검색"),
            path=reverse("search"),
        ),
    }
    if text and not page.paginator.count:
        context["suggestions"] = _suggestions(text)
        context["recent"] = Article.objects.published().order_by("-release_at")[:5]
    response = render(request, "search/search.html", context)
    response["X-Robots-Tag"] = "noindex"  # result pages are for readers, not for search engines
    return response


def _years(entries):
    """The years among the matches, for narrowing them down."""
    return sorted(
        set(entries.order_by().exclude(year=None).values_list("year", flat=True)), reverse=True
    )


def _querystring(text, kind, article_kind, year):
    from urllib.parse import urlencode

    values = {"q": text, "type": kind, "kind": article_kind, "year": year or ""}
    return urlencode({k: v for k, v in values.items() if v})


def _suggestions(text):
    """Other words with the same meaning, and shorter forms of the query."""
    table = synonyms()
    words = text.split()
    suggestions = []
    for word in words:
        suggestions += sorted(table.get(word.lower(), ()))
    if len(words) > 1:
        suggestions += words
    return list(dict.fromkeys(suggestions))[:8]
