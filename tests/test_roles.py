"""Role × action through the admin, checked on the server: forged requests change nothing."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from audit.models import Action, AuditEvent
from core.models import Status
from roles.definitions import ADMINISTRATOR
from tests.factories import make_article, make_photo, make_quote
from tests.forms import change_form, form_data

pytestmark = [pytest.mark.django_db, pytest.mark.production_paths]

ADD_URL = "/admin/articles/article/add/"
CHANGELIST = "/admin/articles/article/"


def _add_form(client):
    return form_data(client.get(ADD_URL), "article_form")


def test_writer_drafts_and_submits_own_release(writer_client, writer):
    data = _add_form(writer_client)
    data.update(
        headline="작성자가 쓴 보도자료", slug="by-writer", body="<p>본문</p>", _transition="submit"
    )
    response = writer_client.post(ADD_URL, data)
    assert response.status_code == 302
    article = Article.objects.get(slug="by-writer")
    assert article.created_by == writer
    assert article.status == Status.REVIEW
    assert AuditEvent.objects.filter(action=Action.SUBMIT, actor=writer).exists()


def test_writer_has_no_publish_buttons_or_actions(writer_client, writer):
    article = make_article(status=Status.DRAFT, created_by=writer)
    page = writer_client.get(f"/admin/articles/article/{article.pk}/change/").text
    assert 'value="submit"' in page
    for move in ("approve", "publish", "unpublish"):
        assert f'value="{move}"' not in page
    listing = writer_client.get(CHANGELIST).text
    assert "publish_selected" not in listing and "approve_selected" not in listing


def test_writer_forged_publish_button_is_refused(writer_client, writer):
    article = make_article(status=Status.DRAFT, created_by=writer)
    url, data = change_form(writer_client, article)
    data["_transition"] = "publish"
    response = writer_client.post(url, data, follow=True)
    assert "권한이 없습니다" in response.text or "할 수 없습니다" in response.text
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert not Article.objects.published().exists()


def test_writer_forged_status_and_embargo_fields_are_ignored(writer_client, writer):
    article = make_article(status=Status.DRAFT, created_by=writer)
    url, data = change_form(writer_client, article)
    data.update(
        status="published",
        release_at="2020-01-01 00:00",
        embargo_kind="at",
        embargo_at="2020-01-01 00:00",
    )
    assert writer_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.embargo_kind == "immediate" and article.release_at is None


def test_writer_forged_bulk_publish_changes_nothing(writer_client, writer):
    article = make_article(status=Status.APPROVED, created_by=writer)
    writer_client.post(
        CHANGELIST,
        {
            "action": "publish_selected",
            "_selected_action": [article.pk],
            f"_version_{article.pk}": article.version,
        },
    )
    article.refresh_from_db()
    assert article.status == Status.APPROVED


def test_writer_cannot_edit_others_or_submitted_releases(writer_client, writer, editor):
    for article in (
        make_article(status=Status.DRAFT, created_by=editor, slug="editors-draft"),
        make_article(status=Status.REVIEW, created_by=writer, slug="own-submitted"),
        make_article(status=Status.PUBLISHED, created_by=writer, slug="own-published"),
    ):
        url = f"/admin/articles/article/{article.pk}/change/"
        page = writer_client.get(url)
        assert page.status_code == 200 and 'name="_save"' not in page.text  # read-only view
        before = article.headline
        response = writer_client.post(url, {"headline": "바꿔치기", "slug": article.slug})
        assert response.status_code == 403
        article.refresh_from_db()
        assert article.headline == before


def test_writer_cannot_delete_others_release(writer_client, editor):
    article = make_article(status=Status.DRAFT, created_by=editor)
    response = writer_client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_writer_cannot_edit_quote_of_published_release(writer_client, writer):
    quote = make_quote(article=make_article(status=Status.PUBLISHED))
    response = writer_client.post(
        f"/admin/spokespeople/quote/{quote.pk}/change/", {"text": "바꾼 발언"}
    )
    assert response.status_code == 403
    quote.refresh_from_db()
    assert quote.text != "바꾼 발언"


def test_writer_cannot_edit_photo_shown_publicly(writer_client, writer):
    from articles.models import ArticlePhoto

    photo = make_photo(user=writer)
    ArticlePhoto.objects.create(article=make_article(status=Status.PUBLISHED), photo=photo)
    response = writer_client.post(f"/admin/photos/photo/{photo.pk}/change/", {"alt_text": "바꿈"})
    assert response.status_code == 403


def test_editor_approves_and_schedules_with_embargo(editor_client, editor):
    article = make_article(status=Status.REVIEW, contacts=1)
    url, data = change_form(editor_client, article)
    tomorrow = date.today() + timedelta(days=1)
    data.update(embargo_kind="morning", embargo_date=tomorrow.isoformat(), _transition="approve")
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.APPROVED
    embargo = AuditEvent.objects.get(action=Action.EMBARGO)
    assert embargo.actor == editor and "embargo_kind" in embargo.details["fields"]

    url, data = change_form(editor_client, article)
    data["_transition"] = "publish"
    editor_client.post(url, data)
    article.refresh_from_db()
    assert article.is_scheduled
    listing = editor_client.get(CHANGELIST).text
    assert "예약됨 (보도시점 대기)" in listing


def test_editor_bulk_publishes(editor_client):
    articles = [make_article(status=Status.APPROVED, contacts=1) for _ in range(2)]
    data = {"action": "publish_selected", "_selected_action": [a.pk for a in articles]}
    data.update({f"_version_{a.pk}": a.version for a in articles})
    editor_client.post(CHANGELIST, data)
    assert Article.objects.published().count() == 2


def test_editor_sees_waiting_for_review_first(editor_client):
    make_article(status=Status.DRAFT, headline="초안 하나")
    make_article(status=Status.REVIEW, headline="검토 기다리는 자료")
    make_article(status=Status.PUBLISHED, headline="게시된 자료")
    listing = editor_client.get(CHANGELIST).text
    assert listing.index("검토 기다리는 자료") < listing.index("초안 하나")
    assert listing.index("검토 기다리는 자료") < listing.index("게시된 자료")


def test_administrator_manages_users_not_content(client, django_user_model):
    admin_user = django_user_model.objects.create_user("admin1", is_staff=True)
    admin_user.groups.add(Group.objects.get(name=ADMINISTRATOR))
    client.force_login(admin_user)
    assert client.get("/admin/auth/user/").status_code == 200
    assert client.get(CHANGELIST).status_code == 403
    assert client.get("/admin/audit/auditevent/").status_code == 200


def test_anonymous_is_sent_to_login(client):
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    article = make_article(status=Status.APPROVED)
    client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Status.APPROVED


def test_sync_roles_restores_exact_permissions():
    from django.core.management import call_command

    editors = Group.objects.get(name="편집자")
    wanted = set(editors.permissions.values_list("codename", flat=True))
    editors.permissions.clear()
    call_command("sync_roles")
    assert set(editors.permissions.values_list("codename", flat=True)) == wanted
    assert "publish_article" in wanted and "publish_article" not in set(
        Group.objects.get(name="작성자").permissions.values_list("codename", flat=True)
    )
