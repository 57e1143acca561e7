from django.contrib import admin
from django.urls import path

from desk import views

app_name = "desk"

urlpatterns = [
    path("calendar/", admin.site.admin_view(views.calendar_view), name="calendar"),
    path("calendar/feed/", admin.site.admin_view(views.feed_settings), name="feed-settings"),
    path("calendar/feed/new/", admin.site.admin_view(views.feed_renew), name="feed-renew"),
    path("calendar/feed/remove/", admin.site.admin_view(views.feed_revoke), name="feed-revoke"),
    # Outside the admin's login: calendar apps have no session, the token is the credential.
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
