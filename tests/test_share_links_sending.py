"""Share links a press officer can send: the address with a copy button, an e-mail to the recipient
through the task worker, and the kit's files on the page the journalist opens."""

import re
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.views import serve
from django.core import mail
from django.templatetags.static import static
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from audit.models import Action, AuditEvent
from core.models import Status
from presskits.models import KitBuild
from presskits.services import kit_builds_request
from sharing.models import ShareLink
from sharing.services import sharelink_create
from sharing.tasks import RETRY_DELAYS, send_share_mail
from tests.factories import make_article, make_contact
from tests.forms import form_data

pytestmark = pytest.mark.django_db

PARTICLE_PATTERNS = ("(으)로", "이(가)", "(을)를", "은(는)", "과(와)")


def _embargoed(**fields):
    fields.setdefault("headline", "경북 이차전지 소재 기업 해외 수출 상담회 개최")
    article = make_article(status=Status.PUBLISHED, release_in=timedelta(hours=6), **fields)
    article.contact_links.create(contact=make_contact(), role="contact")
    return article


def _share(article, editor, **fields):
    fields.setdefault("recipient_name", "김기자")
    fields.setdefault("recipient_organisation", "대구일보")
    link = ShareLink(target=article, **fields)
    return link, sharelink_create(link=link, by=editor)


def _mail_tasks():
    return DBTaskResult.objects.filter(task_path=send_share_mail.module_path)


def _admin_add(editor_client, article, **fields):
    content_type = ContentType.objects.get_for_model(Article)
    add = f"/admin/sharing/sharelink/add/?content_type={content_type.pk}&object_id={article.pk}"
    data = form_data(editor_client.get(add), "sharelink_form")
    data.update(recipient_name="이기자", recipient_organisation="경북매일", **fields)
    return editor_client.post(add, data, follow=True)


# The address, once, with a copy button.


def test_new_link_page_shows_the_address_once_with_copy_button(editor_client):
    article = _embargoed()
    shown = _admin_add(editor_client, article, recipient_email="lee@example.com")
    link = ShareLink.objects.get()
    assert shown.redirect_chain[-1][0] == f"/admin/sharing/sharelink/{link.pk}/created/"
    token = re.search(r"/share/([A-Za-z0-9_-]+)/", shown.text).group(1)
    assert link.token_hash != token and ShareLink.objects.for_token(token).get() == link
    assert 'id="sharelink-address"' in shown.text and "readonly" in shown.text
    assert "주소 복사" in shown.text and 'data-copy-target="sharelink-address"' in shown.text
    assert '<script src="/static/js/copy-link.js" defer></script>' in shown.text
    assert "<script>" not in shown.text  # nothing inline: the admin's script-src is 'self'
    assert "이기자 (경북매일)" in shown.text
    assert "엠바고:" in shown.text and "이전에는 보도할 수 없습니다" in shown.text
    assert "lee@example.com 주소로" in shown.text
    local = timezone.localtime(link.expires_at)
    assert f"{local.month}. {local.day}." in shown.text and f"{local:%H:%M}" in shown.text
    assert not any(pattern in shown.text for pattern in PARTICLE_PATTERNS)
    assert "no-store" in shown["Cache-Control"]

    again = editor_client.get(f"/admin/sharing/sharelink/{link.pk}/created/")
    assert again.status_code == 200 and token not in again.text
    assert "한 번만 보입니다" in again.text


def test_copy_script_is_a_served_static_file_with_a_selection_fallback(editor):
    path = finders.find("js/copy-link.js")
    assert path
    with open(path, encoding="utf-8") as script:
        source = script.read()
    assert "navigator.clipboard.writeText" in source and ".select()" in source
    # Served the way the development server and the live-server browser tests serve static files.
    served = serve(
        RequestFactory().get(static("js/copy-link.js")), "js/copy-link.js", insecure=True
    )
    assert served.status_code == 200 and "javascript" in served["Content-Type"]
    assert b"navigator.clipboard" in b"".join(served.streaming_content)


def test_created_page_needs_the_view_permission(editor, writer_client):
    link, _token = _share(_embargoed(), editor)
    response = writer_client.get(f"/admin/sharing/sharelink/{link.pk}/created/")
    assert response.status_code in (403, 302)


# The e-mail, through the task worker.


def test_email_is_queued_with_the_link_and_sent_by_the_worker(editor, run_tasks):
    article = _embargoed()
    link, token = _share(article, editor, recipient_email="kim@daegu.example")
    queued = _mail_tasks().get()
    assert queued.queue_name == "default" and queued.args_kwargs["args"][0] == link.pk
    assert mail.outbox == []  # nothing is sent in the request

    run_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kim@daegu.example"]
    assert article.headline in message.subject and "\n" not in message.subject
    url = settings.SITE_URL + f"/share/{token}/"
    release = timezone.localtime(article.release_at)
    release_text = f"{release.year}. {release.month}. {release.day}."
    for body in (message.body, message.alternatives[0].content):
        assert url in body and article.headline in body
        assert "김기자님께" in body
        assert "보도시점" in body and release_text in body and f"{release:%H:%M}" in body
        assert "전에는 보도할 수 없습니다" in body
        assert "열람 기한" in body
        assert settings.PRESS_OFFICE["name"] in body and settings.PRESS_OFFICE["phone"] in body
        assert not any(pattern in body for pattern in PARTICLE_PATTERNS)
    assert message.alternatives[0].mimetype == "text/html"
    assert '<a href="' + url + '"' in message.alternatives[0].content
    # The address left the task table with the run; the audit trail says it went, without it.
    assert not _mail_tasks().exists()
    sent = AuditEvent.objects.get(action=Action.SHARE_MAIL)
    assert sent.details["to"] == "kim@daegu.example" and sent.details["link"] == link.pk
    assert token not in str(sent.details)


def test_the_worker_opens_the_emailed_address(editor, run_tasks):
    article = _embargoed()
    _share(article, editor, recipient_email="kim@daegu.example")
    run_tasks()
    url = re.search(r"https?://\S+/share/\S+/", mail.outbox[0].body).group(0)
    shown = Client().get(url.removeprefix(settings.SITE_URL))
    assert shown.status_code == 200 and article.headline in shown.text


def test_no_email_without_an_address(editor, run_tasks):
    _share(_embargoed(), editor)
    assert not _mail_tasks().exists()
    run_tasks()
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action=Action.SHARE_MAIL).exists()


def test_a_link_revoked_before_the_worker_runs_is_not_mailed(editor, run_tasks):
    link, _token = _share(_embargoed(), editor, recipient_email="kim@daegu.example")
    ShareLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    run_tasks()
    assert mail.outbox == [] and not _mail_tasks().exists()


def test_a_failed_send_is_logged_and_retried_later(editor, run_tasks, caplog):
    link, token = _share(_embargoed(), editor, recipient_email="kim@daegu.example")
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("연결 거부")
    ):
        run_tasks()
    assert mail.outbox == []
    assert "e-mail to the recipient failed" in caplog.text
    retry = _mail_tasks().get()  # the failed run's row is gone; the retry waits
    assert retry.args_kwargs["args"] == [link.pk, settings.SITE_URL + f"/share/{token}/", 2]
    assert retry.run_after > timezone.now() + timedelta(seconds=RETRY_DELAYS[0] - 5)

    with time_machine.travel(timezone.now() + timedelta(seconds=RETRY_DELAYS[0] + 1)):
        run_tasks()
    assert len(mail.outbox) == 1 and not _mail_tasks().exists()
    assert AuditEvent.objects.get(action=Action.SHARE_MAIL).details["attempts"] == 2


def test_after_the_last_attempt_the_failure_is_audited_and_nothing_is_left(editor, run_tasks):
    link, _token = _share(_embargoed(), editor, recipient_email="kim@daegu.example")
    later = timezone.now()
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("연결 거부")
    ):
        for delay in (0, *RETRY_DELAYS):
            later += timedelta(seconds=delay + 30)
            with time_machine.travel(later):
                run_tasks()
    assert mail.outbox == [] and not _mail_tasks().exists()
    failed = AuditEvent.objects.get(action=Action.SHARE_MAIL_FAILED)
    assert failed.details["attempts"] == len(RETRY_DELAYS) + 1 and failed.details["link"] == link.pk
    assert "OSError" in failed.details["error"]


# The kit on the share shown.


def test_share_page_lists_the_kit_files_before_the_release_time(editor, run_tasks):
    article = _embargoed()
    _link, token = _share(article, editor)
    kit_builds_request({"article": {article.pk}})
    journalist = Client()

    waiting = journalist.get(f"/share/{token}/")
    assert "보도자료 키트" in waiting.text and "키트를 만드는 중입니다" in waiting.text

    run_tasks()
    build = KitBuild.objects.get(article=article)
    assert build.ready
    shown = journalist.get(f"/share/{token}/")
    assert shown.status_code == 200 and 'id="share-kit-heading"' in shown.text
    download = reverse("presskits:release_download", args=[article.pk])
    assert f'href="{download}"' in shown.text
    files = list(build.files.all())
    assert files
    for file in files:
        assert (
            reverse("presskits:release_file", args=[article.pk, file.pk, file.name]) in shown.text
        )
    assert "키트를 만드는 중입니다" not in shown.text

    first = files[0]
    file_url = reverse("presskits:release_file", args=[article.pk, first.pk, first.name])
    assert journalist.get(download).status_code == 200
    assert journalist.get(file_url).status_code == 200
    # Without the link, the kit stays as hidden as the release.
    anonymous = Client()
    assert anonymous.get(download).status_code == 404
    assert anonymous.get(file_url).status_code == 404
    assert anonymous.get(article.get_absolute_url()).status_code == 404


def test_public_release_page_shows_no_share_kit_box(editor, run_tasks):
    article = make_article(status=Status.PUBLISHED, release_in=timedelta(hours=-1))
    kit_builds_request({"article": {article.pk}})
    run_tasks()
    shown = Client().get(article.get_absolute_url())
    assert shown.status_code == 200 and "share-kit-heading" not in shown.text
