"""How releases plug into the apps below them: history, photo visibility and share links."""

import re

from django.db.models import Exists, OuterRef, Q

from articles.models import Article, ArticlePhoto
from photos.models import PHOTO_DIR

EMBEDDED_PHOTO = re.compile(r'src="/photos/([^"?#]+)"')


def embedded_photo_names(body: str) -> list[str]:
    """Storage names of photos placed in a release body through the editor."""
    return [PHOTO_DIR + name for name in EMBEDDED_PHOTO.findall(body or "")]


def photos_of(article: Article) -> Q:
    """The photos a release shows: its photo list and the images in its body."""
    return Q(pk__in=article.photo_links.values("photo_id")) | Q(
        image__in=embedded_photo_names(article.body)
    )


def photos_of_public_releases(at=None) -> Q:
    public = Article.objects.published(at)
    linked = Q(pk__in=ArticlePhoto.objects.filter(article__in=public).values("photo_id"))
    # A body image's URL holds its storage name, so a published body that contains it shows it.
    embedded = Exists(public.filter(body__contains=OuterRef("image")))
    return linked | embedded
