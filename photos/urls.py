from django.urls import path, register_converter

from photos import views


class StemConverter:
    """A stored photo's random file name, without folder or extension."""

    regex = "[0-9a-f]{32}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(StemConverter, "stem")

app_name = "photos"
urlpatterns = [
    path("admin-upload/", views.editor_upload, name="editor_upload"),
    path("admin-stage/", views.stage_upload, name="stage"),
    path("w<int:width>/<stem:stem>.<str:fmt>", views.rendition, name="rendition"),
    path("<path:name>", views.photo_file, name="file"),
]
