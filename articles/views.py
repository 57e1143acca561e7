from pathlib import PurePath

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from articles.models import Article
from core.views import get_visible_or_404, mark_private
from events.models import Event
from sharing.services import session_links

PAGE_SIZE = 12


def article_list(request):
    articles = Article.objects.published().for_listing()
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "articles/article_list.html", {"page": page, "articles": page.object_list}
    )


def _detail_queryset():
    return Article.objects.select_related("category").prefetch_related(
        "photo_links__photo",
        "contact_links__contact",
        "attachments",
        "tags",
        "corrections",
        Prefetch(
            "related_events",
            queryset=Event.objects.published().with_dates().order_by("first_start"),
        ),
        # Quotes live in the spokespeople app, which depends on this one: reach them by relation name.
        "quotes__speaker",
        "quotes__organisation",
    )


def _render_detail(request, article, **context):
    return render(request, "articles/article_detail.html", {"article": article, **context})


def article_detail(request, slug):
    article, is_preview = get_visible_or_404(
        request, _detail_queryset(), "articles.view_article", slug=slug
    )
    response = _render_detail(request, article, is_preview=is_preview)
    return mark_private(response) if is_preview else response


def render_for_share_link(request, article, link):
    """What a share-link recipient sees: the release page with their name and the embargo notice."""
    article = _detail_queryset().get(pk=article.pk)
    return _render_detail(request, article, share_link=link, is_preview=not article.is_public)


def _shared_with_visitor(request, article):
    content_type = ContentType.objects.get_for_model(Article)
    return session_links(request).filter(content_type=content_type, object_id=article.pk).exists()


def attachment_download(request, slug, pk):
    """붙임 files follow their release: public, staff preview, or a share-link holder."""
    article = Article.objects.filter(slug=slug).first()
    if article is None:
        raise Http404
    public = article.is_public
    staff = request.user.is_staff and request.user.has_perm("articles.view_article")
    if not (public or staff or _shared_with_visitor(request, article)):
        raise Http404
    attachment = get_object_or_404(article.attachments, pk=pk)
    try:
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=PurePath(attachment.file.name).name,
        )
    except FileNotFoundError as missing:
        raise Http404 from missing
    return response if public else mark_private(response)
