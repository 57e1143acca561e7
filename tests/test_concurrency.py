"""No lost updates: the second of two saves from the same starting point is refused, and explained."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from articles.models import Article
from core.models import Status
from roles.definitions import EDITOR
from tests.factories import make_article, make_photo
from tests.forms import change_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor(django_user_model):
    user = django_user_model.objects.create_user("editor2", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    client = Client()
    client.force_login(user)
    return client


def test_second_save_is_refused_and_shows_what_changed(editor_client, second_editor):
    article = make_article(status=Status.DRAFT, headline="원래 제목")
    url, first = change_form(editor_client, article)
    _, second = change_form(second_editor, article)

    first["headline"] = "먼저 저장한 제목"
    assert editor_client.post(url, first).status_code == 302

    second["lead"] = "나중에 고친 리드"
    refused = second_editor.post(url, second)
    assert refused.status_code == 200
    assert "editor님이" in refused.text and "먼저 저장했습니다" in refused.text
    assert "바뀐 항목: 제목" in refused.text
    assert "나중에 고친 리드" in refused.text  # nothing typed is lost
    article.refresh_from_db()
    assert article.headline == "먼저 저장한 제목" and article.lead != "나중에 고친 리드"

    # Having seen the conflict, the second editor may save on purpose.
    from tests.forms import form_data

    again = form_data(refused, "article_form")
    assert second_editor.post(url, again).status_code == 302
    article.refresh_from_db()
    assert article.lead == "나중에 고친 리드"


def test_inline_only_change_also_conflicts(editor_client, second_editor):
    article = make_article(status=Status.DRAFT)
    photo = make_photo()
    url, first = change_form(editor_client, article)
    _, second = change_form(second_editor, article)
    first.update(
        {
            "photo_links-TOTAL_FORMS": "1",
            "photo_links-0-photo": photo.pk,
            "photo_links-0-order": "0",
        }
    )
    assert editor_client.post(url, first).status_code == 302
    second.update(
        {
            "photo_links-TOTAL_FORMS": "1",
            "photo_links-0-photo": photo.pk,
            "photo_links-0-order": "5",
        }
    )
    assert second_editor.post(url, second).status_code == 200
    assert article.photo_links.get().order == 0


def test_bulk_action_refuses_rows_changed_since_the_list_was_loaded(editor_client, second_editor):
    article = make_article(status=Status.APPROVED)
    listed_version = article.version
    _url, data = change_form(second_editor, article)
    data["headline"] = "목록을 연 뒤 바뀐 제목"
    second_editor.post(_url, data)
    response = editor_client.post(
        "/admin/articles/article/",
        {
            "action": "publish_selected",
            "_selected_action": [article.pk],
            f"_version_{article.pk}": listed_version,
        },
        follow=True,
    )
    assert "먼저 저장했습니다" in response.text
    article.refresh_from_db()
    assert article.status == Status.APPROVED


def test_version_number_grows_with_each_save():
    article = make_article()
    start = article.version
    article.lead = "바꿈"
    article.save()
    assert Article.objects.get(pk=article.pk).version == start + 1
