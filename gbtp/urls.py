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
    path("photos/", include("photos.urls")),
    path("share/", include("sharing.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
# Uploads are never served straight from MEDIA_ROOT: photos and attachments go through views that
# apply the public rule (see photos.views and articles.views).
