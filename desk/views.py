from datetime import date, timedelta

from django.conf import settings
from django.contrib import admin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import Category
from desk.calendar import (
    WEEKDAY_NAMES,
    WEEKDAYS,
    calendar_entries,
    month_range,
    week_range,
    weeks_of,
)
from desk.ics import entries_to_ics
from desk.items import CONTENT_MODELS, may_view
from desk.models import CalendarFeedToken

FEED_PAST = timedelta(days=90)
FEED_AHEAD = timedelta(days=400)


def _anchor(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return timezone.localdate()


def _shift_month(anchor: date, months: int) -> date:
    index = anchor.year * 12 + anchor.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def calendar_view(request):
    if not any(may_view(request.user, model) for model in CONTENT_MODELS):
        raise Http404
    view = "week" if request.GET.get("view") == "week" else "month"
    anchor, today = _anchor(request), timezone.localdate()
    categories = list(Category.objects.all())
    category = next((c for c in categories if str(c.pk) == request.GET.get("category")), None)
    if view == "month":
        start, end = month_range(anchor)
        previous, following = _shift_month(anchor, -1), _shift_month(anchor, 1)
        heading = _("%(year)s년 %(month)s월") % {"year": anchor.year, "month": anchor.month}
        month = anchor.month
    else:
        start, end = week_range(anchor)
        previous, following = start - timedelta(days=7), start + timedelta(days=7)
        heading = _("%(start)s – %(end)s 주간") % {
            "start": _dotted(start),
            "end": _dotted(end - timedelta(days=1)),
        }
        month = None
    entries = calendar_entries(request.user, start, end, category=category)

    def link(**changes):
        params = {"view": view, "date": anchor.isoformat()}
        if category is not None:
            params["category"] = category.pk
        params.update(changes)
        return "?" + urlencode(params)

    context = {
        **admin.site.each_context(request),
        "title": _("보도 일정"),
        "subtitle": heading,
        "heading": heading,
        "view": view,
        "weeks": weeks_of(start, end, entries, month=month, today=today),
        "weekdays": list(zip(WEEKDAYS, WEEKDAY_NAMES, strict=True)),
        "entry_count": len(entries),
        "categories": categories,
        "category": category,
        "anchor": anchor,
        "previous_url": link(date=previous.isoformat()),
        "next_url": link(date=following.isoformat()),
        "today_url": link(date=today.isoformat()),
        "month_url": link(view="month"),
        "week_url": link(view="week"),
    }
    return render(request, "desk/calendar.html", context)


def _dotted(day: date) -> str:
    return f"{day.year}. {day.month}. {day.day}.({WEEKDAYS[day.weekday()]})"


def _feed_page(request, token=None):
    context = {
        **admin.site.each_context(request),
        "title": _("일정 구독 주소"),
        "feed": CalendarFeedToken.objects.filter(user=request.user).first(),
        "feed_url": (
            settings.SITE_URL + reverse("desk:feed", kwargs={"token": token}) if token else None
        ),
    }
    response = render(request, "desk/feed_settings.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def feed_settings(request):
    """The user's calendar subscription: whether it exists, and buttons to replace or remove it."""
    return _feed_page(request)


@require_POST
def feed_renew(request):
    """A new secret address, shown on this response only; the previous address stops working."""
    return _feed_page(request, token=CalendarFeedToken.renew(request.user))


@require_POST
def feed_revoke(request):
    CalendarFeedToken.objects.filter(user=request.user).delete()
    return redirect("desk:feed-settings")


def feed(request, token):
    """The .ics subscription. No session: the secret in the address is the credential."""
    owner = (
        CalendarFeedToken.objects.for_token(token)
        .filter(user__is_active=True, user__is_staff=True)
        .select_related("user")
        .first()
    )
    if owner is None:
        raise Http404
    today = timezone.localdate()
    entries = calendar_entries(owner.user, today - FEED_PAST, today + FEED_AHEAD)
    body = entries_to_ics(entries, site_url=settings.SITE_URL, name=_("GBTP 보도 일정 (직원용)"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="gbtp-desk.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
