"""The admin pages of the press office's day speak Korean: no English UI words, no (으)로 patterns.

Names in the content (KOTRA, ICT Week, BPO) and file formats are not UI; everything else the pages
print in Latin letters is, and fails the test with the page it was found on.
"""

import html
import re

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from demo.services import demo_load

pytestmark = pytest.mark.django_db

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z]+")
PARTICLE_PATTERN = re.compile(
    r"\((으|이|을|를|가|은|는|과|와)\)|이\(가\)|\(을\)를|\(으\)로|\(와\)과"
)
FORMATS_AND_NAMES = {
    "GBTP", "ZIP", "PDF", "HWPX", "DOCX", "JPEG", "JPG", "PNG", "WebP", "SVG", "GPS", "TOTP", "URL",
    "ISO", "https", "http", "www", "XMP", "IPTC", "EXIF", "CKEditor", "RSS", "Atom", "iCal", "ics",
    "vCard", "QR", "ID", "IP", "MB", "KB", "KiB", "MiB", "px", "SHA",
}  # fmt: skip


def _content_words():
    """Every Latin word stored in the newsroom's own content: data, not interface."""
    words = set()
    for model in apps.get_models():
        if model._meta.app_label not in {
            "articles", "events", "photos", "organisations", "spokespeople", "presskits",
            "search", "sharing", "audit", "auth",
        }:  # fmt: skip
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.FileField)
        ]
        for row in model._default_manager.values_list(*fields):
            for value in row:
                words |= set(LATIN_WORD.findall(str(value or "")))
    return words


def _visible_text(markup: str) -> str:
    markup = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", markup)
    markup = re.sub(r"(?s)<!--.*?-->", " ", markup)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def _day_pages(editor_client):
    from articles.models import Article
    from events.models import Event
    from sharing.models import ShareLink

    article = Article.objects.exclude(kind="coverage").first()
    event = Event.objects.first()
    return [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + "?status__exact=review",
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_change", args=[event.pk]),
        reverse("admin:photos_photo_changelist"),
        reverse("admin:photos_photo_add"),
        reverse("admin:spokespeople_quote_changelist"),
        reverse("admin:sharing_sharelink_changelist"),
        reverse("admin:sharing_sharelink_add")
        + f"?content_type={ShareLink._meta.get_field('content_type').related_model.objects.get_for_model(Article).pk}&object_id={article.pk}",
        reverse("admin:presskits_presskit_changelist"),
        reverse("admin:presskits_letterhead_changelist"),
        reverse("admin:audit_auditevent_changelist"),
    ]


def test_the_days_admin_pages_are_korean(editor_client):
    demo_load()
    allowed = FORMATS_AND_NAMES | _content_words() | {"editor", "writer"}
    problems = []
    for url in _day_pages(editor_client):
        response = editor_client.get(url, follow=True)
        assert response.status_code == 200, url
        text = _visible_text(response.content.decode())
        english = sorted(set(LATIN_WORD.findall(text)) - allowed)
        if english:
            problems.append((url, "English", english))
        particles = sorted({m.group(0) for m in PARTICLE_PATTERN.finditer(text)})
        if particles:
            problems.append((url, "particle pattern", particles))
    assert problems == []
