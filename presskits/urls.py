from django.urls import path

from presskits import views

app_name = "presskits"
urlpatterns = [
    path("exports/<str:name>", views.export_download, name="export"),
    path("<str:slug>/", views.presskit_detail, name="detail"),
    path("<str:slug>/download/", views.presskit_download, name="download"),
    path("<str:slug>/files/<path:path>", views.presskit_file, name="file"),
]
