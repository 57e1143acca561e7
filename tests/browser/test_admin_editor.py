"""A press officer writes a release in the real admin with CKEditor 5, under the site's CSP."""

import pytest
from playwright.sync_api import expect

from articles.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_writes_release_with_ckeditor(admin_login):
    page = admin_login("/admin/articles/article/add/")

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


def test_image_dropped_into_editor_becomes_a_clean_photo(admin_login, editor, tmp_path):
    from PIL import Image

    from photos.models import Photo

    image_path = tmp_path / "현장사진.jpg"
    Image.new("RGB", (120, 80), (10, 120, 200)).save(image_path, "JPEG")
    page = admin_login("/admin/articles/article/add/")
    page.locator(".ck-editor__editable").first.wait_for(state="visible")
    page.locator(".ck-toolbar input[type=file]").first.set_input_files(str(image_path))

    # CKEditor swaps in the stored URL once our upload view has answered.
    page.locator(".ck-editor__editable img[src*='/photos/']").wait_for()
    photo = Photo.objects.get()
    assert photo.original_filename == "현장사진.jpg"
    assert photo.alt_text == "본문 사진: 현장사진"
    assert photo.created_by == editor
