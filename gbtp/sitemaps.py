"""The sitemap: an index at /sitemap.xml naming one sitemap per kind of page, each in pages of at
most 50,000 addresses (the protocol's limit), so every public address is listed however large the
newsroom grows. The index costs one query per kind (how many, and the latest change, together); a
sitemap page two (how many, and its rows)."""

import math
from functools import cached_property
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as BaseSitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Count, Max
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date

from articles.models import Article
from events.models import Event
from presskits.models import KitBuild
from spokespeople.models import Person


class Sitemap(BaseSitemap):
    """Addresses on SITE_URL, never on whatever Host header the request carried."""

    changed_field = "updated_at"  # what `summary()` takes the latest change from

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def summary(self):
        """(number of addresses, latest change or None), in one query."""
        found = self.items().order_by().aggregate(count=Count("pk"), latest=Max(self.changed_field))
        return found["count"], found["latest"]

    def get_latest_lastmod(self):
        return self.summary()[1]


class ReleaseSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        # A correction is written by saving its release: updated_at covers it.
        return (
            Article.objects.published()
            .only("slug", "release_at", "updated_at")
            .order_by("-release_at", "-pk")
        )

    def lastmod(self, item):
        return max(d for d in (item.release_at, item.updated_at) if d)

    def summary(self):
        found = (
            Article.objects.published()
            .order_by()
            .aggregate(count=Count("pk"), updated=Max("updated_at"), released=Max("release_at"))
        )
        latest = [d for d in (found["updated"], found["released"]) if d]
        return found["count"], max(latest) if latest else None


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

    changed_field = "built_at"


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "articles:list", "events:list", "spokespeople:list"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return self.latest_release

    @cached_property
    def latest_release(self):
        return Article.objects.published().aggregate(latest=Max("release_at"))["latest"]

    def summary(self):
        return len(self.items()), self.latest_release


SITEMAPS = {
    "pages": PageSitemap,
    "releases": ReleaseSitemap,
    "events": EventSitemap,
    "spokespeople": SpokespersonSitemap,
    "press-kits": PressKitSitemap,
}


@x_robots_tag
def sitemap_index(request):
    """/sitemap.xml: every page of every kind's sitemap, with its latest change."""
    entries, changes = [], []
    for section, kind in SITEMAPS.items():
        sitemap = kind()
        count, latest = sitemap.summary()
        if not count:
            continue  # nothing of this kind is public yet
        address = sitemap.get_protocol() + "://" + sitemap.get_domain()
        address += reverse("sitemap-section", kwargs={"section": section})
        for page in range(1, max(1, math.ceil(count / sitemap.limit)) + 1):
            entries.append(
                SitemapIndexItem(address if page == 1 else f"{address}?p={page}", latest)
            )
        changes.append(latest)
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
    if all(changes):
        response.headers["Last-Modified"] = http_date(max(changes).timestamp())
    return response
