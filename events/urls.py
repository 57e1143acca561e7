from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("<str:slug>/", views.event_detail, name="detail"),
    path("<str:slug>/calendar.ics", views.event_ics, name="ics"),
]
