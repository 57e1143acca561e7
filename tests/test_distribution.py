"""Sending a release to journalists, checked at a real SMTP server (aiosmtpd) the tests start.

The main test runs the real task worker as separate processes, stops one and starts another before
보도시점, and lets the clock pass 보도시점: exactly the on-time messages arrive after it, the advance
ones before it, each once, with headers a mail program accepts and an unsubscribe that works.
"""

import email
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from email import policy
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import EmbargoKind
from audit.models import Action, AuditEvent
from contacts.models import Journalist, MediaList, Outlet
from core.models import Status, Transition
from core.services import publishable_transition
from distribution.models import (
    Delivery,
    DeliveryState,
    Mailing,
    MailingState,
    Mode,
    Subscriber,
    Suppression,
)
from distribution.services import BOTH, mailing_queue, mailing_run
from tests.factories import make_article
from tests.test_kit_workers import worker_environment

ROOT = Path(__file__).resolve().parent.parent


class Inbox:
    """What the SMTP server received: (arrival time, recipients, raw message). Can refuse addresses."""

    def __init__(self):
        self.messages = []
        self.refuse = {}  # address → SMTP reply, e.g. "550 5.1.1 No such user"
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((time.time(), list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def parsed(self):
        with self.lock:
            return [
                (at, to, email.message_from_bytes(raw, policy=policy.default))
                for at, to, raw in self.messages
            ]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture
def smtp_here(smtp, settings):
    """This process sends through the test SMTP server (in-process task runs)."""
    inbox, port = smtp
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    settings.DISTRIBUTION_RATE = 0  # no throttling in process
    return inbox


def _journalists(count, consenting, media_list):
    outlet = Outlet.objects.create(name="시험일보", kind="daily")
    today = timezone.localdate()
    people = Journalist.objects.bulk_create(
        Journalist(
            name=f"기자{i:03d}",
            outlet=outlet,
            email=f"reporter{i:03d}@example.com",
            embargo_consent=i < consenting,
            embargo_consent_on=today if i < consenting else None,
        )
        for i in range(count)
    )
    media_list.members.add(*people)
    return people


def _start_worker(port):
    env = {
        **worker_environment(),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "DISTRIBUTION_RATE": "50",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--no-reload",
         "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def _wait_for(condition, until, worker, what):
    while not condition():
        assert time.time() < until, f"{what}: timed out"
        if worker.poll() is not None:
            raise AssertionError(f"{what}: the worker stopped\n{worker.communicate()[0]}")
        time.sleep(0.2)


def _stop(worker):
    worker.terminate()
    return worker.communicate(timeout=60)[0]


@pytest.mark.django_db(transaction=True)
def test_on_time_and_advance_sends_arrive_once_each_on_time_through_a_worker_restart(
    editor, smtp, settings, client
):
    if connection.vendor != "postgresql":
        pytest.skip("worker processes share the test database only on PostgreSQL")
    inbox, port = smtp
    press_corps = MediaList.objects.create(name="출입기자단")
    _journalists(200, 20, press_corps)
    # 조간, with the morning edition's time a little ahead so the clock passes it during the test.
    moment = (timezone.localtime() + timedelta(seconds=25)).replace(microsecond=0)
    settings.EMBARGO_MORNING_TIME = moment.strftime("%H:%M:%S")
    article = make_article(
        status=Status.PUBLISHED,
        headline="경북테크노파크, 이차전지 기업 수출상담회 개최",
        lead="경북테크노파크는 도내 이차전지 기업 12개사와 해외 바이어를 잇는 수출상담회를 연다.",
        embargo_kind=EmbargoKind.MORNING,
        embargo_date=moment.date(),
        contacts=1,
    )
    assert article.release_at == moment
    advance, on_time = mailing_queue(article=article, mode=BOTH, lists=[press_corps], by=editor)
    assert (advance.mode, advance.deliveries.count()) == (Mode.ADVANCE, 20)
    assert (on_time.mode, on_time.deliveries.count()) == (Mode.ON_TIME, 180)

    first = _start_worker(port)
    try:
        _wait_for(
            lambda: Mailing.objects.get(pk=advance.pk).state == MailingState.DONE,
            moment.timestamp(), first, "the advance send",
        )  # fmt: skip
        assert len(inbox.messages) == 20  # the on-time ones wait for 보도시점
    finally:
        log = _stop(first)
    assert time.time() < moment.timestamp(), "the worker was restarted after 보도시점"
    assert Mailing.objects.get(pk=on_time.pk).state == MailingState.QUEUED, log

    second = _start_worker(port)
    try:
        _wait_for(
            lambda: Mailing.objects.get(pk=on_time.pk).state == MailingState.DONE,
            moment.timestamp() + 120, second, "the on-time send",
        )  # fmt: skip
    finally:
        _stop(second)

    received = inbox.parsed()
    assert len(received) == 200
    recipients = [to for _at, tos, _m in received for to in tos]
    assert len(recipients) == len(set(recipients)) == 200  # each journalist once
    consenting = {f"reporter{i:03d}@example.com" for i in range(20)}
    early = [(at, tos, m) for at, tos, m in received if at < moment.timestamp()]
    late = [(at, tos, m) for at, tos, m in received if at >= moment.timestamp()]
    assert {to for _at, tos, _m in early for to in tos} == consenting
    assert len(late) == 180 and not consenting & {to for _at, tos, _m in late for to in tos}

    message_ids = set()
    for _at, tos, message in received:
        assert message["Date"] and parsedate_to_datetime(message["Date"])
        message_ids.add(message["Message-ID"])
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/press-mail/unsubscribe/" in message["List-Unsubscribe"]
        assert message.get_content_type() == "multipart/alternative"
        kinds = [part.get_content_type() for part in message.iter_parts()]
        assert kinds == ["text/plain", "text/html"]
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert article.headline in text and article.headline in html
        assert "/share/" in text  # the personal link
        assert "담당자" in text
        if tos[0] in consenting:
            assert message["Subject"].startswith("[엠바고 — ")
            assert "이후 보도]" in message["Subject"]
            assert "엠바고" in text
        else:
            assert message["Subject"] == f"[보도자료] {article.headline}"
    assert len(message_ids) == 200
    # Korean headers travel encoded (RFC 2047), as mail programs expect.
    with inbox.lock:
        raw = inbox.messages[-1][2]
    assert b"Subject: =?utf-8?" in raw
    on_time_arrivals = sorted(at for at, _tos, _m in late)
    rate = 179 / max(on_time_arrivals[-1] - on_time_arrivals[0], 1e-6)
    print(f"\non-time send: 180 messages at {rate:.0f} per second (DISTRIBUTION_RATE=50)")

    # One click in the mail program: a POST to the List-Unsubscribe address, no cookie, no form.
    message = received[-1][2]
    address = message["List-Unsubscribe"].split(",")[0].strip("<> ")
    response = client.post(
        urlsplit(address).path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Suppression.objects.filter(email=received[-1][1][0]).exists()
    assert AuditEvent.objects.filter(action=Action.UNSUBSCRIBE).count() == 1
    assert AuditEvent.objects.filter(action=Action.MAILING_SENT).count() == 2


@pytest.mark.django_db
def test_a_withdrawn_release_queued_for_sending_sends_nothing(editor, smtp_here, run_tasks):
    press = MediaList.objects.create(name="지역 언론")
    _journalists(5, 0, press)
    article = make_article(
        status=Status.PUBLISHED,
        release_in=timedelta(hours=2),
        headline="철회될 보도자료",
        contacts=1,
    )
    (mailing,) = mailing_queue(article=article, mode=Mode.ON_TIME, lists=[press], by=editor)
    publishable_transition(obj=article, move=Transition.UNPUBLISH, by=editor)
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        run_tasks()
    assert smtp_here.messages == []
    mailing.refresh_from_db()
    assert mailing.state == MailingState.CANCELLED
    assert set(mailing.deliveries.values_list("state", flat=True)) == {DeliveryState.SKIPPED}


@pytest.mark.django_db
def test_a_release_moved_after_queueing_sends_nothing_at_the_old_time(editor, smtp_here, run_tasks):
    press = MediaList.objects.create(name="지역 언론")
    _journalists(3, 0, press)
    article = make_article(status=Status.PUBLISHED, release_in=timedelta(hours=1), contacts=1)
    (mailing,) = mailing_queue(article=article, mode=Mode.ON_TIME, lists=[press], by=editor)
    article.embargo_at = timezone.now() + timedelta(days=1)
    article.save()
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        run_tasks()
    assert smtp_here.messages == []
    mailing.refresh_from_db()
    assert mailing.state == MailingState.CANCELLED and "보도시점이 바뀌어" in mailing.note


@pytest.mark.django_db
def test_a_second_run_sends_nothing_again_and_an_interrupted_message_is_not_resent(
    editor, smtp_here
):
    press = MediaList.objects.create(name="출입기자단")
    _journalists(4, 0, press)
    article = make_article(status=Status.PUBLISHED, contacts=1)
    (mailing,) = mailing_queue(article=article, mode=Mode.ON_TIME, lists=[press], by=editor)
    # A worker died after claiming one message: it may have gone out, so it is never sent again.
    stuck = mailing.deliveries.order_by("pk").first()
    Delivery.objects.filter(pk=stuck.pk).update(
        state=DeliveryState.SENDING, sending_since=timezone.now() - timedelta(hours=1)
    )
    assert mailing_run(mailing.pk) == "sent"
    assert mailing_run(mailing.pk) == "nothing"
    assert len(smtp_here.messages) == 3
    stuck.refresh_from_db()
    assert stuck.state == DeliveryState.FAILED and "중단" in stuck.error


@pytest.mark.django_db
def test_refusals_are_recorded_and_temporary_failures_retried_later(editor, smtp_here):
    press = MediaList.objects.create(name="출입기자단")
    _journalists(3, 0, press)
    smtp_here.refuse["reporter000@example.com"] = "550 5.1.1 No such user"
    smtp_here.refuse["reporter001@example.com"] = "451 4.3.0 Try again later"
    article = make_article(status=Status.PUBLISHED, contacts=1)
    (mailing,) = mailing_queue(article=article, mode=Mode.ON_TIME, lists=[press], by=editor)
    assert mailing_run(mailing.pk) == "retrying"
    states = dict(mailing.deliveries.values_list("email", "state"))
    assert states == {
        "reporter000@example.com": DeliveryState.REFUSED,
        "reporter001@example.com": DeliveryState.QUEUED,
        "reporter002@example.com": DeliveryState.SENT,
    }
    retry = DBTaskResult.objects.filter(task_path="distribution.tasks.send_mailing").latest(
        "enqueued_at"
    )
    assert retry.run_after > timezone.now() + timedelta(seconds=30)
    del smtp_here.refuse["reporter001@example.com"]
    assert mailing_run(mailing.pk) == "sent"
    assert mailing.deliveries.get(email="reporter001@example.com").state == DeliveryState.SENT


@pytest.mark.django_db
def test_only_editors_send_and_the_form_previews_the_message(editor_client, writer_client, editor):
    press = MediaList.objects.create(name="출입기자단")
    _journalists(3, 1, press)
    article = make_article(
        status=Status.PUBLISHED,
        release_in=timedelta(hours=5),
        headline="미리 보기 시험",
        contacts=1,
    )
    url = f"/admin/distribution/mailing/send/{article.pk}/"
    assert writer_client.get(url).status_code == 403
    page = editor_client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "[보도자료] 미리 보기 시험" in text and "List-Unsubscribe-Post" in text
    empty = editor_client.post(url, {"mode": BOTH})
    assert "명단이나 기자를 하나 이상 고르세요." in empty.content.decode()
    assert not Mailing.objects.exists()
    checked = editor_client.post(url, {"mode": BOTH, "lists": [press.pk], "_preview": "1"})
    assert "엠바고 사전 발송: 받는 사람 1명" in checked.content.decode()
    assert "보도시점에 발송: 받는 사람 2명" in checked.content.decode()
    assert not Mailing.objects.exists()
    sent = editor_client.post(url, {"mode": BOTH, "lists": [press.pk]})
    assert sent.status_code == 302
    assert sorted(Mailing.objects.values_list("mode", flat=True)) == [Mode.ADVANCE, Mode.ON_TIME]
    assert AuditEvent.objects.filter(action=Action.MAILING_QUEUE).count() == 2
    report = editor_client.get(f"/admin/distribution/mailing/report/{article.pk}/")
    assert report.status_code == 200 and "기자000" in report.content.decode()


@pytest.mark.django_db
def test_the_report_and_the_monthly_csv_list_recipients_opens_and_coverage(
    editor, editor_client, smtp_here, client, run_tasks
):
    import csv
    import io

    from articles.models import Kind
    from presskits.services import kit_builds_request

    press = MediaList.objects.create(name="출입기자단")
    _journalists(2, 0, press)
    article = make_article(status=Status.PUBLISHED, headline="배포 결과 시험", contacts=1)
    (mailing,) = mailing_queue(article=article, mode=Mode.ON_TIME, lists=[press], by=editor)
    mailing_run(mailing.pk)
    # One journalist opens the personal link from the message.
    _at, _to, message = smtp_here.parsed()[0]
    text = message.get_body(("plain",)).get_content()
    link = next(word for word in text.split() if "/share/" in word)
    assert client.get(urlsplit(link).path).status_code == 200
    kit_builds_request({"article": {article.pk}})
    run_tasks()
    kit = client.get(f"/press-kits/releases/{article.pk}/download/")
    assert kit.status_code == 200  # the kit, through the same browser session
    make_article(
        kind=Kind.COVERAGE, status=Status.PUBLISHED, outlet="경북일보", covers=article,
        headline="경북테크노파크, 배포 결과 시험 기사",
    )  # fmt: skip
    report = editor_client.get(f"/admin/distribution/mailing/report/{article.pk}/").content.decode()
    assert "보냄 2/2" in report and "개인 링크를 연 사람 1명" in report
    assert "키트를 내려받은 사람 1명" in report
    assert "경북일보" in report and "경북테크노파크, 배포 결과 시험 기사" in report
    month = timezone.localdate().strftime("%Y-%m")
    response = editor_client.get(f"/admin/distribution/mailing/monthly/?month={month}")
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["보도자료", "보도시점", "발송 방식", "받는 사람"]
    assert len(rows) == 3 and all(row[0] == "배포 결과 시험" for row in rows[1:])
    assert sorted(row[8] for row in rows[1:]) == ["0", "1"]  # opens
    assert all(row[10].startswith("경북일보") for row in rows[1:])
    assert sorted(row[11] for row in rows[1:]) == ["0", "1"]  # kit downloads
    assert AuditEvent.objects.filter(action=Action.EXPORT).exists()


def _link_in(message, part):
    text = message.get_body(("plain",)).get_content()
    return urlsplit(next(word for word in text.split() if part in word)).path


@pytest.mark.django_db
def test_subscribing_takes_a_confirmation_and_each_release_is_announced_once_when_public(
    client, smtp_here, run_tasks
):
    from articles.models import Article, Category
    from core.signals import content_changed

    battery = Category.objects.create(name="이차전지", slug="battery")
    startups = Category.objects.create(name="창업", slug="startups")
    form = client.get("/subscribe/")
    assert form.status_code == 200 and "수집 항목: 이메일 주소" in form.content.decode()
    bad = client.post("/subscribe/", {"email": "메일 아님"})
    assert bad.status_code == 400
    assert "이메일 주소가 올바르지 않습니다." in bad.content.decode()
    assert "동의해야 구독할 수 있습니다." in bad.content.decode()
    assert not Subscriber.objects.exists()
    sent = client.post(
        "/subscribe/",
        {"email": "Reader@Example.com", "categories": [battery.pk], "consent": "on"},
        HTTP_USER_AGENT="시험 브라우저",
    )
    assert "확인 메일을 보냈습니다" in sent.content.decode()
    subscriber = Subscriber.objects.get(email="reader@example.com")
    assert subscriber.consent_ip == "127.0.0.1" and subscriber.consent_user_agent == "시험 브라우저"
    assert "보유 기간" in subscriber.consent_text and subscriber.confirmed_at is None
    run_tasks()
    (confirmation,) = [m for _at, _to, m in smtp_here.parsed()]
    confirm = _link_in(confirmation, "/subscribe/confirm/")
    assert client.get(confirm).status_code == 200  # a link scanner's GET confirms nothing
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    assert client.post(confirm).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.active

    def publish(headline, category, release_in=None):
        article = make_article(
            status=Status.PUBLISHED, headline=headline, category=category, contacts=1,
            release_in=release_in,
        )  # fmt: skip
        content_changed.send(sender=Article, instance=article)
        return article

    publish("배터리 기업 지원 공고", battery)
    publish("창업 경진대회 결과", startups)
    later = publish("엠바고 걸린 배터리 소식", battery, release_in=timedelta(hours=2))
    run_tasks()
    notices = [m for _at, _to, m in smtp_here.parsed()][1:]
    assert [m["Subject"] for m in notices] == ["[새 보도자료] 배터리 기업 지원 공고"]
    content_changed.send(sender=Article, instance=later)  # an edit queues it again
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        run_tasks()
    notices = [m for _at, _to, m in smtp_here.parsed()][1:]
    assert [m["Subject"] for m in notices][1:] == ["[새 보도자료] 엠바고 걸린 배터리 소식"]
    assert notices[-1]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop = urlsplit(notices[-1]["List-Unsubscribe"].strip("<>")).path
    assert client.post(stop, data="List-Unsubscribe=One-Click",
                       content_type="application/x-www-form-urlencoded").status_code == 200  # fmt: skip
    publish("배터리 후속 소식", battery)
    run_tasks()
    assert len(smtp_here.messages) == 3  # nothing after the unsubscribe


@pytest.mark.django_db
def test_staff_export_and_erase_a_subscribers_data(editor_client, editor):
    import json

    subscriber = Subscriber.objects.create(
        email="reader@example.com", consent_text="동의문", consent_version="2026-12",
        consent_at=timezone.now(), consent_ip="10.0.0.1",
    )  # fmt: skip
    url = "/admin/distribution/subscriber/"
    exported = editor_client.post(
        url, {"action": "export_selected", "_selected_action": [subscriber.pk]}
    )
    data = json.loads(exported.content.decode())
    assert data[0]["email"] == "reader@example.com" and data[0]["consent"]["ip"] == "10.0.0.1"
    editor_client.post(url, {"action": "erase_selected", "_selected_action": [subscriber.pk]})
    assert not Subscriber.objects.exists()
    erased = AuditEvent.objects.get(action=Action.SUBSCRIBER_ERASE)
    assert "reader@example.com" not in json.dumps(erased.details, ensure_ascii=False)
    assert AuditEvent.objects.filter(action=Action.EXPORT, details__what="subscriber").exists()


@pytest.mark.django_db
def test_a_journalist_who_reads_english_gets_the_message_frame_in_english(editor, smtp_here):
    press = MediaList.objects.create(name="해외")
    (journalist,) = _journalists(1, 0, press)
    Journalist.objects.filter(pk=journalist.pk).update(language="en")
    article = make_article(status=Status.PUBLISHED, headline="경북테크노파크 해외 협력", contacts=1)
    (mailing,) = mailing_queue(article=article, mode=Mode.ON_TIME, lists=[press], by=editor)
    mailing_run(mailing.pk)
    (message,) = [m for _at, _to, m in smtp_here.parsed()]
    assert message["Subject"] == "[Press release] 경북테크노파크 해외 협력"
    assert message.get_body(("plain",)).get_content().startswith(f"Dear {journalist.name}")


@pytest.mark.django_db
def test_the_subscribe_form_refuses_a_flood_from_one_address(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "subscribe-flood"}}  # fmt: skip
    answers = [
        client.post("/subscribe/", {"email": f"stranger{i}@example.com", "consent": "on"})
        for i in range(7)
    ]
    assert [a.status_code for a in answers] == [200] * 5 + [429] * 2
    assert "10분 뒤에 다시" in answers[-1].content.decode()
    assert Subscriber.objects.count() == 5


@pytest.mark.django_db
def test_a_send_leaves_a_follow_up_run_for_a_worker_that_dies(editor, smtp_here):
    press = MediaList.objects.create(name="출입기자단")
    _journalists(1, 0, press)
    article = make_article(status=Status.PUBLISHED, contacts=1)
    (mailing,) = mailing_queue(article=article, mode=Mode.ON_TIME, lists=[press], by=editor)
    started = timezone.now()
    assert mailing_run(mailing.pk) == "sent"
    follow_up = DBTaskResult.objects.filter(
        task_path="distribution.tasks.send_mailing", run_after__gt=started + timedelta(minutes=10)
    )
    assert follow_up.count() == 1
    assert mailing_run(mailing.pk) == "nothing"  # what that run finds once all went well


@pytest.mark.django_db
def test_forged_requests_change_nothing(writer_client, client, editor, smtp_here):
    press = MediaList.objects.create(name="출입기자단")
    _journalists(2, 0, press)
    article = make_article(status=Status.PUBLISHED, release_in=timedelta(hours=3), contacts=1)
    url = f"/admin/distribution/mailing/send/{article.pk}/"
    assert writer_client.post(url, {"mode": Mode.ON_TIME, "lists": [press.pk]}).status_code == 403
    assert client.post(url, {"mode": Mode.ON_TIME, "lists": [press.pk]}).status_code == 302  # login
    assert not Mailing.objects.exists()
    for path in ["/press-mail/unsubscribe/forged/", "/subscribe/stop/forged/"]:
        assert client.post(path).status_code == 404
        assert client.get(path).status_code == 404
    assert client.post("/subscribe/confirm/forged/").status_code == 404
    assert not Suppression.objects.exists()


@pytest.mark.django_db
def test_the_monthly_csv_never_hands_excel_a_formula(editor, editor_client, smtp_here):
    import csv
    import io

    press = MediaList.objects.create(name="출입기자단")
    (journalist,) = _journalists(1, 0, press)
    Journalist.objects.filter(pk=journalist.pk).update(name="=HYPERLINK(1)")
    article = make_article(status=Status.PUBLISHED, headline="+수식처럼 보이는 제목", contacts=1)
    (mailing,) = mailing_queue(article=article, mode=Mode.ON_TIME, lists=[press], by=editor)
    mailing_run(mailing.pk)
    month = timezone.localdate().strftime("%Y-%m")
    content = editor_client.get(f"/admin/distribution/mailing/monthly/?month={month}").content
    (row,) = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))[1:]
    assert row[0] == "'+수식처럼 보이는 제목" and row[3] == "'=HYPERLINK(1)"
