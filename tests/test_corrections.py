import pytest

from core.models import Status
from tests.factories import make_article
from tests.forms import change_form

pytestmark = pytest.mark.django_db


def test_changing_a_public_release_needs_a_correction_note(editor_client):
    article = make_article(status=Status.PUBLISHED, lead="행사는 10월 11일에 열린다.")
    url, data = change_form(editor_client, article)
    data["lead"] = "행사는 10월 12일에 열린다."
    refused = editor_client.post(url, data)
    assert refused.status_code == 200
    assert "정정 내용을 써 주세요" in refused.text
    article.refresh_from_db()
    assert "11일" in article.lead

    data["correction_note"] = "행사 날짜를 10월 12일로 바로잡았습니다."
    assert editor_client.post(url, data).status_code == 302
    page = editor_client.get(article.get_absolute_url()).text
    assert "정정" in page and "행사 날짜를 10월 12일로 바로잡았습니다." in page
    article.refresh_from_db()
    assert article.last_corrected_at is not None


def test_scheduled_release_needs_no_correction(editor_client):
    from datetime import timedelta

    article = make_article(status=Status.PUBLISHED, release_in=timedelta(days=1))
    url, data = change_form(editor_client, article)
    data["lead"] = "보도 전 수정"
    assert editor_client.post(url, data).status_code == 302
    assert not article.corrections.exists()
