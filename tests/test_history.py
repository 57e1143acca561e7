"""Every save keeps a revision; staff read a diff between two and restore one."""

import pytest
from reversion.models import Version

from core.models import Status, Transition
from core.services import publishable_transition
from tests.factories import make_article, make_quote
from tests.forms import change_form

pytestmark = [pytest.mark.django_db, pytest.mark.production_paths]


def _edit(client, article, **changes):
    url, data = change_form(client, article)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    article.refresh_from_db()


def test_each_admin_save_keeps_a_revision_with_user(editor_client, editor):
    article = make_article(status=Status.DRAFT, headline="첫 제목")
    _edit(editor_client, article, headline="둘째 제목")
    _edit(editor_client, article, headline="셋째 제목")
    versions = Version.objects.get_for_object(article)
    assert [v.field_dict["headline"] for v in versions] == ["셋째 제목", "둘째 제목", "첫 제목"]
    assert versions.first().revision.user == editor


def test_history_page_shows_readable_diff(editor_client):
    article = make_article(status=Status.DRAFT, headline="경북TP 행사 개최")
    _edit(editor_client, article, body="<p>첫째 문단입니다.</p>")
    _edit(
        editor_client,
        article,
        headline="경북TP 국제 행사 개최",
        body="<p>첫째 문단을 고쳤습니다.</p>",
    )
    older, newer = Version.objects.get_for_object(article).order_by("pk")[1:]
    page = editor_client.get(
        f"/admin/articles/article/{article.pk}/history/?from={older.pk}&to={newer.pk}"
    ).text
    assert "두 버전 비교" in page
    assert "<ins>국제</ins>" in page
    assert "<del>문단입니다.</del>" in page and "<ins>문단을 고쳤습니다.</ins>" in page


def test_restore_brings_back_content_but_keeps_publication(editor_client, editor):
    article = make_article(status=Status.APPROVED, headline="승인된 제목", contacts=1)
    _edit(editor_client, article, headline="승인된 제목")  # a revision of the approved text
    old = Version.objects.get_for_object(article).first()
    article = publishable_transition(obj=article, move=Transition.PUBLISH, by=editor)
    _edit(editor_client, article, headline="잘못 고친 제목", correction_note="제목 수정")

    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/history/restore/{old.pk}/",
        {"expected_version": article.version},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "승인된 제목"
    assert article.status == Status.PUBLISHED and article.is_public
    assert (
        Version.objects.get_for_object(article).first().revision.comment.endswith("버전을 복원함")
    )


def test_restore_needs_post_and_change_permission(writer_client, editor_client):
    article = make_article(status=Status.DRAFT)
    _edit(editor_client, article, headline="편집자 수정")
    version = Version.objects.get_for_object(article).first()
    url = f"/admin/articles/article/{article.pk}/history/restore/{version.pk}/"
    assert editor_client.get(url).status_code == 403
    assert writer_client.post(url).status_code == 403


def test_quote_edits_keep_revisions(editor_client):
    quote = make_quote(text="처음 발언")
    url, data = change_form(editor_client, quote)
    data["text"] = "고친 발언"
    assert editor_client.post(url, data).status_code == 302
    assert Version.objects.get_for_object(quote).first().field_dict["text"] == "고친 발언"


def test_restore_keeps_the_embargo_and_never_publishes_early(editor_client, editor):
    """An old revision with an earlier 보도시점 must not pull a scheduled release forward."""
    from datetime import timedelta

    from django.test import Client
    from django.utils import timezone

    from audit.models import Action, AuditEvent

    article = make_article(
        status=Status.APPROVED,
        headline="엠바고 복원 시험",
        release_in=timedelta(days=-1),
        contacts=1,
    )  # first revision: 보도시점 yesterday
    future = timezone.now() + timedelta(days=365 * 3)
    _edit(
        editor_client,
        article,
        headline="엠바고 복원 시험 (3년 뒤)",
        embargo_at_0=timezone.localtime(future).strftime("%Y-%m-%d"),
        embargo_at_1=timezone.localtime(future).strftime("%H:%M:%S"),
    )
    article = publishable_transition(obj=article, move=Transition.PUBLISH, by=editor)
    assert article.is_scheduled and article.release_at > timezone.now()
    before = (article.embargo_kind, article.embargo_at, article.release_at, article.status)
    oldest = Version.objects.get_for_object(article).order_by("pk").first()
    assert oldest.field_dict["embargo_at"] < timezone.now()
    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/history/restore/{oldest.pk}/",
        {"expected_version": article.version},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "엠바고 복원 시험"  # the content came back
    assert (article.embargo_kind, article.embargo_at, article.release_at, article.status) == before
    assert Client().get(article.get_absolute_url()).status_code == 404
    assert AuditEvent.objects.filter(action=Action.RESTORE).exists()


def test_every_change_of_release_time_in_the_admin_is_audited(editor_client):
    from datetime import date, timedelta

    from audit.models import Action, AuditEvent

    article = make_article(status=Status.APPROVED)
    day = date.today() + timedelta(days=3)
    _edit(editor_client, article, embargo_kind="evening", embargo_date=day.isoformat())
    line = AuditEvent.objects.get(action=Action.EMBARGO)
    assert line.details["release_at"].startswith(day.isoformat())
    assert "12:00" in line.details["release_at"]
