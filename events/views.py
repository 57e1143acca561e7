from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render

from core.views import get_visible_or_404, mark_private
from events.models import Event

PAGE_SIZE = 12


def event_list(request):
    upcoming = Event.objects.upcoming().select_related("series")
    past = Event.objects.past().select_related("series")
    page = Paginator(past, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {"upcoming": upcoming, "page": page, "past": page.object_list},
    )


def _public_quotes():
    # Quotes live in the spokespeople app above this one; the relation hands us their model, and
    # their own public() rule keeps a quote from an embargoed release off the event page.
    quote_model = Event.quotes.rel.related_model
    return quote_model.objects.public().select_related("speaker", "organisation")


def event_detail(request, slug):
    queryset = (
        Event.objects.with_dates()
        .select_related("series")
        .prefetch_related(
            "sessions__venue",
            "organisation_roles__organisation",
            "facts",
            "photo_links__photo",
            Prefetch("quotes", queryset=_public_quotes()),
        )
    )
    event, is_preview = get_visible_or_404(request, queryset, "events.view_event", slug=slug)
    articles = event.articles.published().for_listing()
    response = render(
        request,
        "events/event_detail.html",
        {"event": event, "articles": articles, "is_preview": is_preview},
    )
    return mark_private(response) if is_preview else response
