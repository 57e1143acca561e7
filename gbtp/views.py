"""Pages that draw on every content app; the project package sits above them all."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from articles.models import Article
from core.seo import PageMeta, publisher
from events.models import Event
from photos.templatetags.photos import preview_image
from spokespeople.models import Person

LATEST_RELEASES = 7  # the lead release and six more
EVENTS_SHOWN = 4


def home(request):
    articles = list(Article.objects.published().for_listing()[:LATEST_RELEASES])
    upcoming = list(Event.objects.upcoming().select_related("series")[:EVENTS_SHOWN])
    # The seed events are long past; the home page still shows the newsroom's recent life.
    recent = [] if upcoming else list(Event.objects.past().select_related("series")[:EVENTS_SHOWN])
    lead = articles[0] if articles else None
    lead_photo = lead.photo_links.all()[0].photo if lead and lead.photo_links.all() else None
    site = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.NEWSROOM_NAME,
        "url": settings.SITE_URL + "/",
        "inLanguage": "ko-KR",
        "publisher": publisher(),
    }
    meta = PageMeta(
        title=str(settings.NEWSROOM_NAME),
        description=_("경북테크노파크의 보도자료, 행사, 대변인 발언을 한곳에서 봅니다."),
        path=reverse("home"),
        image=preview_image(lead_photo),
        json_ld=[site],
    )
    context = {
        "lead": lead,
        "articles": articles[1:],
        "upcoming_events": upcoming,
        "recent_events": recent,
        "spokespeople": Person.objects.spokespeople().select_related("organisation", "headshot"),
        "meta": meta,
    }
    return render(request, "home.html", context)


@require_GET
@cache_control(public=True, max_age=3600)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /share/",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
