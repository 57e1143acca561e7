from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control

from articles.feeds import ReleasesAtomFeed, ReleasesFeed
from articles.views import release_short
from events.views import event_short
from gbtp import views
from gbtp.sitemaps import SITEMAPS, sitemap_index
from search import views as search_views

admin.site.site_header = _("경북테크노파크 뉴스룸 관리")
admin.site.site_title = _("GBTP 뉴스룸 관리")
admin.site.index_title = _("보도자료·행사·발언 관리")

# Feeds and the sitemap hold only public items, so shared caches may keep them a few minutes.
public_for_5_minutes = cache_control(public=True, max_age=300)
rss, atom = public_for_5_minutes(ReleasesFeed()), public_for_5_minutes(ReleasesAtomFeed())

urlpatterns = [
    path("", views.home, name="home"),
    path("releases/feed/rss/", rss, name="feed-rss"),
    path("releases/feed/atom/", atom, name="feed-atom"),
    path("releases/feed/<str:category>/rss/", rss, name="feed-category-rss"),
    path("releases/feed/<str:category>/atom/", atom, name="feed-category-atom"),
    # Short permanent addresses (footers, QR codes, share buttons): redirect to the page's slug.
    path("r/<int:pk>/", release_short, name="release-short"),
    path("e/<int:pk>/", event_short, name="event-short"),
    path("releases/", include("articles.urls")),
    path("events/", include("events.urls")),
    path("spokespeople/", include("spokespeople.urls")),
    path("press-kits/", include("presskits.urls")),
    path("search/", search_views.search_page, name="search"),
    path("photos/", include("photos.urls")),
    path("share/", include("sharing.urls")),
    path("", include("distribution.urls")),
    path("sitemap.xml", public_for_5_minutes(sitemap_index), name="sitemap"),
    path(
        "sitemap-<str:section>.xml",
        public_for_5_minutes(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("language/<str:code>/", views.switch_language, name="language"),
    path("accounts/", include("accounts.urls")),
    path("admin/desk/", include("desk.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Uploads are never served straight from MEDIA_ROOT: photos and attachments go through views that
# apply the public rule (see photos.views and articles.views).
