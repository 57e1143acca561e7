"""Pages that draw on every content app; the project package sits above them all."""

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from articles.models import Article
from core.seo import PageMeta, publisher
from core.views import mark_private
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
@require_GET
def switch_language(request, code):
    """The footer's language link: remembers the reader's choice in the language cookie and goes
    back to the page they were reading.

    A link, not a form: public pages then hold no CSRF token, so no reader is given a cookie by
    reading and every page can be served from the shared cache as it is. The only thing a link
    made elsewhere can do with it is change a reader's interface language.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("home")
    response = HttpResponseRedirect(back)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return mark_private(response)


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /share/",
        "Disallow: /language/",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
