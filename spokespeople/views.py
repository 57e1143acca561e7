from django.http import Http404
from django.shortcuts import render

from spokespeople.models import Person, Quote


def spokesperson_list(request):
    people = Person.objects.spokespeople().select_related("organisation", "headshot")
    return render(request, "spokespeople/person_list.html", {"people": people})


def spokesperson_detail(request, slug):
    person = (
        Person.objects.spokespeople()
        .select_related("organisation", "headshot")
        .filter(slug=slug)
        .first()
    )
    if person is None:
        raise Http404
    quotes = (
        Quote.objects.public()
        .filter(speaker=person)
        .select_related("speaker__organisation", "organisation", "article", "event__series")
        .order_by("-said_on", "order")
    )
    return render(request, "spokespeople/person_detail.html", {"person": person, "quotes": quotes})
