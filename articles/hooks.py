"""How releases plug into the apps below them: photo visibility and share links."""

from django.db.models import Q

from articles.models import Article, ArticlePhoto
from core.models import Status

EmbeddedPhoto = Article.embedded_photos.through


def photos_of(article: Article) -> Q:
    """The photos a release shows: its photo list and the images in its body."""
    return Q(pk__in=article.photo_links.values("photo_id")) | Q(
        pk__in=article.embedded_photos.values("pk")
    )


def _photos_shown_by(articles) -> Q:
    return Q(pk__in=ArticlePhoto.objects.filter(article__in=articles).values("photo_id")) | Q(
        pk__in=EmbeddedPhoto.objects.filter(article__in=articles).values("photo_id")
    )


def photos_of_public_releases(at=None) -> Q:
    return _photos_shown_by(Article.objects.published(at))


def photos_of_releases_past_draft() -> Q:
    return _photos_shown_by(Article.objects.exclude(status=Status.DRAFT))
