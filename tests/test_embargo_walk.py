"""One embargoed release, every public surface, before and after its 보도시점 (clock frozen).

Surfaces walked: home, release list, release page (with its JSON-LD and Open Graph), the related event's
page (its release list and its quotes), the spokesperson's page (quotes), the release's photo, an image
placed in its body, its attachment, the RSS and Atom feeds, the sitemap, and the press kit holding it
(page, ZIP, sitemap entry), and search.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from articles.models import ArticlePhoto, Attachment
from core.models import Status, Transition
from core.services import publishable_transition
from presskits.models import PressKit
from presskits.services import kit_builds_request
from search.services import search_rebuild
from tests.factories import make_article, make_event, make_person, make_photo, make_quote

pytestmark = [pytest.mark.django_db, pytest.mark.production_paths]
KST = ZoneInfo("Asia/Seoul")
EMBARGO_DAY = date(2030, 3, 2)  # 조간: 06:00 KST that day


@pytest.fixture
def embargoed(editor, run_tasks):
    photo, body_photo = make_photo(caption="엠바고 사진"), make_photo(caption="본문 사진")
    person = make_person(name="하인성")
    event = make_event(title="공개된 관련 행사")
    article = make_article(
        status=Status.APPROVED,
        headline="엠바고 걸린 보도자료",
        lead="보도시점 전에는 아무도 보면 안 되는 리드",
        body=f'<p>본문</p><figure class="image"><img src="{body_photo.get_absolute_url()}" alt="본문"></figure>',
        embargo_kind="morning",
        embargo_date=EMBARGO_DAY,
        contacts=1,
    )
    article.related_events.add(event)
    ArticlePhoto.objects.create(article=article, photo=photo)
    attachment = Attachment.objects.create(
        article=article, title="붙임 1", file=ContentFile(b"%PDF-1.4", name="붙임.pdf")
    )
    make_quote(speaker=person, article=article, event=event, text="엠바고 전에는 새면 안 되는 발언")
    article = publishable_transition(obj=article, move=Transition.PUBLISH, by=editor)
    kit = PressKit.objects.create(title="엠바고 키트", slug="embargo-kit", status=Status.PUBLISHED)
    kit.articles.add(article)
    kit_builds_request({"presskit": {kit.pk}})  # as the kit's admin form does on save
    run_tasks()  # the worker builds the kits, the release's own included, before 보도시점
    search_rebuild()
    return {
        "article": article,
        "event": event,
        "person": person,
        "photos": (photo, body_photo),
        "attachment": attachment,
        "kit": kit,
    }


def _surfaces(items):
    article, event, person = items["article"], items["event"], items["person"]
    headline, quote = article.headline, "엠바고 전에는 새면 안 되는 발언"
    photo, body_photo = items["photos"]
    attachment_url = reverse("articles:attachment", args=[article.slug, items["attachment"].pk])
    return {
        "home": (reverse("home"), headline),
        "release list": (reverse("articles:list"), headline),
        "release page": (article.get_absolute_url(), headline),
        "event page: releases": (event.get_absolute_url(), headline),
        "event page: quotes": (event.get_absolute_url(), quote),
        "spokesperson page": (person.get_absolute_url(), quote),
        "photo": (photo.get_absolute_url(), None),
        "body image": (body_photo.get_absolute_url(), None),
        "attachment": (attachment_url, None),
        "RSS feed": (reverse("feed-rss"), headline),
        "Atom feed": (reverse("feed-atom"), headline),
        "sitemap": (reverse("sitemap-section", args=["releases"]), article.get_absolute_url()),
        "press kit page": (items["kit"].get_absolute_url(), headline),
        "press kit ZIP": (items["kit"].get_absolute_url() + "download/", None),
        "press kits in sitemap": (
            reverse("sitemap-section", args=["press-kits"]),
            items["kit"].get_absolute_url(),
        ),
        "release's kit page": (reverse("presskits:release", args=[article.pk]), headline),
        "release's kit ZIP": (reverse("presskits:release_download", args=[article.pk]), None),
        "kit list": (reverse("presskits:list"), headline),
        "JSON-LD and Open Graph": (article.get_absolute_url(), 'property="og:title"'),
        "search": (reverse("search") + "?q=엠바고", headline),
    }


def _visible(client, url, text):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if text is None:
        return response.status_code == 200
    return response.status_code == 200 and text in body.decode()


def test_embargoed_release_absent_everywhere_before_and_present_after(embargoed):
    surfaces = _surfaces(embargoed)
    client = Client()
    # One second before 보도시점, with the clock held still: a slow machine must not walk past it.
    with time_machine.travel(datetime(2030, 3, 2, 5, 59, 59, tzinfo=KST), tick=False):
        leaks = [name for name, (url, text) in surfaces.items() if _visible(client, url, text)]
        assert leaks == [], f"visible before 보도시점: {leaks}"
        response = client.get(embargoed["article"].get_absolute_url())
        assert response.status_code == 404
    with time_machine.travel(datetime(2030, 3, 2, 6, 0, 1, tzinfo=KST)):
        missing = [
            name for name, (url, text) in surfaces.items() if not _visible(client, url, text)
        ]
        assert missing == [], f"still hidden after 보도시점: {missing}"


def test_public_responses_are_cacheable_but_previews_are_not(embargoed, editor):
    article = embargoed["article"]
    with time_machine.travel(datetime(2030, 3, 2, 5, 0, tzinfo=KST)):
        editor_client = Client()
        editor_client.force_login(editor)  # inside the frozen clock, so the session is current
        preview = editor_client.get(article.get_absolute_url())
        assert preview.status_code == 200 and "미리보기" in preview.text
        assert "private" in preview["Cache-Control"] and "no-store" in preview["Cache-Control"]
        assert "noindex" in preview["X-Robots-Tag"]
        staff_photo = editor_client.get(embargoed["photos"][0].get_absolute_url())
        assert "no-store" in staff_photo["Cache-Control"]
    with time_machine.travel(datetime(2030, 3, 2, 7, 0, tzinfo=KST)):
        public = Client().get(article.get_absolute_url())
        assert "private" not in public.get("Cache-Control", "")
        assert "X-Robots-Tag" not in public
        photo = Client().get(embargoed["photos"][0].get_absolute_url())
        assert "public" in photo["Cache-Control"]


def test_withdrawn_release_disappears_at_once(embargoed, editor):
    article = embargoed["article"]
    surfaces = _surfaces(embargoed)
    with time_machine.travel(datetime(2030, 3, 3, tzinfo=KST)):
        publishable_transition(obj=article, move=Transition.UNPUBLISH, by=editor)
        client = Client()
        leaks = [name for name, (url, text) in surfaces.items() if _visible(client, url, text)]
        assert leaks == []
