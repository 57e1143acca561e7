"""A press officer writes a release in the real admin with CKEditor 5, under the site's CSP."""

import pytest
from playwright.sync_api import expect

from articles.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_writes_release_with_ckeditor(admin_login):
    page = admin_login("/admin/articles/article/add/")

    page.locator("#id_headline").press_sequentially("브라우저에서 쓴 보도자료")
    page.locator("#id_headline").press("Tab")
    # Nothing Korean is copied into the address: left empty, the server romanises the headline;
    # here a press officer types a short one.
    expect(page.locator("#id_slug")).to_have_value("")
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


def test_release_with_heading_list_and_phone_photo_reaches_readers_intact(
    admin_login, browser, live_server, editor, tmp_path
):
    """What a press officer writes (소제목, a list, a phone photo in the body) is what readers get."""
    import subprocess

    from articles.models import ArticleContact
    from core.models import Transition
    from core.services import publishable_transition
    from photos.models import Photo
    from tests.factories import jpeg_bytes, make_contact, private_exif

    phone_photo = tmp_path / "감따기.jpg"  # taken upright on a phone turned sideways, with GPS
    phone_photo.write_bytes(jpeg_bytes(size=(160, 120), exif=private_exif(orientation=6)))
    page = admin_login("/admin/articles/article/add/")
    page.locator("#id_headline").fill("청도 감 농가 일손 돕기")
    page.locator("#id_headline").press("Tab")
    page.locator("#id_slug").select_text()
    page.locator("#id_slug").press_sequentially("persimmon-volunteering")
    editable = page.locator(".ck-editor__editable").first
    editable.click()
    page.locator(".ck-heading-dropdown button").first.click()
    page.locator(".ck-heading_heading2").first.click()
    page.keyboard.type("봉사활동 개요")
    page.keyboard.press("Enter")
    page.keyboard.type("* ")  # CKEditor's autoformat starts a bulleted list
    page.keyboard.type("임직원 18명 참여")
    page.keyboard.press("Enter")
    page.keyboard.type("감 수확과 선별 작업")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.locator(".ck-toolbar input[type=file]").first.set_input_files(str(phone_photo))
    page.locator(".ck-editor__editable img[src*='/photos/']").wait_for()
    page.click("input[name=_save]")
    page.wait_for_load_state()
    errors = page.locator(".errorlist, .errornote").all_inner_texts()
    assert errors == [], errors
    page.locator(".messagelist .success").wait_for()

    article = Article.objects.get(slug="persimmon-volunteering")
    assert "<h2>봉사활동 개요</h2>" in article.body
    assert (
        "<li>임직원 18명 참여</li>" in article.body
        and "<li>감 수확과 선별 작업</li>" in article.body
    )
    photo = Photo.objects.get()
    assert list(article.embedded_photos.all()) == [photo]
    assert (photo.width, photo.height) == (120, 160)  # portrait, as displayed
    tags = subprocess.run(
        ["exiftool", "-j", "-G", "-a", photo.image.path], capture_output=True, text=True
    ).stdout
    assert (
        "GPS" not in tags
        and "SN-123456" not in tags
        and '"EXIF:Orientation": "Rotate 90 CW"' in tags
    )

    # 담당자, which the pre-publish checklist requires before 승인 and 게시.
    ArticleContact.objects.create(article=article, contact=make_contact())
    for move in (Transition.SUBMIT, Transition.APPROVE, Transition.PUBLISH):
        article = publishable_transition(obj=article, move=move, by=editor)
    reader = browser.new_context(locale="ko-KR").new_page()
    reader.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(reader.locator("h2", has_text="봉사활동 개요")).to_be_visible()
    expect(reader.locator("li", has_text="임직원 18명 참여")).to_be_visible()
    image = reader.locator(f"img[src*='{photo.image.name.rsplit('/', 1)[-1]}']").first
    image.wait_for()
    reader.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    size = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert size == [120, 160]  # upright for the reader
    reader.context.close()
