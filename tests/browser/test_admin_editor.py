"""A press officer writes a release in the real admin with CKEditor 5, under the site's CSP."""

import pytest
from playwright.sync_api import expect

from articles.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_writes_release_with_ckeditor(page, live_server, editor):
    page.goto(f"{live_server.url}/admin/login/?next=/admin/articles/article/add/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-for-tests")
    page.click("input[type=submit]")

    page.locator("#id_headline").press_sequentially("브라우저에서 쓴 보도자료")
    page.locator("#id_headline").press("Tab")
    # The slug is prepopulated from the headline as one types; a press officer then shortens it.
    expect(page.locator("#id_slug")).to_have_value("브라우저에서-쓴-보도자료")
    page.locator("#id_slug").select_text()
    page.locator("#id_slug").press_sequentially("written-in-browser")
    editable = page.locator(".ck-editor__editable").first
    editable.wait_for(state="visible")
    editable.click()
    page.keyboard.type("CKEditor 5로 입력한 본문입니다.")
    page.click("input[name=_save]")

    page.locator(".messagelist .success").wait_for()
    article = Article.objects.get(slug="written-in-browser")
    assert "<p>CKEditor 5로 입력한 본문입니다.</p>" in article.body
    assert article.created_by.username == "editor"
    assert not [e for e in page.console_errors if "Content Security Policy" in e], (
        page.console_errors
    )
