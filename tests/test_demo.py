import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from articles.models import Article
from events.models import Event, Session
from photos.models import Photo
from presskits.models import PressKit
from spokespeople.models import Person, Quote

pytestmark = pytest.mark.django_db


def _counts():
    return {m.__name__: m.objects.count() for m in (Article, Event, Session, Quote, Person, Photo)}


def test_load_demo_twice_gives_the_same_newsroom(settings):
    settings.DEBUG = True
    call_command("load_demo")
    first = _counts()
    call_command("load_demo")
    assert _counts() == first
    assert first == {"Article": 3, "Event": 5, "Session": 9, "Quote": 8, "Person": 2, "Photo": 4}
    # A curated kit for each of the two releases; the 언론보도 item is never packaged.
    assert PressKit.objects.published().count() == 2
    assert not PressKit.objects.filter(articles__kind="coverage").exists()


def test_load_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo")
    assert Article.objects.count() == 0
    call_command("load_demo", "--force")
    assert Article.objects.count() == 3


def test_demo_newsroom_is_what_the_seed_stories_say(client):
    call_command("load_demo", "--force")
    expo = Event.objects.with_dates().get(slug="steel-expo-2023")
    assert str(expo) == "제7회 국제철강 및 비철금속산업전"
    roles = {(r.get_role_display(), r.organisation.name) for r in expo.organisation_roles.all()}
    assert {("주최", "경상북도"), ("주최", "포항시"), ("주관", "대한무역투자진흥공사")} <= roles
    assert expo.facts.filter(value="200개사 600부스").exists()
    it_days = Event.objects.get(slug="it-days-2023")
    assert [s.venue.city for s in it_days.sessions.all()] == ["서울", "대구"]
    ict = Event.objects.get(slug="ict-week-2023")
    assert ict.sessions.filter(venue__country="UZ", starts_at__day=26).exists()
    assert (
        Event.objects.get(slug="cheongdo-persimmon-volunteering-2023")
        .facts.filter(value__contains="18명")
        .exists()
    )
    assert Quote.objects.filter(speaker__name="하인성", speaker_title="원장").count() == 7
    assert Quote.objects.filter(speaker__name="농가주").count() == 1
    home = client.get("/").text
    assert "‘제7회 국제철강 및 비철금속산업전’에서 ‘경북·포항 이차전지 산업관’ 운영" in home
    assert "최근 행사" in home  # October 2023 is past: the home page shows recent events instead
    release = client.get("/releases/steel-expo-battery-pavilion/").text
    assert "[사진=경북테크노파크]" in release
    assert "저작권자 © 일요서울i 무단전재 및 재배포 금지" in release
    assert "하인성" in client.get("/spokespeople/ha-insung/").text


def test_demo_editor_login_works(client, settings):
    settings.DEBUG = True
    from base64 import b32decode
    from io import StringIO

    from django_otp.oath import TOTP

    out = StringIO()
    call_command("create_demo_editor", stdout=out)
    printed = out.getvalue()
    password = printed.split("password:")[1].split()[0]
    secret = printed.split("authenticator key:")[1].split("\n")[0].replace(" ", "")
    client.post("/admin/login/", {"username": "editor", "password": password})
    assert client.get("/admin/articles/article/")["Location"].startswith("/accounts/2fa/")
    code = f"{TOTP(b32decode(secret)).token():06d}"  # what an app fed the printed key shows
    client.post("/accounts/2fa/", {"code": code})
    assert client.get("/admin/articles/article/").status_code == 200

    recovery = printed.split("recovery codes:")[1].split("\n")[0].split()
    writer_password = printed.split("password:")[2].split()[0]
    assert len(recovery) == 10
    writer = Client()
    writer.post("/admin/login/", {"username": "writer", "password": writer_password})
    assert writer.get("/admin/articles/article/").status_code == 200  # password only
