"""Pages that draw on every content app; the project package sits above them all."""

from django.shortcuts import render

from articles.models import Article
from events.models import Event
from spokespeople.models import Person

LATEST_RELEASES = 6
EVENTS_SHOWN = 4


def home(request):
    upcoming = list(Event.objects.upcoming().select_related("series")[:EVENTS_SHOWN])
    # The seed events are long past; the home page still shows the newsroom's recent life.
    recent = [] if upcoming else list(Event.objects.past().select_related("series")[:EVENTS_SHOWN])
    context = {
        "articles": Article.objects.published().for_listing()[:LATEST_RELEASES],
        "upcoming_events": upcoming,
        "recent_events": recent,
        "spokespeople": Person.objects.spokespeople().select_related("organisation", "headshot"),
    }
    return render(request, "home.html", context)
