from django.urls import path

from sharing import views

app_name = "sharing"
urlpatterns = [path("<str:token>/", views.open_link, name="open")]
