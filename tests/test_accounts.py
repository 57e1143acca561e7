"""Logging in to the newsroom's admin: lock-out, two factors, passwords, reset, who may change whom.

Each test here failed against the newsroom as it was attacked (findings 4, 11, 15 and 16).
"""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import LoginLock
from audit.models import Action, AuditEvent
from core.models import Status
from presskits.models import PressKit
from presskits.services import kit_builds_request
from roles.definitions import ADMINISTRATOR, EDITOR, WRITER
from sharing.models import ShareLink, ShareLinkOpen
from sharing.services import sharelink_create
from tests.conftest import PASSWORD, _force_login_password_only, totp_code, totp_device_for
from tests.factories import make_article
from tests.forms import form_data

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
VERIFY = "/accounts/2fa/"
ENROL = "/accounts/2fa/setup/"
STRONG = "봄비-내리는-경산역-7번-출구"


def _password_step(client, username, password=PASSWORD, **extra):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, **extra
    )


def _logged_in(client):
    """Whether the admin opens for this client (not the login page, not the code step)."""
    return client.get("/admin/").status_code == 200


def _staff(django_user_model, username, *roles, **flags):
    user = django_user_model.objects.create_user(
        username, email=f"{username}@gbtp.or.kr", password=PASSWORD, is_staff=True, **flags
    )
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


# Finding 15: lock-out after repeated wrong passwords, per account and per address.


def test_account_locks_after_five_wrong_passwords_from_anywhere(editor, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for n in range(5):  # five addresses: rotating the address does not help
        _password_step(Client(), "editor", "틀린 비밀번호", REMOTE_ADDR=f"198.51.100.{n + 1}")
    client = Client(REMOTE_ADDR="203.0.113.7")
    refused = _password_step(client, "editor")  # the right password, from a fresh address
    assert refused.status_code == 429
    assert (
        "로그인이 잠겼습니다" in refused.text
        and "관리자에게 잠금 해제를 요청하세요" in refused.text
    )
    assert not _logged_in(client)
    assert AuditEvent.objects.filter(action=Action.LOGIN_FAILED, actor_label="editor").count() == 6
    assert AuditEvent.objects.filter(action=Action.LOCKED_OUT, actor_label="editor").exists()
    assert not AuditEvent.objects.filter(action=Action.LOGIN).exists()


def test_a_few_typos_do_not_lock(editor):
    for _ in range(4):
        _password_step(Client(), "editor", "틀린 비밀번호")
    assert _password_step(Client(), "editor").status_code == 302


def test_address_locks_after_five_failures_on_any_accounts(editor):
    for n in range(5):  # one address trying many accounts
        _password_step(Client(), f"guess{n}", "틀린 비밀번호", REMOTE_ADDR="198.51.100.66")
    assert _password_step(Client(), "editor", REMOTE_ADDR="198.51.100.66").status_code == 429
    other = Client(REMOTE_ADDR="198.51.100.67")
    assert _password_step(other, "editor").status_code == 302  # the account itself is not locked


def test_lock_expires_after_the_cool_off(editor, settings):
    for _ in range(5):
        _password_step(Client(), "editor", "틀린 비밀번호")
    assert _password_step(Client(), "editor").status_code == 429
    later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    with time_machine.travel(later):
        assert _password_step(Client(), "editor").status_code == 302


def test_administrator_unlocks_in_korean_admin_and_it_is_audited(editor, django_user_model):
    for _ in range(5):
        _password_step(Client(), "editor", "틀린 비밀번호", REMOTE_ADDR="198.51.100.9")
    admin = _staff(django_user_model, "admin1", ADMINISTRATOR)
    admin_client = Client()
    admin_client.force_login(admin)
    listing = admin_client.get("/admin/accounts/loginlock/")
    assert listing.status_code == 200
    assert "로그인 실패·잠금" in listing.text and "잠금 해제" in listing.text
    assert "editor" in listing.text and "198.51.100.9" in listing.text
    lock = LoginLock.objects.get(username="editor")
    response = admin_client.post(
        "/admin/accounts/loginlock/",
        {"action": "release_selected", "_selected_action": [lock.pk]},
        follow=True,
    )
    assert "로그인 잠금을 풀었습니다" in response.text
    assert not LoginLock.objects.exists()
    unlock = AuditEvent.objects.get(action=Action.UNLOCK, details__username="editor")
    assert unlock.actor == admin
    assert _password_step(Client(), "editor", REMOTE_ADDR="198.51.100.9").status_code == 302


def test_writer_cannot_unlock(writer_client, editor):
    for _ in range(5):
        _password_step(Client(), "editor", "틀린 비밀번호")
    assert writer_client.get("/admin/accounts/loginlock/").status_code == 403


# Findings 4 and 16: the client address behind proxies; forged and invalid X-Forwarded-For.


@pytest.mark.parametrize(
    ("proxies", "forwarded", "logged"),
    [
        (0, "203.0.113.99", "198.51.100.20"),  # no proxy: the header is the client's own writing
        (0, "<script>", "198.51.100.20"),  # used to be a 500
        (1, "203.0.113.99", "203.0.113.99"),  # our proxy appended the address it saw
        (1, "6.6.6.6, 203.0.113.99", "203.0.113.99"),  # the client's forged first hop is ignored
        (1, "6.6.6.6, not-an-address", "198.51.100.20"),  # invalid: the socket address
        (1, "", "198.51.100.20"),  # no header behind a proxy: the socket address
        (2, "6.6.6.6, 203.0.113.99, 10.0.0.2", "203.0.113.99"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_failed_login_records_the_address_our_proxies_saw(
    editor, settings, proxies, forwarded, logged
):
    settings.TRUSTED_PROXY_COUNT = proxies
    client = Client(REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_FOR=forwarded)
    response = _password_step(client, "editor", "틀린 비밀번호")
    assert response.status_code == 200 and "오류: 로그인" in response.text  # the form again
    failed = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert failed.ip == logged
    assert LoginLock.objects.get().ip_address == logged  # the lock-out counts the same address


@pytest.mark.parametrize("proxies", [0, 1])
def test_invalid_forwarded_header_on_share_link_and_kit_download(
    editor, settings, proxies, run_tasks
):
    settings.TRUSTED_PROXY_COUNT = proxies
    article = make_article(status=Status.PUBLISHED, release_in=timedelta(hours=6))
    token = sharelink_create(link=ShareLink(target=article, recipient_name="김기자"), by=editor)
    visitor = Client(REMOTE_ADDR="198.51.100.30", HTTP_X_FORWARDED_FOR="6.6.6.6:443, garbage")
    opened = visitor.get(f"/share/{token}/", follow=True)
    assert opened.status_code == 200 and article.headline in opened.text
    assert ShareLinkOpen.objects.get().ip == "198.51.100.30"
    assert AuditEvent.objects.get(action=Action.SHARE_OPEN).ip == "198.51.100.30"

    kit = PressKit.objects.create(title="공개 키트", slug="open-kit", status=Status.PUBLISHED)
    kit.articles.add(make_article(status=Status.PUBLISHED))
    kit_builds_request({"presskit": {kit.pk}})
    run_tasks()
    download = visitor.get("/press-kits/open-kit/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")


def test_forged_forwarded_header_does_not_escape_the_address_lock(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):  # the client rotates what it writes; our proxy appends the same address
        _password_step(
            Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 203.0.113.5"),
            f"guess{n}",
            "틀린 비밀번호",
        )
    again = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5")
    assert _password_step(again, "editor").status_code == 429


# Finding 15: a second factor for those who publish or manage accounts.


def test_editor_password_alone_opens_nothing(editor):
    totp_device_for(editor)
    draft = make_article(status=Status.DRAFT, headline="비공개 초안")
    client = Client()
    assert _password_step(client, "editor").status_code == 302
    admin = client.get("/admin/articles/article/")
    assert admin.status_code == 302 and admin["Location"].startswith(VERIFY)
    assert client.get(draft.get_absolute_url()).status_code == 404  # no preview either
    step = client.get(admin["Location"])
    assert step.status_code == 200 and "인증 앱에 표시된 6자리 숫자" in step.text
    assert "no-store" in step["Cache-Control"]


def test_wrong_code_is_refused_and_the_right_one_opens_the_admin(editor):
    device = totp_device_for(editor)
    client = Client()
    _password_step(client, "editor")
    wrong = client.post(VERIFY, {"code": "000000" if totp_code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "인증 코드가 맞지 않습니다" in wrong.text
    assert not _logged_in(client)
    assert AuditEvent.objects.filter(action=Action.OTP_FAILED, actor=editor).exists()
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wrong code made django-otp wait a second
    device.save()
    right = client.post(VERIFY, {"code": totp_code(device), "next": "/admin/articles/article/"})
    assert right.status_code == 302 and right["Location"] == "/admin/articles/article/"
    assert _logged_in(client)
    assert AuditEvent.objects.filter(action=Action.OTP_VERIFY, actor=editor).exists()


def test_repeated_wrong_codes_are_throttled(editor):
    device = totp_device_for(editor)
    client = Client()
    _password_step(client, "editor")
    with time_machine.travel(timezone.now(), tick=False):  # both tries within the same second
        wrong = "123456" if totp_code(device) != "123456" else "654321"
        client.post(VERIFY, {"code": wrong})
        throttled = client.post(VERIFY, {"code": totp_code(device)})  # even the right one waits
        assert "잠시 뒤에 다시 입력하세요" in throttled.text
        assert not _logged_in(client)


@pytest.mark.parametrize("role", [EDITOR, ADMINISTRATOR, "superuser"])
def test_first_login_enrols_with_qr_code_then_shows_recovery_codes(django_user_model, role):
    if role == "superuser":
        user = _staff(django_user_model, "boss", is_superuser=True)
    else:
        user = _staff(django_user_model, "someone", role)
    client = Client()
    _password_step(client, user.username)
    to_step = client.get("/admin/")
    to_enrol = client.get(to_step["Location"])
    assert to_enrol.status_code == 302 and to_enrol["Location"].startswith(ENROL)
    page = client.get(to_enrol["Location"])
    assert page.status_code == 200
    assert "<svg" in page.text and "<script" not in page.text.split("<svg", 1)[1].split("</svg>")[0]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert device.config_url.split("secret=")[1].split("&")[0][:4] in page.text.replace(" ", "")
    assert client.get("/admin/").status_code == 302  # nothing opens before the code

    wrong = client.post(ENROL, {"code": "12345x"})
    assert "인증 코드가 맞지 않습니다" in wrong.text
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wrong code made django-otp wait a second
    device.save()
    done = client.post(ENROL, {"code": totp_code(device), "next": "/admin/"})
    assert done.status_code == 200 and "복구 코드" in done.text
    codes = [c.token for c in StaticToken.objects.filter(device__user=user)]
    assert len(codes) == 10 and all(code in done.text for code in codes)
    assert "no-store" in done["Cache-Control"]
    assert _logged_in(client)
    assert AuditEvent.objects.filter(action=Action.OTP_ENROL, actor=user).exists()


def test_a_stolen_password_cannot_replace_an_enrolled_device(editor):
    totp_device_for(editor)
    client = Client()
    _password_step(client, "editor")
    response = client.get(ENROL)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert not TOTPDevice.objects.filter(user=editor, confirmed=False).exists()


def test_recovery_code_works_once(editor):
    totp_device_for(editor)
    from accounts.services import recovery_codes_issue

    code = recovery_codes_issue(user=editor)[0]
    first = Client()
    _password_step(first, "editor")
    used = first.post(VERIFY, {"code": code.upper()}, follow=True)
    assert "복구 코드로 로그인했습니다. 남은 복구 코드: 9개" in used.text
    assert _logged_in(first)
    assert AuditEvent.objects.filter(action=Action.RECOVERY_USED, actor=editor).exists()

    second = Client()
    _password_step(second, "editor")
    again = second.post(VERIFY, {"code": code})
    assert "인증 코드가 맞지 않습니다" in again.text
    assert not _logged_in(second)


def test_writer_is_not_forced_but_may_enrol(writer):
    client = Client()
    _password_step(client, "writer")
    assert _logged_in(client)
    page = client.get(ENROL)
    assert page.status_code == 200 and "<svg" in page.text
    device = TOTPDevice.objects.get(user=writer)
    client.post(ENROL, {"code": totp_code(device)})
    # Once enrolled, the writer's next login asks for the code too.
    later = Client()
    _password_step(later, "writer")
    assert later.get("/admin/")["Location"].startswith(VERIFY)


def test_second_factor_reset_by_administrator_is_audited(django_user_model):
    admin = _staff(django_user_model, "admin1", ADMINISTRATOR)
    colleague = _staff(django_user_model, "colleague")
    totp_device_for(colleague)
    client = Client()
    client.force_login(admin)
    client.post(
        "/admin/auth/user/",
        {"action": "second_factor_reset_selected", "_selected_action": [colleague.pk]},
    )
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert AuditEvent.objects.get(action=Action.OTP_RESET).actor == admin


# Finding 15: passwords.


@pytest.mark.parametrize(
    "weak",
    ["gbtp2026", "newsroom1", "qwer1234!", "Gbtp2026!Gbtp", "경북테크노파크2023!", "GBTP-Newsroom-2026",
     "뉴스룸뉴스룸12345", "TechnoPark!2026", "gyeongbuk-1234567"],
)  # fmt: skip
def test_organisation_words_and_short_passwords_are_refused_in_korean(weak):
    with pytest.raises(ValidationError) as refused:
        validate_password(weak)
    text = " ".join(refused.value.messages)
    assert "비밀번호" in text
    assert any(("기관 이름" in m) or ("너무 짧습니다" in m) for m in refused.value.messages)


def test_short_password_message_names_twelve_characters():
    with pytest.raises(ValidationError) as refused:
        validate_password("a9!kq7#m2x")
    assert any("12" in m and "짧습니다" in m for m in refused.value.messages)


def test_a_real_passphrase_is_accepted():
    validate_password(STRONG)
    validate_password("gbtp에서-첫-출근한-날-아침")


# Finding 15: password reset by e-mail.


def test_password_reset_mail_and_link_set_a_new_password(editor):
    editor.email = "editor@gbtp.or.kr"
    editor.save()
    login_page = Client().get(LOGIN)
    assert "/accounts/password-reset/" in login_page.text
    client = Client()
    form = client.get("/accounts/password-reset/")
    assert form.status_code == 200 and "전자우편" in form.text
    sent = client.post("/accounts/password-reset/", {"email": "EDITOR@gbtp.or.kr"}, follow=True)
    assert "재설정 링크를 보냈습니다" in sent.text
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["editor@gbtp.or.kr"] and "비밀번호 재설정" in message.subject
    link = next(line for line in message.body.splitlines() if "/accounts/password-reset/" in line)
    path = link.split("testserver", 1)[1]

    page = client.get(path, follow=True)
    assert page.status_code == 200 and "새 비밀번호" in page.text
    set_url = page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "gbtp2026", "new_password2": "gbtp2026"})
    assert "기관 이름" in weak.text and "너무 짧습니다" in weak.text
    done = client.post(set_url, {"new_password1": STRONG, "new_password2": STRONG}, follow=True)
    assert "비밀번호를 바꾸었습니다" in done.text
    editor.refresh_from_db()
    assert editor.check_password(STRONG)
    assert AuditEvent.objects.filter(action=Action.PASSWORD_RESET, actor=editor).exists()
    assert "올바르지 않습니다" in client.get(path, follow=True).text  # the link works once


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(client):
    sent = client.post("/accounts/password-reset/", {"email": "nobody@example.com"}, follow=True)
    assert "재설정 링크를 보냈습니다" in sent.text
    assert mail.outbox == []


# Finding 11: a 관리자 manages accounts without raising anyone, their own included.


@pytest.fixture
def administrator(django_user_model):
    return _staff(django_user_model, "admin1", ADMINISTRATOR)


@pytest.fixture
def administrator_client(administrator):
    client = Client()
    client.force_login(administrator)
    return client


def _user_form(client, user):
    url = f"/admin/auth/user/{user.pk}/change/"
    return url, form_data(client.get(url), "user_form")


def _publish_permission():
    return Permission.objects.get(codename="publish_article")


@pytest.mark.parametrize("whose", ["own", "other"])
def test_administrator_cannot_raise_by_forged_post(
    administrator_client, administrator, django_user_model, whose
):
    target = administrator if whose == "own" else _staff(django_user_model, "newcomer")
    url, data = _user_form(administrator_client, target)
    assert "is_superuser" not in data
    editors = Group.objects.get(name=EDITOR)
    page = administrator_client.get(url).text
    assert f'value="{editors.pk}"' not in page  # 편집자 is not offered
    before_groups = set(target.groups.all())
    for forged in (
        {"is_superuser": "on"},
        {"groups": [str(editors.pk)]},
        {"user_permissions": [str(_publish_permission().pk)]},
    ):
        response = administrator_client.post(url, {**data, **forged})
        target.refresh_from_db()
        assert not target.is_superuser
        assert set(target.groups.all()) == before_groups
        assert not target.user_permissions.exists()
        if "is_superuser" not in forged:
            assert response.status_code == 200 and "목록에 있는 것을 고르세요" in response.text
    assert not AuditEvent.objects.filter(action=Action.ACCOUNT_ACCESS).exists()


def test_administrator_cannot_touch_a_superuser(administrator_client, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "boss@gbtp.or.kr", PASSWORD)
    page = administrator_client.get(f"/admin/auth/user/{boss.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.text
    url = f"/admin/auth/user/{boss.pk}/change/"
    assert administrator_client.post(url, {"username": "boss", "is_active": ""}).status_code == 403
    password_url = f"/admin/auth/user/{boss.pk}/password/"
    assert administrator_client.get(password_url).status_code == 403
    forged = {"password1": STRONG, "password2": STRONG, "usable_password": "true"}
    assert administrator_client.post(password_url, forged).status_code == 403
    deleted = administrator_client.post(
        "/admin/auth/user/",
        {"action": "delete_selected", "_selected_action": [boss.pk], "post": "yes"},
    )
    assert deleted.status_code == 403
    boss.refresh_from_db()
    assert boss.is_active and boss.check_password(PASSWORD)


def test_administrator_cannot_take_over_an_editor_account(administrator_client, editor):
    # Setting an editor's password would let the administrator log in as the editor.
    assert administrator_client.get(f"/admin/auth/user/{editor.pk}/password/").status_code == 403
    response = administrator_client.post(
        f"/admin/auth/user/{editor.pk}/change/", {"username": "editor", "is_active": ""}
    )
    assert response.status_code == 403
    editor.refresh_from_db()
    assert editor.is_active


def test_administrator_changes_what_they_may_and_it_is_audited(
    administrator_client, administrator, django_user_model
):
    newcomer = _staff(django_user_model, "newcomer")
    url, data = _user_form(administrator_client, newcomer)
    data.update(groups=[str(Group.objects.get(name=ADMINISTRATOR).pk)])
    data.pop("is_active", None)  # deactivate
    assert administrator_client.post(url, data).status_code == 302
    newcomer.refresh_from_db()
    assert not newcomer.is_active and newcomer.groups.filter(name=ADMINISTRATOR).exists()
    event = AuditEvent.objects.get(action=Action.ACCOUNT_ACCESS)
    assert event.actor == administrator and event.object_repr == "newcomer"
    assert event.details["changes"]["groups"] == {"before": [], "after": [ADMINISTRATOR]}
    assert event.details["changes"]["is_active"] == {"before": True, "after": False}


def test_superuser_grants_roles_and_the_change_is_audited(django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "boss@gbtp.or.kr", PASSWORD)
    writer = _staff(django_user_model, "writer2", WRITER)
    client = Client()
    client.force_login(boss)
    url, data = _user_form(client, writer)
    data.update(groups=[str(Group.objects.get(name=EDITOR).pk)], is_superuser="on")
    assert client.post(url, data).status_code == 302
    event = AuditEvent.objects.get(action=Action.ACCOUNT_ACCESS)
    assert event.actor == boss
    assert event.details["changes"]["groups"] == {"before": [WRITER], "after": [EDITOR]}
    assert event.details["changes"]["is_superuser"] == {"before": False, "after": True}


# Staff sessions end after inactivity.


def test_staff_session_expires_after_thirty_idle_minutes(editor, settings):
    assert settings.STAFF_SESSION_IDLE_MINUTES == 30
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = Client()
        client.force_login(editor)
        assert _logged_in(client)
    with time_machine.travel(start + timedelta(minutes=25), tick=False):
        assert _logged_in(client)  # activity moves the expiry forward
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        assert _logged_in(client)  # 25 minutes after the last request
    with time_machine.travel(start + timedelta(minutes=81), tick=False):
        response = client.get("/admin/")
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_readers_share_link_session_is_not_cut_short(editor):
    from articles.models import ArticlePhoto
    from tests.factories import make_photo

    article = make_article(status=Status.PUBLISHED, release_in=timedelta(days=2))
    photo = make_photo()
    ArticlePhoto.objects.create(article=article, photo=photo)
    token = sharelink_create(link=ShareLink(target=article, recipient_name="김기자"), by=editor)
    reader = Client()
    reader.get(f"/share/{token}/")
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert reader.get(photo.get_absolute_url()).status_code == 200  # the session still holds it


def test_force_login_patch_leaves_a_password_only_session_half_logged_in(editor):
    # The conftest helper is the only difference from a real login; without it the code step applies.
    client = Client()
    _force_login_password_only(client, editor)
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_writer_finds_the_optional_second_factor_in_the_admin_header(writer_client, editor_client):
    header = writer_client.get("/admin/").content.decode()
    assert "2단계 인증 설정" in header and "/accounts/2fa/setup/" in header
    editor_header = editor_client.get("/admin/").content.decode()
    assert "2단계 인증 설정" not in editor_header  # verified with a device already
