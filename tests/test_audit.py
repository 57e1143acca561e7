from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from audit.models import Action, AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_and_failed_login_are_logged_with_ip(editor):
    client = Client(REMOTE_ADDR="198.51.100.20")
    client.post("/admin/login/", {"username": "editor", "password": "틀린 비밀번호"})
    client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    failed = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert failed.actor_label == "editor" and failed.ip == "198.51.100.20"
    assert "틀린" not in str(failed.details)
    login = AuditEvent.objects.get(action=Action.LOGIN)
    assert login.actor == editor and login.ip == "198.51.100.20"


def test_audit_log_can_be_filtered_but_not_edited(editor_client, editor):
    event = AuditEvent.objects.create(
        action=Action.PUBLISH, actor=editor, actor_label="editor", object_repr="보도자료"
    )
    listing = editor_client.get("/admin/audit/auditevent/?action=publish")
    assert listing.status_code == 200 and "보도자료" in listing.text
    detail = editor_client.get(f"/admin/audit/auditevent/{event.pk}/change/")
    assert detail.status_code == 200 and 'name="_save"' not in detail.text
    assert (
        editor_client.post(
            f"/admin/audit/auditevent/{event.pk}/change/", {"action": "login"}
        ).status_code
        == 403
    )
    assert (
        editor_client.post(
            f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert editor_client.get("/admin/audit/auditevent/add/").status_code == 403
    event.refresh_from_db()
    assert event.action == Action.PUBLISH


def test_audit_time_shows_in_korea_time(editor_client, editor):
    with time_machine.travel(datetime(2026, 1, 1, 0, 30, tzinfo=UTC), tick=False):
        AuditEvent.objects.create(action=Action.LOGIN, actor=editor, actor_label="editor")
    listing = editor_client.get("/admin/audit/auditevent/").text
    assert "2026. 1. 1.(목) 09:30" in listing  # 00:30 UTC is 09:30 in Seoul, on the 24-hour clock
