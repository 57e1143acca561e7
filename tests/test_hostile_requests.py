"""Malformed requests get a clear 4xx, never a 500: NUL bytes in every route and query string."""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from core.models import Status
from tests.factories import make_article, make_photo
from tests.urlwalk import public_routes

pytestmark = pytest.mark.django_db
NUL = "a\x00b"
# A valid value for each parameter name, so the NUL can be put into one parameter at a time.
VALID = {
    "slug": "release-1",
    "category": "news",
    "pk": 1,
    "name": "2026/11/0123456789abcdef0123456789abcdef.jpg",
    "path": "보도자료.txt",
    "token": "x" * 32,
    "stem": "0123456789abcdef0123456789abcdef",
    "width": 480,
    "fmt": "jpg",
}


def _urls_with_nul():
    urls = []
    for route in public_routes():
        if not route.converters:
            urls += [reverse(route.name) + "?q=" + NUL, reverse(route.name) + "?category=" + NUL]
            continue
        for broken in route.converters:
            kwargs = {name: VALID.get(name, "x") for name in route.converters}
            kwargs[broken] = NUL
            try:
                urls.append(reverse(route.name, kwargs=kwargs))
            except NoReverseMatch:  # the converter itself refuses the value: nothing to attack
                continue
    return urls


def test_every_route_refuses_nul_bytes_without_a_server_error(client, editor_client):
    make_article(status=Status.PUBLISHED, slug="release-1")
    make_photo()
    urls = [
        *_urls_with_nul(),
        "/releases/?category=%00",
        "/releases/?kind=%00&year=%00",
        "/search/?q=%00",
        "/search/?q=%EC%A0%84%00%EC%A7%80",
        "/releases/feed/%00/rss/",
        "/photos/%00.jpg",
        "/releases/release-1/%00/",
    ]
    assert len(urls) > 25
    for visitor in (client, editor_client):
        for url in urls:
            response = visitor.get(url)
            assert response.status_code in (400, 404, 405), (url, response.status_code)
    refused = Client().get("/search/?q=%00")
    assert refused.status_code == 400 and "잘못된 요청" in refused.content.decode()


def test_nul_in_a_posted_form_is_refused(client):
    response = client.post("/search/", {"q": "\x00"})
    assert response.status_code in (400, 405)
