from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render

from articles.models import Article
from core.views import get_visible_or_404, mark_private
from events.models import Event

PAGE_SIZE = 12


def article_list(request):
    articles = Article.objects.published().for_listing()
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "articles/article_list.html", {"page": page, "articles": page.object_list}
    )


def article_detail(request, slug):
    queryset = Article.objects.select_related("category").prefetch_related(
        "photo_links__photo",
        "contact_links__contact",
        "attachments",
        "tags",
        Prefetch(
            "related_events",
            queryset=Event.objects.published().with_dates().order_by("first_start"),
        ),
        # Quotes live in the spokespeople app, which depends on this one: reach them by relation name.
        "quotes__speaker",
        "quotes__organisation",
    )
    article, is_preview = get_visible_or_404(request, queryset, "articles.view_article", slug=slug)
    response = render(
        request, "articles/article_detail.html", {"article": article, "is_preview": is_preview}
    )
    return mark_private(response) if is_preview else response
