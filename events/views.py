import functools

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from core.models import related_model_of
from core.prefetch import Nested, prefetch_nested
from core.quotes import quotes_beyond_text
from core.sanitize import plain_text
from core.seo import PageMeta, absolute, collection, quotation, summary
from core.views import get_visible_or_moved, mark_private, redirect_to_visible
from events import structured_data
from events.calendar import events_to_ics
from events.models import Event
from photos.templatetags.photos import og_image_url, preview_image

PAGE_SIZE = 12
CALENDAR_MAX_AGE = 900


def event_list(request):
    upcoming = list(Event.objects.upcoming().select_related("series"))
    past = Event.objects.past().select_related("series")
    page = Paginator(past, PAGE_SIZE).get_page(request.GET.get("page"))
    path = reverse("events:list") + (f"?page={page.number}" if page.number > 1 else "")
    shown = [*upcoming, *page.object_list]
    meta = PageMeta(
        title=_("행사"),
        description=_("경북테크노파크가 열거나 참여하는 행사 일정입니다."),
        path=path,
        json_ld=[collection(_("행사"), path, [e.get_absolute_url() for e in shown])],
    )
    context = {"upcoming": upcoming, "page": page, "past": page.object_list, "meta": meta}
    return render(request, "events/event_list.html", context)


def _public_quotes():
    # Quotes live in the spokespeople app above this one; the relation hands us their model, and
    # their own rule keeps a quote from an embargoed release off the event page.
    quote_model = related_model_of(Event.quotes)
    return quote_model.objects.on_page_of("event")


@functools.cache
def _detail_queryset():
    """Built once per process (its public rules compare with the time each query runs,
    core.models.QueryTime); every use filters a copy of it."""
    # The event's own short lists come with it, in its one query (core.prefetch).
    return prefetch_nested(
        Event.objects.with_dates().select_related("series"),
        Nested("sessions", joined=("venue",)),
        Nested("organisation_roles", joined=("organisation",)),
        Nested("facts"),
        Nested("photo_links", joined=("photo",)),
        Nested("quotes", joined=("speaker", "organisation"), queryset=_public_quotes()),
    )


def _meta(event):
    photos = [link.photo for link in event.photo_links.all()]
    url = absolute(event.get_absolute_url())
    json_ld = [structured_data.event(event, [absolute(og_image_url(p)) for p in photos])]
    json_ld += [quotation(quote, url) for quote in event.quotes.all()]
    first = photos[0] if photos else None
    return PageMeta(
        title=event.full_title,
        description=summary(event.summary or plain_text(event.description)),
        path=event.get_absolute_url(),
        image=preview_image(first),
        json_ld=json_ld,
    )


def event_short(request, pk):
    """/e/<pk>/: the short address. It answers exactly as the event page would, so an unpublished
    event's short address is the same 404 as an address that never existed."""
    return redirect_to_visible(request, Event, "events.view_event", pk)


def event_detail(request, slug):
    event, is_preview, moved = get_visible_or_moved(
        request, _detail_queryset(), "events.view_event", slug, "events:detail"
    )
    if moved is not None:
        return moved
    articles = event.articles.published().for_listing()
    context = {
        "event": event,
        "articles": articles,
        "is_preview": is_preview,
        "meta": _meta(event),
        # Quotes the summary or description already prints are not listed again under 발언.
        "section_quotes": quotes_beyond_text(event),
        # Share buttons and "copy link" carry the short ASCII address; the canonical link stays.
        "short_url": absolute(event.get_short_url()),
    }
    response = render(request, "events/event_detail.html", context)
    return mark_private(response) if is_preview else response


def _calendar_response(events, name, filename):
    response = HttpResponse(
        events_to_ics(events, site_url=settings.SITE_URL, name=name),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=CALENDAR_MAX_AGE)
    return response


def event_ics(request, slug):
    """One event as a calendar file: a VEVENT per session. Public events only, staff preview aside."""
    event, is_preview, moved = get_visible_or_moved(
        request,
        Event.objects.prefetch_related("sessions__venue"),
        "events.view_event",
        slug,
        "events:ics",
    )
    if moved is not None:
        return moved
    response = _calendar_response([event], event.full_title, f"{event.slug}.ics")
    return mark_private(response) if is_preview else response


def calendar_feed(request):
    """Every public event, for calendar apps to subscribe to."""
    events = Event.objects.published().prefetch_related("sessions__venue").select_related("series")
    return _calendar_response(events, settings.NEWSROOM_NAME + " " + _("행사"), "gbtp-events.ics")
