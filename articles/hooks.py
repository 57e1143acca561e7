"""How releases plug into the apps below them: photo visibility and share links."""

from django.db.models import Q

from articles.models import Article, ArticlePhoto
from core.models import Status
from photos.embedded import photos_linked


def photos_of(article: Article) -> Q:
    """The photos a release shows: its photo list and the images in its body."""
    return Q(pk__in=article.photo_links.values("photo_id")) | Q(
        pk__in=article.embedded_photos.values("pk")
    )


def _photos_shown_by(articles) -> Q:
    return photos_linked(ArticlePhoto, "article", articles) | photos_linked(
        Article.embedded_photos.through, "article", articles
    )


def photos_of_public_releases(at=None) -> Q:
    return _photos_shown_by(Article.objects.published(at))


def photos_of_releases_past_draft() -> Q:
    return _photos_shown_by(Article.objects.exclude(status=Status.DRAFT))
