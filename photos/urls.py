from django.urls import path

from photos import views

app_name = "photos"
urlpatterns = [
    path("admin-upload/", views.editor_upload, name="editor_upload"),
    path("<path:name>", views.photo_file, name="file"),
]
