from django.urls import path

from presskits import views

app_name = "presskits"
urlpatterns = [
    path("", views.kit_list, name="list"),
    path("releases/<int:key>/", views.kit_page, {"target": "release"}, name="release"),
    path(
        "releases/<int:key>/download/",
        views.kit_download,
        {"target": "release"},
        name="release_download",
    ),
    path(
        "releases/<int:key>/files/<int:file_id>/<str:name>",
        views.kit_file,
        {"target": "release"},
        name="release_file",
    ),
    path("events/<int:key>/", views.kit_page, {"target": "event"}, name="event"),
    path(
        "events/<int:key>/download/", views.kit_download, {"target": "event"}, name="event_download"
    ),
    path(
        "events/<int:key>/files/<int:file_id>/<str:name>",
        views.kit_file,
        {"target": "event"},
        name="event_file",
    ),
    path("<str:key>/", views.kit_page, {"target": "presskit"}, name="detail"),
    path("<str:key>/download/", views.kit_download, {"target": "presskit"}, name="download"),
    path(
        "<str:key>/files/<int:file_id>/<str:name>",
        views.kit_file,
        {"target": "presskit"},
        name="file",
    ),
]
