from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.seo import PageMeta, absolute, collection, quotation
from photos.templatetags.photos import og_image_url, preview_image
from spokespeople import structured_data
from spokespeople.models import Person, Quote
from spokespeople.vcard import person_to_vcard


def spokesperson_list(request):
    people = list(Person.objects.spokespeople().select_related("organisation", "headshot"))
    path = reverse("spokespeople:list")
    meta = PageMeta(
        title=_("대변인"),
        description=_("경북테크노파크를 대표해 말하는 사람들과 그 발언입니다."),
        path=path,
        json_ld=[collection(_("대변인"), path, [p.get_absolute_url() for p in people])],
    )
    return render(request, "spokespeople/person_list.html", {"people": people, "meta": meta})


def _spokesperson(slug):
    person = (
        Person.objects.spokespeople()
        .select_related("organisation", "headshot")
        .filter(slug=slug)
        .first()
    )
    if person is None:
        raise Http404
    return person


def spokesperson_detail(request, slug):
    person = _spokesperson(slug)
    quotes = (
        Quote.objects.public()
        .filter(speaker=person)
        .select_related("speaker__organisation", "organisation", "article", "event__series")
        .order_by("-said_on", "order")
    )
    image = og_image_url(person.headshot) if person.headshot else ""
    json_ld = [structured_data.person(person, absolute(image) if image else None)]
    json_ld += [quotation(quote) for quote in quotes]
    title = f"{person.name} {person.title}".strip()
    meta = PageMeta(
        title=title,
        description=_("%(name)s의 직함, 연락처와 공개된 발언") % {"name": title},
        path=person.get_absolute_url(),
        kind="profile",
        image=preview_image(person.headshot),
        json_ld=json_ld,
    )
    return render(
        request,
        "spokespeople/person_detail.html",
        {"person": person, "quotes": quotes, "meta": meta},
    )


def spokesperson_vcard(request, slug):
    person = _spokesperson(slug)
    card = person_to_vcard(
        person, site_url=settings.SITE_URL, office_phone=settings.PRESS_OFFICE["phone"]
    )
    response = HttpResponse(card, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{person.slug}.vcf"'
    return response
