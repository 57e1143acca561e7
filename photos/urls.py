from django.urls import path

from photos import views

app_name = "photos"
urlpatterns = [path("editor-upload/", views.editor_upload, name="editor_upload")]
