"""RSS 2.0 and Atom feeds of public releases, for all releases and per category."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _

from articles.models import Article, Category
from core.sanitize import plain_text
from core.seo import absolute, summary

FEED_SIZE = 30


class KoreanRssFeed(Rss201rev2Feed):
    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement("language", "ko")


class ReleasesFeed(Feed):
    feed_type = KoreanRssFeed
    language = "ko"

    def get_object(self, request, category=None):
        return get_object_or_404(Category, slug=category) if category else None

    def title(self, category):
        name = settings.NEWSROOM_NAME
        return f"{name} — {category.name}" if category else f"{name} — {_('보도자료')}"

    # Absolute on SITE_URL, whatever Host header the feed reader sent.
    def link(self, category):
        return absolute(
            reverse("articles:list") + (f"?category={category.slug}" if category else "")
        )

    def feed_url(self, category):
        kind = "atom" if self.feed_type is Atom1Feed else "rss"
        if category:
            return absolute(reverse(f"feed-category-{kind}", args=[category.slug]))
        return absolute(reverse(f"feed-{kind}"))

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def description(self, category):
        return _("경북테크노파크 보도자료")

    def items(self, category):
        items = (
            Article.objects.published()
            .select_related("category")
            .prefetch_related("corrections", "tags")
        )
        if category:
            items = items.filter(category=category)
        return items.order_by("-release_at")[:FEED_SIZE]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # RSS descriptions and Atom summaries (type="html") are HTML that the XML writer escapes
        # again: plain text is escaped once here, or a reader would take "<연구>" for a tag.
        if item.is_coverage:
            return self._coverage_description(item)
        text = summary(item.lead or plain_text(item.body), 400)
        notes = [f"[{_('정정')} {c.created_at:%Y-%m-%d}] {c.note}" for c in item.corrections.all()]
        return "<br>\n".join(escape(line) for line in [text, *notes])

    @staticmethod
    def _coverage_description(item):
        """An outlet's article: the excerpt the office may show, who wrote it, a link to the
        original and its copyright line; never the body."""
        byline = item.outlet
        if item.reporter:
            byline += " · " + _("%(name)s 기자") % {"name": item.reporter}
        lines = [escape(byline)]
        if item.lead:
            lines.append(escape(f"[{_('발췌')}] {summary(item.lead, 400)}"))
        if item.source_url:
            link = _("%(outlet)s에서 기사 전문 보기") % {"outlet": item.outlet}
            lines.append(format_html('<a href="{}">{}</a>', item.source_url, link))
        notice = item.copyright_line or _("저작권은 %(outlet)s에 있습니다.") % {
            "outlet": item.outlet
        }
        lines.append(escape(notice))
        return "<br>\n".join(lines)

    def item_pubdate(self, item):
        return item.release_at

    def item_updateddate(self, item):
        # A correction is the update feed readers should notice.
        return max(item.last_corrected_at or item.release_at, item.release_at)

    def item_categories(self, item):
        return [item.category.name] if item.category else []

    def item_author_name(self, item):
        return item.outlet if item.kind == "coverage" else "(재)경북테크노파크"

    def item_guid(self, item):
        return absolute(item.get_absolute_url())

    item_guid_is_permalink = True


class ReleasesAtomFeed(ReleasesFeed):
    feed_type = Atom1Feed

    def subtitle(self, category):
        return self.description(category)
