"""A new release goes from a writer's keyboard to a journalist's press kit, as it does in the office.

A writer writes a release in the admin (소제목, nested list, a phone photo with orientation 6 and GPS
in the body, a quote, a 담당자); an editor sets 조간 for tomorrow and publishes it. Before 보도시점 no
kit is reachable; after it the release page links a kit that the task worker (a real `db_worker`
process) built, and the downloaded ZIP is read with independent readers.
"""

import io
import json
import subprocess
import time
import zipfile
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone
from docx import Document
from hwpx import HwpxDocument
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from core.templatetags.korean import release_date
from presskits.models import KitBuild, Letterhead
from tests.factories import jpeg_bytes, make_article, make_contact, make_person, private_exif
from tests.test_kit_workers import start_worker

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "경북테크노파크, 청도 감 농가 일손 돕기 봉사활동 펼쳐"


def _logo_png() -> bytes:
    image = Image.new("RGB", (240, 80), (0, 70, 140))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _pick(page, group, field, text):
    """Choose `text` in an autocomplete (select2) field of the last row of an inline group."""
    row = page.locator(f"#{group}-group .dynamic-{group}").last
    row.locator(f".field-{field} .select2-selection, td.field-{field} .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()
    return row


def _wait_for_kit(article, worker, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        build = KitBuild.objects.filter(article=article).first()
        if build is not None and build.ready:
            return build
        if worker.poll() is not None:
            pytest.fail(f"the task worker stopped: {worker.stdout.read()}")
        time.sleep(0.5)
    pytest.fail("the kit was not built by the worker in time")


def _text_of_pdf(data: bytes, tmp_path, name) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _exif(data: bytes, tmp_path, name) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    out = subprocess.run(
        ["exiftool", "-j", "-G1", "-a", "-n", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)[0]


def test_new_release_gets_its_kit_built_by_the_worker_with_the_writers_structure(
    login_as, writer, editor, browser, live_server, tmp_path
):
    letterhead = Letterhead(name="(재)경북테크노파크", footer="기업과 함께 성장하는 경북테크노파크")
    letterhead.logo.save("gbtp-logo.png", ContentFile(_logo_png()), save=False)
    letterhead.save()
    make_contact(name="박보도", department="대외협력팀", phone="053-819-3011")
    make_person(name="하인성", title="원장", is_spokesperson=True)
    coverage = make_article(
        kind="coverage",
        outlet="일요서울",
        headline="경북TP 감 따기 봉사 (일요서울)",
        copyright_line="저작권자 © 일요서울i 무단전재 및 재배포 금지",
    )
    phone_photo = tmp_path / "감따기.jpg"
    phone_photo.write_bytes(jpeg_bytes(size=(160, 120), exif=private_exif(orientation=6)))

    # The writer writes.
    page = login_as(writer, "/admin/articles/article/add/")
    page.fill("#id_headline", HEADLINE)
    page.fill("#id_lead", "경북테크노파크 임직원이 청도 감 농가를 찾아 수확을 도왔다.")
    editable = page.locator(".ck-editor__editable").first
    editable.click()
    page.locator(".ck-heading-dropdown button").first.click()
    page.locator(".ck-heading_heading2").first.click()
    page.keyboard.type("봉사활동 개요")
    page.keyboard.press("Enter")
    page.keyboard.type("이번 봉사에는 임직원이 참여했다.")
    page.keyboard.press("Enter")
    page.keyboard.type("* ")
    page.keyboard.type("수확 작업")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # a nested item
    page.keyboard.type("감 따기와 선별")
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("포장 작업")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.locator(".ck-toolbar input[type=file]").first.set_input_files(str(phone_photo))
    page.locator(".ck-editor__editable img[src*='/photos/']").wait_for()
    page.locator("#contact_links-group .add-row a").click()
    _pick(page, "contact_links", "contact", "박보도")
    # A new release starts with one quote row.
    row = _pick(page, "quotes", "speaker", "하인성")
    row.locator("textarea[name$='-text']").fill("지역 농가와 함께하는 일에 앞장서겠습니다.")
    row.locator("input[name$='-speaker_title']").fill("원장")
    row.locator("input[name$='-said_on']").fill(timezone.localdate().isoformat())
    page.click("button[value=submit]")
    page.wait_for_load_state()
    page.locator(".messagelist .success, .errornote").first.wait_for()
    errors = page.locator(".errorlist, .errornote").all_inner_texts()
    assert errors == [], errors
    article = Article.objects.get(headline=HEADLINE)
    assert article.slug.isascii()
    assert "<h2>봉사활동 개요</h2>" in article.body and "<ul>" in article.body

    # The editor sets 조간 for tomorrow, approves and publishes.
    page = login_as(editor, f"/admin/articles/article/{article.pk}/change/")
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.select_option("#id_embargo_kind", "morning")
    page.fill("#id_embargo_date", tomorrow.isoformat())
    page.click("button[value=approve]")
    expect(page.locator(".messagelist .success").first).to_contain_text("승인")
    page.click("button[value=publish]")
    expect(page.locator(".messagelist .success").first).to_contain_text("게시")
    article.refresh_from_db()
    assert article.distributed_at is not None and article.is_scheduled

    worker = start_worker("--interval", "0.2")
    try:
        _wait_for_kit(article, worker)
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    reader = browser.new_context(locale="ko-KR", accept_downloads=True).new_page()
    kit_page = f"{live_server.url}/press-kits/releases/{article.pk}/"
    assert reader.goto(kit_page).status == 404  # before 보도시점: nothing
    assert reader.goto(f"{kit_page}download/").status == 404
    assert reader.goto(f"{live_server.url}/r/{article.pk}/").status == 404

    after_release = datetime.combine(tomorrow, datetime.min.time()).replace(
        hour=6, minute=1, tzinfo=timezone.get_current_timezone()
    )
    with time_machine.travel(after_release, tick=True):
        reader.goto(f"{live_server.url}/r/{article.pk}/")
        expect(reader.locator("h1")).to_contain_text("청도 감 농가")
        reader.locator("a[href*='/press-kits/releases/']").first.click()
        expect(reader.locator("h1")).to_contain_text("청도 감 농가")
        expect(reader.locator("table.kit-files img.thumb").first).to_be_visible()
        with reader.expect_download() as info:
            reader.locator("a.button.primary[download]").click()
        download = info.value
        assert download.suggested_filename.endswith(".zip")
        assert download.suggested_filename.startswith(after_release.strftime("%Y%m%d")) or (
            download.suggested_filename[:8].isdigit()
        )
        archive = zipfile.ZipFile(download.path())
        # A coverage item has no kit and no document anywhere.
        assert reader.goto(f"{live_server.url}/press-kits/releases/{coverage.pk}/").status == 404
    reader.context.close()

    names = archive.namelist()
    assert not [n for n in names if "일요서울" in n]

    def member(suffix):
        return archive.read(next(n for n in names if n.startswith("01_") and n.endswith(suffix)))

    short_url = f"/r/{article.pk}/"
    distributed = release_date(article.distributed_at)
    # PDF: structure, letterhead, 배포, short address.
    pdf = _text_of_pdf(member(".pdf"), tmp_path, "release.pdf")
    assert "(재)경북테크노파크" in pdf.split(HEADLINE[:8])[0]  # above the title
    assert short_url in pdf and "%EA" not in pdf
    flat = " ".join(pdf.split())
    assert f"배포 {distributed}" in flat, flat[:600]  # the moment it was published
    assert f"배포 {release_date(article.release_at)}" not in flat
    assert (
        pdf.index("봉사활동 개요")
        < pdf.index("수확 작업")
        < pdf.index("감 따기와 선별")
        < pdf.index("포장 작업")
    )
    assert "□ 봉사활동 개요" in " ".join(pdf.split())
    images = subprocess.run(
        ["pdfimages", "-list", str(tmp_path / "release.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[2:]
    assert len(images) >= 2  # the logo in the letterhead and the photo placed in the body
    # DOCX: headings and list depth, letterhead with its logo in the header area, Korean language.
    docx = Document(io.BytesIO(member(".docx")))
    texts = [p.text for p in docx.paragraphs]
    joined = "\n".join(texts)
    assert "(재)경북테크노파크" in joined or any(
        "(재)경북테크노파크" in p.text for s in docx.sections for p in s.header.paragraphs
    )
    assert (
        joined.index("봉사활동 개요") < joined.index("감 따기와 선별") < joined.index("포장 작업")
    )
    nested = next(p for p in docx.paragraphs if "감 따기와 선별" in p.text)
    outer = next(p for p in docx.paragraphs if "수확 작업" in p.text)
    assert (nested.paragraph_format.left_indent or 0) > (outer.paragraph_format.left_indent or 0)
    assert len(docx.inline_shapes) == 1  # the photo placed in the body
    header = docx.sections[0].header
    assert "(재)경북테크노파크" in "".join(p.text for p in header.paragraphs) + joined
    assert "<pic:pic" in header._element.xml  # the logo
    assert any(r.reltype.endswith("/image") for r in header.part.rels.values())
    xml = member(".docx").decode("latin-1")
    assert "ko-KR" in xml or b"ko-KR" in zipfile.ZipFile(io.BytesIO(member(".docx"))).read(
        "word/styles.xml"
    )
    # HWPX: the same text in order, the letterhead, the short address, and a real preview.
    hwpx_bytes = member(".hwpx")
    hwpx = HwpxDocument.open(io.BytesIO(hwpx_bytes))
    hwpx_text = "\n".join(p.text for p in hwpx.paragraphs)
    assert "(재)경북테크노파크" in hwpx_text and short_url in hwpx_text
    assert hwpx_text.index("봉사활동 개요") < hwpx_text.index("포장 작업")
    package = zipfile.ZipFile(io.BytesIO(hwpx_bytes))
    assert len([n for n in package.namelist() if n.startswith("BinData/")]) >= 2
    assert "청도 감 농가" in package.read("Preview/PrvText.txt").decode("utf-8")
    preview = Image.open(io.BytesIO(package.read("Preview/PrvImage.png"))).convert("L")
    assert preview.getextrema()[0] < 100  # a real first page, not a blank white image
    # The phone photo's original: upright when shown, no GPS, with its credit.
    original = next(n for n in names if n.startswith("사진/원본/"))
    tags = _exif(archive.read(original), tmp_path, "original.jpg")
    assert tags.get("IFD0:Orientation") == 6
    assert not [key for key in tags if "GPS" in key]
    assert any("Credit" in key or "Rights" in key for key in tags)
    shown = Image.open(io.BytesIO(archive.read(original)))
    from PIL import ImageOps

    assert ImageOps.exif_transpose(shown).size == (120, 160)
