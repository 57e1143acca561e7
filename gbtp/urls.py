from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from gbtp import views

admin.site.site_header = _("경북테크노파크 뉴스룸 관리")
admin.site.site_title = _("GBTP 뉴스룸 관리")
admin.site.index_title = _("보도자료·행사·발언 관리")

urlpatterns = [
    path("", views.home, name="home"),
    path("releases/", include("articles.urls")),
    path("events/", include("events.urls")),
    path("spokespeople/", include("spokespeople.urls")),
    path("admin/photos/", include("photos.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    # Development only: in production the web server or object storage serves uploads.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
