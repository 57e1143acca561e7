"""Every feed and file format parses in its reference parser and says what platforms read."""

import json
import re
from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import pytest
import vobject
from django.core.management import call_command
from django.test import Client
from icalendar import Calendar

from core.models import Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


@pytest.fixture
def demo(settings):
    settings.SITE_URL = SITE
    call_command("load_demo", "--force")
    return Client()


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    return data.get("@graph", [data])


def meta_property(html, name):
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return match.group(1) if match else None


def test_rss_and_atom_parse_without_bozo(demo):
    embargoed = make_article(
        status=Status.PUBLISHED, release_in=timedelta(hours=3), headline="엠바고 보도자료"
    )
    for url in ("/releases/feed/rss/", "/releases/feed/atom/"):
        response = demo.get(url)
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.get("bozo_exception")
        titles = [entry.title for entry in feed.entries]
        assert "‘제7회 국제철강 및 비철금속산업전’에서 ‘경북·포항 이차전지 산업관’ 운영" in titles
        assert embargoed.headline not in titles
        assert all(entry.link.startswith(SITE + "/releases/") for entry in feed.entries)
    category = feedparser.parse(demo.get("/releases/feed/csr/atom/").content)
    assert not category.bozo
    assert [e.title for e in category.entries] == [
        "(재)경북테크노파크, 청도군 ‘감’ 재배 농가 일손돕기 나서"
    ]
    assert demo.get("/releases/feed/no-such-category/rss/").status_code == 404


def test_correction_shows_as_feed_update(demo, editor):
    from articles.models import Article
    from articles.services import article_record_correction

    article = Article.objects.get(slug="it-days-uzbekistan-bpo-b2b")
    article_record_correction(article=article, note="행사 장소 표기를 바로잡았습니다.", by=editor)
    feed = feedparser.parse(demo.get("/releases/feed/atom/").content)
    entry = next(e for e in feed.entries if e.link.endswith(article.get_absolute_url()))
    assert entry.updated_parsed > entry.published_parsed
    assert "행사 장소 표기를 바로잡았습니다." in entry.summary


def test_sitemap_lists_public_pages_with_lastmod(demo):
    embargoed = make_article(status=Status.PUBLISHED, release_in=timedelta(hours=3))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    # /sitemap.xml is the index: one sitemap per kind of page, each listed with its latest change.
    index = ElementTree.fromstring(demo.get("/sitemap.xml").content)
    sitemaps = {s.find("s:loc", ns).text: s.find("s:lastmod", ns) for s in index}
    # (No kit is built in this demo: a kind with nothing public is left out.)
    assert set(sitemaps) == {
        f"{SITE}/sitemap-{kind}.xml" for kind in ("pages", "releases", "events", "spokespeople")
    }
    assert all(lastmod is not None and lastmod.text for lastmod in sitemaps.values())
    urls = {}
    for address in sitemaps:
        root = ElementTree.fromstring(demo.get(address.removeprefix(SITE)).content)
        urls |= {
            u.find("s:loc", ns).text: u.find("s:lastmod", ns) for u in root.findall("s:url", ns)
        }
    assert SITE + "/releases/steel-expo-battery-pavilion/" in urls
    assert SITE + "/events/it-days-2023/" in urls
    assert SITE + "/spokespeople/ha-insung/" in urls
    assert SITE + embargoed.get_absolute_url() not in urls
    assert all(lastmod is not None and lastmod.text for lastmod in urls.values())


def test_robots_txt_points_at_sitemap_and_hides_admin(demo):
    text = demo.get("/robots.txt").content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in text
    assert "Disallow: /admin/" in text and "Disallow: /share/" in text
    assert "Disallow: /language/" in text  # the language link is for readers, not crawlers


def test_event_ics_round_trips_with_one_vevent_per_session(demo):
    response = demo.get("/events/it-days-2023/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert Calendar.from_ical(calendar.to_ical()) == calendar
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    locations = [str(e["LOCATION"]) for e in events]
    assert locations == ["주한 우즈베키스탄 대사관, 서울", "호텔 인터불고 대구, 대구"]
    assert str(events[0]["URL"]) == SITE + "/events/it-days-2023/"
    assert events[0].decoded("DTSTART").isoformat() == "2023-10-05"


def test_calendar_feed_has_every_public_session(demo):
    calendar = Calendar.from_ical(demo.get("/events/calendar.ics").content)
    assert len(calendar.walk("VEVENT")) == 9
    ict = [e for e in calendar.walk("VEVENT") if "ICT Week" in str(e["SUMMARY"])]
    assert any(
        "타슈켄트" in str(e["LOCATION"]) and "우즈베키스탄" in str(e["LOCATION"]) for e in ict
    )


def test_timed_session_carries_seoul_timezone(demo):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from events.models import Session

    session = Session.objects.filter(event__slug="it-days-2023").first()
    seoul = ZoneInfo("Asia/Seoul")
    Session.objects.filter(pk=session.pk).update(
        all_day=False,
        starts_at=datetime(2023, 10, 5, 14, tzinfo=seoul),
        ends_at=datetime(2023, 10, 5, 17, tzinfo=seoul),
    )
    calendar = Calendar.from_ical(demo.get("/events/it-days-2023/calendar.ics").content)
    start = calendar.walk("VEVENT")[0]["DTSTART"]
    assert start.params["TZID"] == "Asia/Seoul" and start.dt.hour == 14


def test_vcard_round_trips(demo):
    response = demo.get("/spokespeople/ha-insung/vcard.vcf")
    assert response["Content-Type"].startswith("text/vcard")
    card = vobject.readOne(response.content.decode())
    assert card.version.value == "3.0"
    assert card.fn.value == "하인성"
    assert (card.n.value.family, card.n.value.given) == ("하", "인성")
    assert card.org.value == ["(재)경북테크노파크"] and card.title.value == "원장"
    assert card.tel.value == "053-819-3000"
    assert vobject.readOne(card.serialize()).fn.value == "하인성"


def test_release_page_open_graph_and_news_article(demo):
    html = demo.get("/releases/steel-expo-battery-pavilion/").content.decode()
    assert meta_property(html, "og:locale") == "ko_KR"
    assert meta_property(html, "og:type") == "article"
    assert meta_property(html, "og:title").startswith("‘제7회")
    image = meta_property(html, "og:image")
    assert image.startswith(SITE + "/photos/w1600/")
    assert demo.get(image.removeprefix(SITE)).status_code == 200
    assert meta_property(html, "twitter:card") == "summary_large_image"
    assert f'<link rel="canonical" href="{SITE}/releases/steel-expo-battery-pavilion/">' in html
    graph = json_ld(html)
    article = next(item for item in graph if item["@type"] == "NewsArticle")
    for key in ("headline", "datePublished", "dateModified", "image", "author", "publisher"):
        assert article[key], key
    assert article["author"] == {"@type": "Person", "name": "김을규", "affiliation": "일요서울i"}
    assert article["publisher"]["logo"]["url"].endswith(".png")
    quotes = [item for item in graph if item["@type"] == "Quotation"]
    assert len(quotes) == 2
    assert (
        quotes[0]["creator"]["name"] == "하인성"
        and quotes[0]["spokenByCharacter"]["jobTitle"] == "원장"
    )


def test_event_page_json_ld_has_a_sub_event_per_session(demo):
    html = demo.get("/events/it-days-2023/").content.decode()
    event = next(item for item in json_ld(html) if item["@type"] == "Event")
    assert event["name"].startswith("IT Days")
    assert event["startDate"] == "2023-10-05" and event["endDate"] == "2023-10-06"
    assert [sub["location"]["address"]["addressLocality"] for sub in event["subEvent"]] == [
        "서울",
        "대구",
    ]
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    expo = next(
        i
        for i in json_ld(demo.get("/events/steel-expo-2023/").content.decode())
        if i["@type"] == "Event"
    )
    assert expo["superEvent"] == {"@type": "EventSeries", "name": "국제철강 및 비철금속산업전"}
    assert {o["name"] for o in expo["organizer"]} >= {"경상북도", "포항시", "대한무역투자진흥공사"}


def test_person_page_json_ld(demo):
    graph = json_ld(demo.get("/spokespeople/ha-insung/").content.decode())
    person = next(item for item in graph if item["@type"] == "Person")
    assert person["name"] == "하인성" and person["jobTitle"] == "원장"
    assert person["worksFor"]["name"] == "(재)경북테크노파크"
    assert sum(1 for item in graph if item["@type"] == "Quotation") == 7


@pytest.mark.parametrize("path", ["/", "/releases/", "/events/", "/spokespeople/"])
def test_every_page_has_open_graph_and_canonical(demo, path):
    html = demo.get(path).content.decode()
    assert meta_property(html, "og:locale") == "ko_KR"
    assert meta_property(html, "og:image").startswith(SITE)
    assert meta_property(html, "og:title") and meta_property(html, "og:description")
    assert '<link rel="canonical" href="' + SITE in html
    assert json_ld(html) or path != "/"


def test_english_catalogue_is_complete_and_compiled():
    """Every Korean UI string has an English translation, and the compiled catalogue matches it."""
    import gettext
    import re
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"
    text = (folder / "django.po").read_text(encoding="utf-8")
    entries = [e for e in text.split("\n\n") if "msgid " in e and not e.startswith("#~")]
    header, entries = entries[0], entries[1:]
    assert 'msgid ""' in header
    untranslated = [
        e.split("\n")[-1] if "fuzzy" in e else re.search(r'msgid "(.*)"', e).group(1)
        for e in entries
        if "#, fuzzy" in e or re.search(r'msgstr(\[\d\])? ""\s*$', e)
    ]
    assert untranslated == []
    with (folder / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    assert catalogue.gettext("잘못된 요청입니다") == "Bad request"
    assert len([k for k in catalogue._catalog if k]) >= len(entries)
