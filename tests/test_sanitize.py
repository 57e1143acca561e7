"""Rich text is cleaned on the server whatever the editor (or a forged request) sends, and the headers
keep whatever slips past from running or styling public pages."""

from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from core.sanitize import clean_html
from tests.factories import make_article
from tests.pages import PAGE_TYPES

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p onclick="steal()">본문<script>alert(1)</script></p>'
    '<img src="/photos/w800/0123456789abcdef0123456789abcdef.webp" onerror="alert(2)" alt="사진">'
    '<a href="javascript:alert(3)">링크</a>'
    '<iframe src="https://evil.example"></iframe>'
    '<p style="position:fixed">스타일</p>'
)


def test_clean_html_removes_scripts_handlers_and_bad_urls():
    cleaned = clean_html(HOSTILE)
    for bad in ("<script", "onclick", "onerror", "javascript:", "<iframe", "style="):
        assert bad not in cleaned
    assert "본문" in cleaned and "링크" in cleaned and 'alt="사진"' in cleaned


def test_model_save_sanitises_body():
    article = make_article(body=HOSTILE)
    article.refresh_from_db()
    assert "<script" not in article.body and "onerror" not in article.body
    assert "본문" in article.body


def test_rendered_page_carries_no_script(client):
    article = make_article(body=HOSTILE)
    html = client.get(article.get_absolute_url()).text
    assert "alert(1)" not in html and "onerror" not in html and "javascript:alert" not in html


def test_admin_post_is_sanitised(editor_client):
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        {
            "kind": "release",
            "headline": "관리자에서 쓴 보도자료",
            "slug": "admin-written",
            "body": HOSTILE,
            "status": "draft",
            "embargo_kind": "immediate",
            "photo_links-TOTAL_FORMS": "0",
            "photo_links-INITIAL_FORMS": "0",
            "contact_links-TOTAL_FORMS": "0",
            "contact_links-INITIAL_FORMS": "0",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "quotes-TOTAL_FORMS": "0",
            "quotes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="admin-written")
    assert "<script" not in article.body and "onclick" not in article.body
    assert article.created_by.username == "editor"


PHOTO = "/photos/w800/0123456789abcdef0123456789abcdef.webp"
FOREIGN_IMAGES = [
    "https://tracker.example/pixel.gif?reader=1",
    "http://tracker.example/photos/w800/0123456789abcdef0123456789abcdef.webp",
    "//tracker.example/photos/a.jpg",
    "/\\tracker.example/photos/a.jpg",
    "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
    "/photos/../admin/",
    "/photos/%2e%2e/admin/",
    "/photos/admin-upload/",
    "/static/img/gbtp-logo.png",
    "pixel.gif",
]


@pytest.mark.parametrize("src", FOREIGN_IMAGES)
def test_images_from_anywhere_but_the_newsroom_photos_are_dropped(src):
    cleaned = clean_html(
        f'<p>앞</p><figure class="image"><img src="{src}" alt="추적"></figure><p>뒤</p>'
    )
    assert "<img" not in cleaned and "추적" not in cleaned
    assert "앞" in cleaned and "뒤" in cleaned


def test_newsroom_photos_stay_and_absolute_addresses_become_relative(settings):
    settings.SITE_URL = "https://newsroom.gbtp.or.kr"
    cleaned = clean_html(
        f'<img src="{PHOTO}" alt="하나"><img src="https://newsroom.gbtp.or.kr/photos/2023/10/a.jpg" alt="둘">'
        '<a href="https://www.gbtp.or.kr/">경북테크노파크</a>'
    )
    assert f'<img src="{PHOTO}" alt="하나">' in cleaned
    assert '<img src="/photos/2023/10/a.jpg" alt="둘">' in cleaned
    assert 'href="https://www.gbtp.or.kr/"' in cleaned  # links to other sites are fine


def test_published_page_loads_no_third_party_image(client):
    article = make_article(
        body='<p>본문</p><img src="https://tracker.example/t.gif" alt="">'
        f'<figure class="image"><img src="{PHOTO}" alt="현장"></figure>'
    )
    article.refresh_from_db()
    assert "tracker.example" not in article.body
    html = client.get(article.get_absolute_url()).text
    assert "tracker.example" not in html and f'src="{PHOTO}"' in html


def _policy(response):
    return {
        name: values
        for name, *values in (
            part.split() for part in response["Content-Security-Policy"].split(";") if part.strip()
        )
    }


def test_public_pages_forbid_inline_styles_and_browser_features(client):
    article = make_article()
    for path in ("/", article.get_absolute_url(), "/search/?q=보도", "/releases/feed/rss/"):
        response = client.get(path)
        assert _policy(response)["style-src"] == ["'self'"], path
        permissions = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
            assert feature in permissions, (path, feature)


def test_admin_alone_allows_inline_styles_for_the_editor(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["script-src"] == ["'self'"]  # scripts stay locked down in the admin too
    assert "camera=()" in response["Permissions-Policy"]


class _InlineStyles(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "style" or any(name == "style" for name, _ in attrs):
            self.found.append(self.get_starttag_text())


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_public_page_types_use_no_inline_styles(client, settings, name):
    settings.DEBUG = True
    call_command("load_demo")
    settings.DEBUG = False
    parser = _InlineStyles()
    parser.feed(client.get(PAGE_TYPES[name]).text)
    assert parser.found == []
