"""Workflow e-mails (WORKFLOW_EMAILS): 검토 요청 to the editors, 돌려보내기, 승인 and 게시 to the writer,
sent by the task worker, never to whoever made the move, and off unless switched on."""

import re
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import Status, Transition
from core.services import publishable_transition
from core.tasks import RETRY_DELAYS, notify_workflow_move
from roles.definitions import EDITOR
from tests.factories import make_article, make_event
from tests.forms import change_form, reverse_change

pytestmark = pytest.mark.django_db

PARTICLE_PATTERNS = ("(으)로", "이(가)", "(을)를", "은(는)")
KOREAN_MOMENT = re.compile(r"\d{4}년 \d{1,2}월 \d{1,2}일 \d{2}:\d{2}")
NOTE = "_transition_note"


@pytest.fixture
def mails_on(settings):
    settings.WORKFLOW_EMAILS = True
    return settings


@pytest.fixture
def people(editor, writer, django_user_model):
    """The two fixtures' users with addresses, a second editor with one, one without, one gone."""
    editor.email, writer.email = "editor@gbtp.example", "writer@gbtp.example"
    editor.save()
    writer.save()

    def another_editor(username, email, active=True):
        user = django_user_model.objects.create_user(
            username, email=email, is_staff=True, is_active=active
        )
        user.groups.add(Group.objects.get(name=EDITOR))
        return user

    return {
        "second": another_editor("editor2", "editor2@gbtp.example"),
        "no_address": another_editor("editor3", ""),
        "inactive": another_editor("editor4", "editor4@gbtp.example", active=False),
    }


def _mail_tasks():
    return DBTaskResult.objects.filter(task_path=notify_workflow_move.module_path)


def _to(outbox):
    return sorted(address for message in outbox for address in message.to)


def _submit_in_admin(client, item):
    url, data = change_form(client, item)
    data["_transition"] = "submit"
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.status == Status.REVIEW


def test_off_by_default_nothing_is_queued_or_sent(
    settings, people, writer, writer_client, run_tasks, mailoutbox
):
    assert settings.WORKFLOW_EMAILS is False
    article = make_article(status=Status.DRAFT, created_by=writer)
    _submit_in_admin(writer_client, article)
    assert not _mail_tasks().exists()
    run_tasks()
    assert mailoutbox == []


def test_submit_mails_the_editors_with_an_address(
    mails_on, people, writer, writer_client, run_tasks, mailoutbox
):
    article = make_article(status=Status.DRAFT, created_by=writer, headline="경북 수출 상담회")
    _submit_in_admin(writer_client, article)
    assert _mail_tasks().count() == 2  # one per recipient
    assert mailoutbox == []  # nothing is sent in the request

    run_tasks()
    assert _to(mailoutbox) == ["editor2@gbtp.example", "editor@gbtp.example"]
    message = mailoutbox[0]
    assert message.subject == "[경북테크노파크 보도자료] 검토 요청: 경북 수출 상담회"
    assert message.from_email == mails_on.DEFAULT_FROM_EMAIL
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<html" in html
    url = mails_on.SITE_URL + reverse_change(article)
    for body in (message.body, html):
        assert "경북 수출 상담회" in body and url in body
        assert "writer님이 검토를 요청했습니다" in body
        assert KOREAN_MOMENT.search(body)
        assert not any(pattern in body for pattern in PARTICLE_PATTERNS)
    assert f'<a href="{url}"' in html
    assert not any(pattern in message.subject for pattern in PARTICLE_PATTERNS)


def test_the_time_of_the_move_is_korea_time(mails_on, people, writer, run_tasks, mailoutbox):
    article = make_article(status=Status.DRAFT, created_by=writer)
    with time_machine.travel("2026-11-30T21:00:00Z", tick=False):  # 06:00 on 1 December in Seoul
        publishable_transition(obj=article, move=Transition.SUBMIT, by=writer)
    run_tasks()
    assert mailoutbox and all("2026년 12월 1일 06:00" in m.body for m in mailoutbox)


def test_return_mails_the_writer_with_the_reason(
    mails_on, people, editor, writer, editor_client, run_tasks, mailoutbox
):
    article = make_article(status=Status.REVIEW, created_by=writer, headline="돌아갈 보도자료")
    url, data = change_form(editor_client, article)
    data.update(_transition="return", **{NOTE: "사진 출처를 <b>넣어</b> 주세요."})
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT

    run_tasks()
    assert _to(mailoutbox) == ["writer@gbtp.example"]
    message = mailoutbox[0]
    assert message.subject == "[경북테크노파크 보도자료] 돌려보내기: 돌아갈 보도자료"
    assert "사진 출처를 <b>넣어</b> 주세요." in message.body
    html = message.alternatives[0].content
    assert "사진 출처를 &lt;b&gt;넣어&lt;/b&gt; 주세요." in html and "<b>넣어" not in html
    for body in (message.body, html):
        assert "편집자 의견" in body and "editor님이 돌려보냈습니다" in body
        assert not any(pattern in body for pattern in PARTICLE_PATTERNS)


@pytest.mark.parametrize(
    ("start", "move", "label"),
    [
        (Status.REVIEW, Transition.APPROVE, "승인"),
        (Status.APPROVED, Transition.PUBLISH, "게시"),
    ],
)
def test_approve_and_publish_mail_the_writer(
    mails_on, people, editor, writer, run_tasks, mailoutbox, start, move, label
):
    article = make_article(status=start, created_by=writer, contacts=1, headline="나갈 보도자료")
    publishable_transition(obj=article, move=move, by=editor)
    run_tasks()
    assert _to(mailoutbox) == ["writer@gbtp.example"]
    message = mailoutbox[0]
    assert message.subject == f"[경북테크노파크 보도자료] {label}: 나갈 보도자료"
    assert f"editor님이 {label}했습니다" in message.body
    assert message.alternatives[0].mimetype == "text/html"


def test_publish_with_an_embargo_says_when_it_goes_public(
    mails_on, people, editor, writer, run_tasks, mailoutbox
):
    article = make_article(
        status=Status.APPROVED, created_by=writer, contacts=1, release_in=timedelta(days=2)
    )
    publishable_transition(obj=article, move=Transition.PUBLISH, by=editor)
    run_tasks()
    assert "부터 공개 사이트에 나타납니다" in mailoutbox[0].body


def test_moves_nobody_is_told_of_queue_nothing(mails_on, people, editor, writer):
    article = make_article(status=Status.PUBLISHED, created_by=writer)
    publishable_transition(obj=article, move=Transition.UNPUBLISH, by=editor)
    publishable_transition(obj=article, move=Transition.REDRAFT, by=editor)
    assert not _mail_tasks().exists()
    publishable_transition(obj=article, move=Transition.SUBMIT, by=writer)
    before = _mail_tasks().count()
    publishable_transition(obj=article, move=Transition.RECALL, by=writer)
    assert _mail_tasks().count() == before


def test_the_actor_never_gets_mail(mails_on, people, editor, run_tasks, mailoutbox):
    own = make_article(status=Status.DRAFT, created_by=editor, contacts=1)
    publishable_transition(obj=own, move=Transition.SUBMIT, by=editor)
    run_tasks()
    assert _to(mailoutbox) == ["editor2@gbtp.example"]  # the other editor, not the one who asked
    mailoutbox.clear()
    # An editor approving and publishing their own release tells nobody.
    publishable_transition(obj=own, move=Transition.APPROVE, by=editor)
    publishable_transition(obj=own, move=Transition.PUBLISH, by=editor)
    run_tasks()
    assert mailoutbox == []


def test_a_writer_without_address_gets_nothing(
    mails_on, people, editor, writer, run_tasks, mailoutbox
):
    writer.email = ""
    writer.save()
    article = make_article(status=Status.REVIEW, created_by=writer)
    publishable_transition(obj=article, move=Transition.RETURN, by=editor, note="고쳐 주세요.")
    assert not _mail_tasks().exists()
    run_tasks()
    assert mailoutbox == []


def test_events_are_told_of_too(mails_on, people, writer, run_tasks, mailoutbox):
    event = make_event(status=Status.DRAFT, created_by=writer, title="2026 경북 소재 포럼")
    publishable_transition(obj=event, move=Transition.SUBMIT, by=writer)
    run_tasks()
    assert _to(mailoutbox) == ["editor2@gbtp.example", "editor@gbtp.example"]
    message = mailoutbox[0]
    assert message.subject == "[경북테크노파크 행사] 검토 요청: 2026 경북 소재 포럼"
    assert mails_on.SITE_URL + f"/admin/events/event/{event.pk}/change/" in message.body


def test_a_submission_handled_before_the_worker_runs_is_not_mailed(
    mails_on, people, editor, writer, run_tasks, mailoutbox
):
    article = make_article(status=Status.DRAFT, created_by=writer)
    publishable_transition(obj=article, move=Transition.SUBMIT, by=writer)
    publishable_transition(obj=article, move=Transition.RETURN, by=editor, note="다시 써 주세요.")
    run_tasks()
    # The editors' 검토 요청 is stale; only the writer hears of the return.
    assert _to(mailoutbox) == ["writer@gbtp.example"]
    assert "다시 써 주세요." in mailoutbox[0].body


def test_a_resubmission_does_not_revive_the_first_request(
    mails_on, people, writer, run_tasks, mailoutbox
):
    article = make_article(status=Status.DRAFT, created_by=writer)
    publishable_transition(obj=article, move=Transition.SUBMIT, by=writer)
    publishable_transition(obj=article, move=Transition.RECALL, by=writer)
    publishable_transition(obj=article, move=Transition.SUBMIT, by=writer)
    run_tasks()
    assert _to(mailoutbox) == ["editor2@gbtp.example", "editor@gbtp.example"]  # once each


def test_a_deleted_item_is_not_mailed(mails_on, people, writer, run_tasks, mailoutbox):
    article = make_article(status=Status.DRAFT, created_by=writer)
    publishable_transition(obj=article, move=Transition.SUBMIT, by=writer)
    article.delete()
    run_tasks()
    assert mailoutbox == []


def test_a_failed_send_is_retried_later_and_nobody_gets_it_twice(
    mails_on, people, writer, run_tasks, mailoutbox, caplog
):
    article = make_article(status=Status.DRAFT, created_by=writer)
    publishable_transition(obj=article, move=Transition.SUBMIT, by=writer)
    send = EmailMultiAlternatives.send

    def refused_for_the_editor(message, *args, **kwargs):
        if message.to == ["editor@gbtp.example"]:
            raise OSError("연결 거부")
        return send(message, *args, **kwargs)

    with mock.patch.object(
        EmailMultiAlternatives, "send", autospec=True, side_effect=refused_for_the_editor
    ):
        run_tasks()
    assert _to(mailoutbox) == ["editor2@gbtp.example"]
    assert "failed (attempt 1)" in caplog.text
    retry = _mail_tasks().filter(status="READY").get()
    assert retry.args_kwargs["args"][-1] == 2
    assert retry.run_after > timezone.now() + timedelta(seconds=RETRY_DELAYS[0] - 5)

    run_tasks()  # too early: the retry waits
    assert len(mailoutbox) == 1
    with time_machine.travel(timezone.now() + timedelta(seconds=RETRY_DELAYS[0] + 1)):
        run_tasks()
    assert _to(mailoutbox) == ["editor2@gbtp.example", "editor@gbtp.example"]
    assert not _mail_tasks().filter(status="READY").exists()


def test_after_the_last_attempt_it_gives_up_with_a_log_line(
    mails_on, people, editor, writer, run_tasks, mailoutbox, caplog
):
    article = make_article(status=Status.REVIEW, created_by=writer)
    publishable_transition(obj=article, move=Transition.RETURN, by=editor, note="고쳐 주세요.")
    later = timezone.now()
    with mock.patch.object(EmailMultiAlternatives, "send", side_effect=OSError("연결 거부")):
        for delay in (0, *RETRY_DELAYS):
            later += timedelta(seconds=delay + 30)
            with time_machine.travel(later):
                run_tasks()
    assert mailoutbox == []
    assert f"giving up after {len(RETRY_DELAYS) + 1} attempts" in caplog.text
    assert not _mail_tasks().filter(status="READY").exists()
    assert _mail_tasks().count() == len(RETRY_DELAYS) + 1
