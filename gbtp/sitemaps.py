from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as BaseSitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import Article
from events.models import Event
from presskits.models import KitBuild
from spokespeople.models import Person


class Sitemap(BaseSitemap):
    """Addresses on SITE_URL, never on whatever Host header the request carried."""

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ReleaseSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Article.objects.published()
            .annotate(corrected=Max("corrections__created_at"))
            .order_by("-release_at")
        )

    def lastmod(self, item):
        return max(d for d in (item.release_at, item.corrected, item.updated_at) if d)


class EventSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Event.objects.published().order_by("-release_at")

    def lastmod(self, item):
        return item.updated_at


class SpokespersonSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Person.objects.spokespeople().order_by("name")

    def lastmod(self, item):
        return item.updated_at


class PressKitSitemap(Sitemap):
    """Every public kit page: curated kits and the kit of each public release and event."""

    changefreq = "weekly"

    def items(self):
        return KitBuild.objects.public().select_related("presskit").order_by("-built_at", "-pk")

    def location(self, item):
        if item.presskit_id:
            return item.presskit.get_absolute_url()
        name = "presskits:release" if item.article_id else "presskits:event"
        return reverse(name, args=[item.owner_id])

    def lastmod(self, item):
        return item.built_at


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "articles:list", "events:list", "spokespeople:list"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return Article.objects.published().aggregate(latest=Max("release_at"))["latest"]


SITEMAPS = {
    "pages": PageSitemap,
    "releases": ReleaseSitemap,
    "events": EventSitemap,
    "spokespeople": SpokespersonSitemap,
    "press-kits": PressKitSitemap,
}
