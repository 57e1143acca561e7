from django.urls import path

from articles import views

app_name = "articles"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("<str:slug>/", views.article_detail, name="detail"),
    path("<str:slug>/attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
