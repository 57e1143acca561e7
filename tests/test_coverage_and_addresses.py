"""Short ASCII addresses, romanised slugs that never break old links, coverage that is not
redistributed, and download file names journalists can use."""

import importlib
import json
import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import unquote

import feedparser
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, ArticleSlug, Attachment, Kind
from core.filenames import (
    ascii_name,
    clean_title,
    content_disposition,
    download_name,
    slug_from,
    unique_slug,
)
from core.models import Status
from events.models import Event, EventSlug
from tests.factories import make_article, make_event
from tests.forms import change_form, form_data

SITE = "http://testserver"
BODY_SECRET = "원문전체본문문장"
LEAD = "경북테크노파크는 대구 엑스코에서 이차전지 산업관을 운영했다."


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def _page(response):
    """The page without its per-request parts (a CSRF token, the language link's return path), to
    compare two 404s."""
    # The page's own address, echoed by the footer's language link, is what the visitor typed.
    return re.sub(
        r'name="(csrfmiddlewaretoken|next)" value="[^"]*"|\?next=[^"]*',
        "",
        response.content.decode(),
    )


# --- A. Short addresses --------------------------------------------------------------------------


@pytest.mark.django_db
def test_short_url_is_the_primary_key_path():
    article, event = make_article(), make_event()
    assert article.get_short_url() == f"/r/{article.pk}/"
    assert event.get_short_url() == f"/e/{event.pk}/"


@pytest.mark.django_db
def test_short_url_of_a_public_item_redirects_permanently(client):
    article, event = make_article(), make_event()
    for item in (article, event):
        response = client.get(item.get_short_url())
        assert response.status_code == 301
        assert response["Location"] == item.get_absolute_url()
        assert client.get(response["Location"]).status_code == 200
    # A QR code's tracking parameters go along.
    response = client.get(article.get_short_url() + "?utm_source=qr")
    assert response["Location"] == article.get_absolute_url() + "?utm_source=qr"


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["draft", "review", "approved", "scheduled", "withdrawn"])
def test_short_url_of_an_unpublished_item_is_the_same_404(client, state):
    status = Status.PUBLISHED if state == "scheduled" else state
    later = timedelta(days=3) if state == "scheduled" else None
    article = make_article(status=status, release_in=later)
    event = make_event(status=status, release_in=later)
    if state != "scheduled":
        Event.objects.filter(pk=event.pk).update(release_at=None)
    never_existed = client.get("/r/987654321/")
    for item in (article, event):
        assert not item.is_public
        assert client.get(item.get_absolute_url()).status_code == 404
        response = client.get(item.get_short_url())
        assert response.status_code == 404
        assert _page(response) == _page(never_existed)
        assert client.head(item.get_short_url()).status_code == 404


@pytest.mark.django_db
def test_short_url_of_an_unpublished_item_previews_for_staff_only(editor_client, client):
    article = make_article(status=Status.DRAFT)
    event = make_event(status=Status.DRAFT)
    for item in (article, event):
        response = editor_client.get(item.get_short_url())
        # Not permanent: the address may still change before publication.
        assert response.status_code == 302
        assert response["Location"] == item.get_absolute_url()
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert response["X-Robots-Tag"].startswith("noindex")
        assert client.get(item.get_short_url()).status_code == 404


@pytest.mark.django_db
def test_short_url_answers_404_for_unknown_and_absurd_numbers(client):
    assert client.get("/r/0/").status_code == 404
    assert client.get("/e/99999999/").status_code == 404
    assert client.get("/r/99999999999999999999999/").status_code == 404
    assert client.get("/r/abc/").status_code == 404


@pytest.mark.django_db
def test_share_buttons_carry_the_short_address_and_canonical_stays(client):
    article = make_article(slug="share-me")
    html = client.get(article.get_absolute_url()).text
    short = f"{SITE}/r/{article.pk}/"
    assert f'<link rel="canonical" href="{SITE}/releases/share-me/">' in html
    assert f'property="og:url" content="{SITE}/releases/share-me/"' in html
    share = html.split('class="share"', 1)[1].split("</section>", 1)[0]
    assert f'data-share-copy data-url="{short}"' in share
    assert "%2Fr%2F" in share  # the share links carry the short address, encoded
    assert "/releases/share-me/" not in share
    assert f'<a href="{short}">{short}</a>' in html  # printed in the footer too
    event = make_event(slug="share-event")
    html = client.get(event.get_absolute_url()).text
    assert f'data-url="{SITE}/e/{event.pk}/"' in html
    assert f'<link rel="canonical" href="{SITE}/events/share-event/">' in html


# --- A. Romanised slugs --------------------------------------------------------------------------


def _release(**fields):
    fields.setdefault("body", "<p>본문</p>")
    return Article(**fields)


@pytest.mark.django_db
def test_empty_slug_is_the_headline_romanised():
    article = _release(headline="(재)경북테크노파크, 청도군 ‘감’ 재배 농가 일손돕기 나서")
    article.full_clean()
    assert article.slug == "jae-gyeongbuktekeunopakeu-cheongdogun-gam-jaebae-nongga"
    event = Event(title="제7회 국제철강 및 비철금속산업전 2023", description="<p>소개</p>")
    event.full_clean()
    assert event.slug == "je7hoe-gukjecheolgang-mit-bicheolgeumsoksaneopjeon-2023"


@pytest.mark.django_db
def test_slug_is_cut_at_a_word_within_sixty_characters():
    headline = "경북테크노파크 우즈베키스탄 타슈켄트 IT 파크와 디지털 전환 협력 업무협약 체결 2023"
    article = _release(headline=headline)
    article.full_clean()
    assert len(article.slug) <= 60
    words = slug_from(headline, limit=500).split("-")
    assert article.slug.split("-") == words[: len(article.slug.split("-"))]
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", article.slug)


@pytest.mark.django_db
def test_typed_korean_slug_is_romanised_and_typed_ascii_kept():
    article = _release(headline="제목", slug="경북-이차전지")
    article.full_clean()
    assert article.slug == "gyeongbuk-ijajeonji" or article.slug.isascii()
    assert article.slug.startswith("gyeongbuk-")
    article = _release(headline="제목", slug="Battery-Pavilion-2023")
    article.full_clean()
    assert article.slug == "battery-pavilion-2023"


@pytest.mark.django_db
def test_generated_slugs_are_unique_against_current_and_old_addresses():
    make_article(slug="gyeongbuk-ichajeonji")
    owner = make_article(slug="something-else")
    ArticleSlug.objects.create(article=owner, slug="gyeongbuk-ichajeonji-2")
    article = _release(headline="경북 이차전지")
    article.full_clean()
    assert article.slug == "gyeongbuk-ichajeonji-3"
    # An event may share a release's slug: they live under different paths.
    event = Event(title="경북 이차전지", description="<p>소개</p>")
    event.full_clean()
    assert event.slug == "gyeongbuk-ichajeonji"


@pytest.mark.django_db
def test_a_typed_slug_another_release_used_before_is_refused():
    owner = make_article(slug="new-home")
    ArticleSlug.objects.create(article=owner, slug="old-home")
    with pytest.raises(ValidationError) as refusal:
        _release(headline="다른 보도자료", slug="old-home").full_clean()
    assert "slug" in refusal.value.message_dict
    # The release that used it may take it back.
    owner.slug = "old-home"
    owner.full_clean()


@pytest.mark.django_db
def test_empty_slug_cannot_be_stored():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(headline="제목", body="<p>본문</p>", slug="")


def _admin_add(client, url, data):
    form = form_data(client.get(url), data.pop("_form"))
    form.update(data)
    return client.post(url, form)


@pytest.mark.django_db
def test_admin_leaves_slug_optional_and_fills_it_romanised(editor_client):
    url = reverse("admin:articles_article_add")
    page = editor_client.get(url).text
    prepopulated = re.search(r'data-prepopulated-fields="([^"]*)"', page)
    assert prepopulated is None or "id_slug" not in prepopulated.group(1)  # no Korean copied in
    slug_input = re.search(r'<input[^>]*name="slug"[^>]*>', page).group(0)
    assert "required" not in slug_input
    response = _admin_add(
        editor_client,
        url,
        {
            "_form": "article_form",
            "kind": "release",
            "headline": "경북테크노파크 수출 상담회 개최",
            "slug": "",
            "body": "<p>본문</p>",
            "embargo_kind": "immediate",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(headline="경북테크노파크 수출 상담회 개최")
    assert article.slug == "gyeongbuktekeunopakeu-suchul-sangdamhoe-gaechoe"

    url = reverse("admin:events_event_add")
    response = _admin_add(
        editor_client,
        url,
        {
            "_form": "event_form",
            "title": "청도 감 농가 봉사활동",
            "slug": "",
            "description": "<p>소개</p>",
            "event_status": "scheduled",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert (
        Event.objects.get(title="청도 감 농가 봉사활동").slug
        == "cheongdo-gam-nongga-bongsahwaldong"
    )


@pytest.mark.django_db
def test_slug_changed_in_the_admin_keeps_the_old_address(editor_client, client):
    article = make_article(slug="first-address")
    url, form = change_form(editor_client, article)
    form.update(slug="second-address", correction_note="주소를 바꾸었습니다.")
    assert editor_client.post(url, form).status_code == 302
    article.refresh_from_db()
    assert article.slug == "second-address"
    assert list(article.old_slugs.values_list("slug", flat=True)) == ["first-address"]
    response = client.get("/releases/first-address/")
    assert response.status_code == 301 and response["Location"] == "/releases/second-address/"
    # Changing it back reclaims the first address: no history row points at the page itself.
    url, form = change_form(editor_client, article)
    form.update(slug="first-address", correction_note="주소를 되돌렸습니다.")
    assert editor_client.post(url, form).status_code == 302
    assert list(article.old_slugs.values_list("slug", flat=True)) == ["second-address"]
    assert client.get("/releases/second-address/")["Location"] == "/releases/first-address/"

    event = make_event(slug="event-first")
    url, form = change_form(editor_client, event)
    form.update(slug="event-second")
    assert editor_client.post(url, form).status_code == 302
    assert EventSlug.objects.get(slug="event-first").event == event
    assert client.get("/events/event-first/")["Location"] == "/events/event-second/"
    ics = client.get("/events/event-first/calendar.ics")
    assert ics.status_code == 301 and ics["Location"] == "/events/event-second/calendar.ics"


@pytest.mark.django_db
def test_restoring_a_revision_keeps_every_address(editor_client, client):
    article = make_article(slug="before-restore")
    url, form = change_form(editor_client, article)
    form.update(slug="after-change", correction_note="주소 변경")
    assert editor_client.post(url, form).status_code == 302
    article.refresh_from_db()
    oldest = Version.objects.get_for_object(article).order_by("pk").first()
    editor_client.post(
        reverse("admin:articles_article_restore", args=[article.pk, oldest.pk]),
        {"expected_version": article.version},
    )
    article.refresh_from_db()
    for address in ("before-restore", "after-change"):
        response = client.get(f"/releases/{address}/")
        assert response.status_code in (200, 301), address
        if response.status_code == 301:
            assert response["Location"] == article.get_absolute_url()


@pytest.mark.django_db
def test_old_slug_redirects_only_when_the_visitor_could_see_the_item(client, editor_client):
    article = make_article(status=Status.DRAFT, slug="draft-now")
    ArticleSlug.objects.create(article=article, slug="draft-before")
    event = make_event(status=Status.DRAFT, slug="event-now")
    EventSlug.objects.create(event=event, slug="event-before")
    unknown = client.get("/releases/never-was/")
    response = client.get("/releases/draft-before/")
    assert response.status_code == 404 and _page(response) == _page(unknown)
    assert client.get("/events/event-before/").status_code == 404
    assert client.get("/events/event-before/calendar.ics").status_code == 404
    preview = editor_client.get("/releases/draft-before/")
    assert preview.status_code == 302 and preview["Location"] == "/releases/draft-now/"
    assert "no-store" in preview["Cache-Control"]
    assert editor_client.get("/events/event-before/")["Location"] == "/events/event-now/"


@pytest.mark.django_db
def test_attachment_under_an_old_slug_follows_the_release(client):
    article = make_article(slug="with-attachment")
    attachment = Attachment.objects.create(
        article=article, title="붙임", file=ContentFile(b"%PDF-1.4 a", name="a.pdf")
    )
    ArticleSlug.objects.create(article=article, slug="attachment-before")
    response = client.get(reverse("articles:attachment", args=["attachment-before", attachment.pk]))
    assert response.status_code == 301
    assert response["Location"] == reverse(
        "articles:attachment", args=[article.slug, attachment.pk]
    )
    hidden = make_article(status=Status.DRAFT, slug="hidden-now")
    ArticleSlug.objects.create(article=hidden, slug="hidden-before")
    secret = Attachment.objects.create(
        article=hidden, title="비밀", file=ContentFile(b"%PDF-1.4 b", name="b.pdf")
    )
    assert (
        client.get(reverse("articles:attachment", args=["hidden-before", secret.pk])).status_code
        == 404
    )


@pytest.mark.django_db
def test_data_migration_romanises_korean_slugs_and_keeps_them():
    migration = importlib.import_module("articles.migrations.0005_romanise_slugs")
    korean = make_article(slug="경북-이차전지-산업관", headline="경북 이차전지 산업관")
    taken = make_article(slug="gyeongbuk-ichajeonji-saneopgwan")
    ascii_ = make_article(slug="already-fine")
    migration.romanise_slugs(apps, None)
    korean.refresh_from_db()
    assert korean.slug == "gyeongbuk-ichajeonji-saneopgwan-2"
    assert ArticleSlug.objects.get(slug="경북-이차전지-산업관").article == korean
    taken.refresh_from_db(), ascii_.refresh_from_db()
    assert (taken.slug, ascii_.slug) == ("gyeongbuk-ichajeonji-saneopgwan", "already-fine")
    client = Client()
    response = client.get(reverse("articles:detail", args=["경북-이차전지-산업관"]))
    assert response.status_code == 301 and response["Location"] == korean.get_absolute_url()

    migration = importlib.import_module("events.migrations.0005_romanise_slugs")
    event = make_event(slug="청도-감-봉사")
    migration.romanise_slugs(apps, None)
    event.refresh_from_db()
    assert event.slug == "cheongdo-gam-bongsa"
    assert EventSlug.objects.get(slug="청도-감-봉사").event == event


# --- B. Coverage (언론보도) ----------------------------------------------------------------------


def _coverage(**fields):
    defaults = {
        "kind": Kind.COVERAGE,
        "slug": "coverage-item",
        "headline": "경북·포항 이차전지 산업관 운영",
        "lead": LEAD,
        "body": f"<p>{BODY_SECRET} 첫 문단.</p><p>{BODY_SECRET} 둘째 문단.</p>",
        "outlet": "일요서울i",
        "reporter": "김을규",
        "source_url": "https://www.ilyoseoul.co.kr/news/articleView.html?idxno=1",
        "copyright_line": "저작권자 © 일요서울i 무단전재 및 재배포 금지",
    }
    return make_article(**{**defaults, **fields})


@pytest.mark.django_db
def test_coverage_page_shows_the_excerpt_and_the_way_to_the_original(client):
    article = _coverage()
    html = client.get(article.get_absolute_url()).text
    assert BODY_SECRET not in html
    assert "일요서울i" in html and "김을규 기자" in html
    assert "보도일" in html and article.release_at.strftime("%Y") in html
    assert LEAD in html and "기사 발췌" in html
    assert 'href="https://www.ilyoseoul.co.kr/news/articleView.html?idxno=1"' in html
    assert "기사 전문 보기" in html
    assert "저작권자 © 일요서울i 무단전재 및 재배포 금지" in html
    assert "공공누리" not in html.split('class="release-footer"', 1)[1].split("</footer>")[0]


@pytest.mark.django_db
def test_coverage_without_copyright_line_still_names_the_rights_holder(client):
    article = _coverage(copyright_line="", lead="")
    html = client.get(article.get_absolute_url()).text
    assert BODY_SECRET not in html
    assert "이 기사의 저작권은 일요서울i에 있습니다." in html
    # Without an excerpt the description falls back to the deck or nothing, never the body.
    assert 'name="description" content=""' in html or BODY_SECRET not in html


@pytest.mark.django_db
def test_a_release_still_shows_its_body(client):
    article = make_article(body=f"<p>{BODY_SECRET}</p>")
    html = client.get(article.get_absolute_url()).text
    assert BODY_SECRET in html and "공공누리" in html


@pytest.mark.django_db
def test_coverage_structured_data_has_no_body(client):
    article = _coverage(lead="")
    html = client.get(article.get_absolute_url()).text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    graph = data.get("@graph", [data])
    news = next(item for item in graph if item["@type"] == "NewsArticle")
    assert "articleBody" not in news
    assert BODY_SECRET not in json.dumps(news, ensure_ascii=False)
    assert news["isBasedOn"].startswith("https://www.ilyoseoul.co.kr/")
    assert news["copyrightHolder"]["name"] == "일요서울i"
    assert news["copyrightNotice"] == "저작권자 © 일요서울i 무단전재 및 재배포 금지"


@pytest.mark.django_db
@pytest.mark.parametrize("feed", ["feed-rss", "feed-atom"])
def test_feeds_give_coverage_as_excerpt_and_link(client, feed):
    coverage = _coverage()
    bare = _coverage(slug="coverage-bare", lead="", source_url="")
    release = make_article(lead="", body=f"<p>보도자료 본문 {BODY_SECRET}</p>")
    text = client.get(reverse(feed)).content.decode()
    parsed = feedparser.parse(text)
    entries = {entry.link: entry for entry in parsed.entries}
    cover = entries[SITE + coverage.get_absolute_url()].summary
    assert LEAD in cover and "발췌" in cover
    assert 'href="https://www.ilyoseoul.co.kr/news/articleView.html?idxno=1"' in cover
    assert "무단전재 및 재배포 금지" in cover
    assert BODY_SECRET not in entries[SITE + bare.get_absolute_url()].summary
    assert BODY_SECRET in entries[SITE + release.get_absolute_url()].summary
    assert text.count(BODY_SECRET) == 1  # the release's own body only


@pytest.mark.django_db
def test_coverage_attachments_are_not_redistributed(client, editor_client):
    article = _coverage()
    attachment = Attachment.objects.create(
        article=article, title="지면 스캔", file=ContentFile(b"%PDF-1.4 c", name="scan.pdf")
    )
    url = reverse("articles:attachment", args=[article.slug, attachment.pk])
    assert "지면 스캔" not in client.get(article.get_absolute_url()).text
    assert client.get(url).status_code == 404
    assert editor_client.get(url).status_code == 200


# --- C. File names -------------------------------------------------------------------------------

TITLE = "‘제7회 국제철강 및 비철금속산업전’에서 ‘경북·포항 이차전지 산업관’ 운영"


def test_download_name_is_date_and_title_cut_at_a_word():
    name = download_name(TITLE, "pdf", on=date(2023, 10, 11))
    assert name == "20231011_‘제7회 국제철강 및 비철금속산업전’에서 ‘경북·포항 이차전지 산업관’.pdf"
    stem = name.removeprefix("20231011_").removesuffix(".pdf")
    assert len(stem) <= 40 and TITLE.startswith(stem)
    assert TITLE[len(stem)] == " "  # cut between words, never inside one
    assert download_name("짧은 제목", ".HWPX", on=date(2023, 1, 2)) == "20230102_짧은 제목.hwpx"


def test_download_name_reads_the_date_in_seoul():
    late_utc = datetime(2023, 10, 10, 16, 30, tzinfo=UTC)  # 01:30 on the 11th in Seoul
    assert download_name("행사", "ics", on=late_utc) == "20231011_행사.ics"
    assert download_name("행사", "ics", on=datetime(2023, 10, 10, 23, 0)) == "20231010_행사.ics"
    assert download_name("행사", "ics", on=None) == "행사.ics"


def test_download_name_drops_what_file_systems_and_unzip_refuse():
    name = download_name('a/b\\c:d*e?f"g<h>i|j\x00k\u200bl\n m. ', "txt", on=None)
    assert not set(name) & set('/\\:*?"<>|\x00\u200b\n')
    assert name == "a b c d e f g h i j kl m.txt"
    assert download_name("..", "pdf", on=None) == "download.pdf"
    assert download_name("CON", "txt", on=None) == "CON_.txt"
    assert download_name("", "zip", on=date(2023, 10, 11)) == "20231011.zip"
    assert clean_title("  경북\t테크노파크  ") == "경북 테크노파크"


def test_download_name_cuts_one_long_word_when_nothing_else_fits():
    name = download_name("가" * 60, "pdf", on=None, limit=10)
    assert name == "가" * 10 + ".pdf"


def test_ascii_name_romanises_and_keeps_the_extension():
    name = ascii_name("경북테크노파크 이차전지 산업관", "pdf", on=date(2023, 10, 11))
    assert name == "20231011_gyeongbuktekeunopakeu-ichajeonji.pdf"  # 40 characters at most
    full = ascii_name("경북테크노파크 이차전지 산업관", "PDF", on=date(2023, 10, 11), limit=60)
    assert full == "20231011_gyeongbuktekeunopakeu-ichajeonji-saneopgwan.pdf"
    long = ascii_name(TITLE, "docx", on=date(2023, 10, 11))
    assert long.startswith("20231011_je7hoe-") and long.endswith(".docx")
    assert len(long.removeprefix("20231011_").removesuffix(".docx")) <= 40
    assert ascii_name("東京", "pdf", on=None) == "download.pdf"


def test_slug_helpers():
    assert slug_from("AI 반도체 2024년 10월") == "ai-bandoche-2024nyeon-10wol"
    assert slug_from("Café Ünïcode") == "cafe-unicode"
    taken = {"gyeongbuk", "gyeongbuk-2"}
    assert unique_slug("경북", taken=taken.__contains__, fallback="x") == "gyeongbuk-3"
    assert unique_slug("🙂", taken=set().__contains__, fallback="release") == "release"
    long = "word-" * 20
    made = unique_slug(long, taken={slug_from(long)}.__contains__, fallback="x")
    assert len(made) <= 60 and made.endswith("-2") and "--" not in made


def test_content_disposition_names_the_file_twice():
    header = content_disposition(
        '20231011_경북 "테크노".pdf', ascii_fallback='20231011_gyeongbuk"\\.pdf'
    )
    assert header.startswith("attachment; filename=\"20231011_gyeongbuk.pdf\"; filename*=UTF-8''")
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert encoded.isascii() and " " not in encoded and '"' not in encoded
    assert unquote(encoded) == '20231011_경북 "테크노".pdf'
    inline = content_disposition("행사.ics", ascii_fallback="event.ics", inline=True)
    assert inline.startswith('inline; filename="event.ics"; ')
    assert (
        content_disposition("가.pdf", ascii_fallback="가나").split(";")[1] == ' filename="download"'
    )
