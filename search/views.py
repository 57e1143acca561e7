from collections import Counter

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Article
from articles.models import Kind as ArticleKind
from core.seo import PageMeta
from search.engine import did_you_mean, search, synonyms
from search.models import Kind, SearchEntry

PAGE_SIZE = 10


def search_page(request):
    text = request.GET.get("q", "").strip()
    kind = request.GET.get("type") if request.GET.get("type") in Kind.values else ""
    article_kind = request.GET.get("kind") if request.GET.get("kind") in ArticleKind.values else ""
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 1990 < int(year) < 2100 else None
    newest = request.GET.get("sort") == "date"  # 최신순; 정확도순 otherwise
    # One search over every kind, read once as (id, kind, year) in rank order: the type tabs count it,
    # the year choices come from it, and the chosen tab narrows it.
    query, everything = search(text, article_kind=article_kind or None, year=year, newest=newest)
    rows = list(everything.values_list("pk", "kind", "year")) if query else []
    counts = Counter(row_kind for _pk, row_kind, _year in rows)
    chosen = [pk for pk, row_kind, _year in rows if not kind or row_kind == kind]
    page = Paginator(chosen, PAGE_SIZE).get_page(request.GET.get("page"))
    by_id = SearchEntry.objects.in_bulk(page.object_list)
    hits = [
        {"entry": by_id[pk], "snippet": query.snippet(by_id[pk].text)}
        for pk in page.object_list
        if pk in by_id
    ]
    context = {
        "q": text,
        "kind": kind,
        "article_kind": article_kind,
        "year": year,
        "newest": newest,
        "page": page,
        "hits": hits,
        "tabs": [("", _("전체"), sum(counts.values()))]
        + [(value, label, counts.get(value, 0)) for value, label in Kind.choices],
        "article_kinds": ArticleKind.choices,
        "years": sorted({row_year for _pk, _kind, row_year in rows if row_year}, reverse=True),
        "capped": query.capped,
        "querystring": _querystring(text, kind, article_kind, year, newest),
        # The same search in the other order (the page's other filters kept).
        "by_relevance": _querystring(text, kind, article_kind, year, False),
        "by_date": _querystring(text, kind, article_kind, year, True),
        "meta": PageMeta(
            title=_("검색: %(q)s") % {"q": text} if text else _("검색"),
            description=_("경북테크노파크 뉴스룸 검색"),
            path=reverse("search"),
        ),
    }
    if text and not page.paginator.count:
        context["mended"] = did_you_mean(text)
        context["suggestions"] = _suggestions(text)
        context["recent"] = Article.objects.published().order_by("-release_at")[:5]
    response = render(request, "search/search.html", context)
    response["X-Robots-Tag"] = "noindex"  # result pages are for readers, not for search engines
    return response


def _querystring(text, kind, article_kind, year, newest):
    from urllib.parse import urlencode

    values = {
        "q": text,
        "type": kind,
        "kind": article_kind,
        "year": year or "",
        "sort": "date" if newest else "",
    }
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
