from django.urls import path, register_converter

from photos import views


class StemConverter:
    """A stored photo's random file name, without folder or extension."""

    regex = "[0-9a-f]{32}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class DigestConverter(StemConverter):
    """The start of the SHA-256 of a photo's file, in a web copy's address (photos.renditions)."""

    regex = "[0-9a-f]{16}"


register_converter(StemConverter, "stem")
register_converter(DigestConverter, "digest")

app_name = "photos"
urlpatterns = [
    path("admin-upload/", views.editor_upload, name="editor_upload"),
    path("admin-stage/", views.stage_upload, name="stage"),
    # Content-addressed (served as immutable), and the address older pages used.
    path("w<int:width>/<stem:stem>-<digest:digest>.<str:fmt>", views.rendition, name="rendition"),
    path("w<int:width>/<stem:stem>.<str:fmt>", views.rendition, name="rendition"),
    path("<path:name>", views.photo_file, name="file"),
]
