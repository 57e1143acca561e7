"""Rich text is cleaned on the server whatever the editor (or a forged request) sends."""

import pytest
from django.urls import reverse

from articles.models import Article
from core.sanitize import clean_html
from tests.factories import make_article

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p onclick="steal()">본문<script>alert(1)</script></p>'
    '<img src="x" onerror="alert(2)" alt="사진">'
    '<a href="javascript:alert(3)">링크</a>'
    '<iframe src="https://evil.example"></iframe>'
    '<p style="position:fixed">스타일</p>'
)


def test_clean_html_removes_scripts_handlers_and_bad_urls():
    cleaned = clean_html(HOSTILE)
    for bad in ("<script", "onclick", "onerror", "javascript:", "<iframe", "style="):
        assert bad not in cleaned
    assert "본문" in cleaned and "링크" in cleaned and 'alt="사진"' in cleaned


def test_model_save_sanitises_body():
    article = make_article(body=HOSTILE)
    article.refresh_from_db()
    assert "<script" not in article.body and "onerror" not in article.body
    assert "본문" in article.body


def test_rendered_page_carries_no_script(client):
    article = make_article(body=HOSTILE)
    html = client.get(article.get_absolute_url()).text
    assert "alert(1)" not in html and "onerror" not in html and "javascript:alert" not in html


def test_admin_post_is_sanitised(editor_client):
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        {
            "kind": "release",
            "headline": "관리자에서 쓴 보도자료",
            "slug": "admin-written",
            "body": HOSTILE,
            "status": "draft",
            "embargo_kind": "immediate",
            "photo_links-TOTAL_FORMS": "0",
            "photo_links-INITIAL_FORMS": "0",
            "contact_links-TOTAL_FORMS": "0",
            "contact_links-INITIAL_FORMS": "0",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "quotes-TOTAL_FORMS": "0",
            "quotes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="admin-written")
    assert "<script" not in article.body and "onclick" not in article.body
    assert article.created_by.username == "editor"
