from django.urls import path

from spokespeople import views

app_name = "spokespeople"
urlpatterns = [
    path("", views.spokesperson_list, name="list"),
    path("<str:slug>/", views.spokesperson_detail, name="detail"),
    path("<str:slug>/vcard.vcf", views.spokesperson_vcard, name="vcard"),
]
