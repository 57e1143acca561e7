"""Every save keeps a revision; staff read a diff between two and restore one."""

import pytest
from reversion.models import Version

from core.models import Status, Transition
from core.services import publishable_transition
from tests.factories import make_article, make_quote
from tests.forms import change_form

pytestmark = pytest.mark.django_db


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
    article = make_article(status=Status.APPROVED, headline="승인된 제목")
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
