"""Press kits: opened with real readers (LibreOffice, poppler, exiftool, python-hwpx, icalendar, vobject)."""

import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
import zipfile
from datetime import timedelta
from urllib.parse import quote

import pytest
import vobject
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult
from hwpx import HwpxDocument
from icalendar import Calendar

from articles.models import Article, ArticlePhoto
from audit.models import Action, AuditEvent
from core.models import Status
from core.signals import content_changed
from presskits.archive import presskit_stream
from presskits.contents import contents_of_kit
from presskits.models import KitBuild, PressKit
from presskits.services import kit_builds_request
from tests.factories import jpeg_bytes, make_article, private_exif, upload

pytestmark = pytest.mark.django_db
KIT = "it-days-uzbekistan-bpo-b2b-kit"
HEADLINE = (
    "경북테크노파크, 국내-우즈베키스탄 IT기업 BPO 매칭을 위한 B2B 행사(IT Days), 성공리에 개최"
)


def _tool(name):
    path = shutil.which(name)
    if not path:
        pytest.fail(
            f"{name} is needed to read the kit as a journalist would; see .ci/run for the packages."
        )
    return path


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")
    settings.DEBUG = False
    # The demo queues a build of every kit; each test here builds only the kits it reads.
    DBTaskResult.objects.all().delete()


def _zip(kit_slug=KIT, problems=None):
    kit = PressKit.objects.get(slug=kit_slug)
    data = b"".join(presskit_stream(contents_of_kit(kit), problems=problems))
    return zipfile.ZipFile(io.BytesIO(data))


def _member(archive, suffix):
    """The first release's document of this format (events have documents of their own)."""
    return next(n for n in archive.namelist() if n.startswith("01_") and n.endswith(suffix))


def test_zip_names_are_utf8_flagged_and_relative(demo):
    archive = _zip()
    assert archive.testzip() is None
    for info in archive.infolist():
        assert info.flag_bits & 0x800, (
            info.filename
        )  # UTF-8 names: Windows, macOS, 7-Zip, Bandizip agree
        assert not info.filename.startswith("/") and ".." not in info.filename.split("/")
    names = archive.namelist()
    assert any(name.startswith("01_경북테크노파크, 국내-우즈베키스탄") for name in names)
    assert "사진/원본/01_국내-우즈베키스탄 IT기업 B2B 미팅 (데모용 그림).jpg" in names
    for needed in (
        "manifest.json",
        "index.html",
        "captions.csv",
        "quotes.txt",
        "대변인/하인성.vcf",
    ):
        assert needed in names
    photo = archive.getinfo("사진/원본/01_국내-우즈베키스탄 IT기업 B2B 미팅 (데모용 그림).jpg")
    assert photo.compress_type == zipfile.ZIP_STORED


def test_manifest_hashes_match_every_file(demo):
    archive = _zip()
    manifest = json.loads(archive.read("manifest.json"))
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == set(archive.namelist()) - {"manifest.json"}
    for path, entry in listed.items():
        data = archive.read(path)
        assert len(data) == entry["size"] and hashlib.sha256(data).hexdigest() == entry["sha256"], (
            path
        )
    [release] = manifest["releases"]
    assert release["headlines"][0]["value"] == HEADLINE
    assert release["standard"]["name"] == "ninjs" and release["standard"]["version"].startswith(
        "2."
    )
    for key in ("versioncreated", "bylines", "located", "bodies", "associations", "uri"):
        assert release[key], key
    assert "embargoed" in release and release["embargoed"] is None
    assert release["associations"][0]["type"] == "picture"


def test_hwpx_validates_and_reads_back(demo, tmp_path):
    archive = _zip()
    path = tmp_path / "release.hwpx"
    path.write_bytes(archive.read(_member(archive, ".hwpx")))
    document = HwpxDocument.open(str(path))
    assert document.validate().ok
    text = document.text.plain()
    assert HEADLINE in text and "보도시점" in text and "담당부서" in text
    assert "- 10월 5일, 6일 서울 및 대구에서" in text


def test_pdf_has_korean_text_and_embedded_fonts(demo, tmp_path):
    archive = _zip()
    pdf = tmp_path / "release.pdf"
    pdf.write_bytes(archive.read(_member(archive, ".pdf")))
    text = subprocess.run(
        [_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "국내-우즈베키스탄 IT기업 BPO 매칭을" in flat
    assert "우즈베키스탄 IT Park의 지속가능한 성장을" in flat
    fonts = subprocess.run(
        [_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(" yes " in row for row in rows)  # every font embedded
    assert any("CJK" in row for row in rows)


def test_docx_converts_in_libreoffice(demo, tmp_path):
    archive = _zip()
    docx = tmp_path / "release.docx"
    docx.write_bytes(archive.read(_member(archive, ".docx")))
    subprocess.run(
        [_tool("soffice"), "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
        capture_output=True, check=True, timeout=180,
    )  # fmt: skip
    text = subprocess.run(
        [_tool("pdftotext"), str(tmp_path / "release.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(text.split())
    assert "성공리에 개최" in flat and "보도시점" in flat and "홍보담당자(데모)" in flat


def test_photos_carry_credits_and_no_gps(demo, tmp_path):
    from photos.services import photo_create

    article = Article.objects.get(slug="it-days-uzbekistan-bpo-b2b")
    gps_photo = photo_create(
        upload=upload(jpeg_bytes(size=(3000, 2000), exif=private_exif())),
        alt_text="GPS가 있던 사진",
        caption="위치 정보가 지워진 현장 사진",
    )
    ArticlePhoto.objects.create(article=article, photo=gps_photo, order=9)
    archive = _zip()
    for kind in ("원본", "웹용"):
        name = next(
            n for n in archive.namelist() if n.startswith(f"사진/{kind}/") and "위치 정보" in n
        )
        file = tmp_path / f"{kind}.jpg"
        file.write_bytes(archive.read(name))
        tags = json.loads(
            subprocess.run(
                [_tool("exiftool"), "-j", "-charset", "iptc=UTF8", "-XMP:all", "-IPTC:all", "-GPS:all", "-ImageSize", str(file)],
                capture_output=True, text=True, check=True,
            ).stdout
        )[0]  # fmt: skip
        assert tags["Description"] == "위치 정보가 지워진 현장 사진"
        assert tags["Credit"] == "사진=경북테크노파크"
        assert (
            tags["Rights"] == "ⓒ 경북테크노파크" and tags["CopyrightNotice"] == "ⓒ 경북테크노파크"
        )
        assert not any(key.startswith("GPS") for key in tags)
        if kind == "웹용":
            assert tags["ImageSize"] == "2000x1333"
    rows = list(csv.DictReader(io.StringIO(archive.read("captions.csv").decode("utf-8-sig"))))
    assert {row["사진 설명"] for row in rows} >= {"위치 정보가 지워진 현장 사진"}
    assert all(row["출처 표기"] == "[사진=경북테크노파크]" for row in rows)


def test_calendars_cards_and_quotes(demo):
    archive = _zip()
    ics = [n for n in archive.namelist() if n.endswith(".ics")]
    assert len(ics) == 2
    for name in ics:
        assert Calendar.from_ical(archive.read(name)).walk("VEVENT")
    card = vobject.readOne(archive.read("대변인/하인성.vcf").decode())
    assert card.fn.value == "하인성" and card.title.value == "원장"
    quotes = archive.read("quotes.txt").decode()
    assert (
        "발언자: 하인성" in quotes
        and "직함(발언 당시): 원장" in quotes
        and "발언일: 2023-10-10" in quotes
    )


def test_index_works_offline(demo):
    html = _zip().read("index.html").decode()
    assert HEADLINE in html
    resources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert resources and not [
        r
        for r in resources
        if r.startswith(("http://", "https://", "//")) and "/press-kits/" not in r
    ]
    assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="https?:', html)


def test_problems_are_listed_and_the_rest_exported(demo, settings):
    from photos.models import Photo

    article = Article.objects.get(slug="it-days-uzbekistan-bpo-b2b")
    article.contact_links.all().delete()
    photo = Photo.objects.get(pk=article.photo_links.get().photo_id)
    photo.image.storage.delete(photo.image.name)
    problems = []
    archive = _zip(problems=problems)
    text = archive.read("problems.txt").decode()
    assert "담당자가 지정되지 않았습니다" in text
    assert "파일을 읽지 못해 넣지 않았습니다" in text
    assert _member(archive, ".pdf") and "manifest.json" in archive.namelist()
    assert not any(n.startswith("사진/원본/") for n in archive.namelist())
    assert json.loads(archive.read("manifest.json"))["problems"] == problems


def test_oversized_photo_is_reported(demo, settings):
    settings.PHOTO_MAX_PIXELS = 100
    archive = _zip()
    assert "사진이 너무 커서" in archive.read("problems.txt").decode()
    assert any(n.startswith("사진/원본/") for n in archive.namelist())


def test_kit_follows_the_latest_embargo_and_share_links_open_it(demo, editor, run_tasks):
    from sharing.models import ShareLink
    from sharing.services import sharelink_create

    kit = PressKit.objects.get(slug=KIT)
    embargoed = make_article(
        status=Status.PUBLISHED, release_in=timedelta(hours=5), headline="키트 속 엠바고"
    )
    kit.articles.add(embargoed)
    content_changed.send(sender=PressKit, instance=kit)  # as the kit's admin form does on save
    run_tasks()
    public = Client()
    assert public.get(kit.get_absolute_url()).status_code == 404
    assert public.get(kit.get_absolute_url() + "download/").status_code == 404
    assert kit not in PressKit.objects.published()
    link = ShareLink(target=kit, recipient_name="김기자")
    token = sharelink_create(link=link, by=editor)
    journalist = Client()
    page = journalist.get(f"/share/{token}/")
    assert (
        page.status_code == 200 and "김기자님께 보내 드린" in page.text and "엠바고:" in page.text
    )
    download = journalist.get(kit.get_absolute_url() + "download/")
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert any("키트 속 엠바고" in name for name in archive.namelist())
    assert kit in PressKit.objects.published(at=embargoed.release_at + timedelta(seconds=1))


def test_public_kit_page_lists_files_and_downloads(demo, client, run_tasks):
    kit_builds_request({"presskit": {PressKit.objects.get(slug=KIT).pk}})
    run_tasks()
    page = client.get(f"/press-kits/{KIT}/")
    assert page.status_code == 200 and "전체 내려받기 (ZIP" in page.text
    assert "KB" in page.text and "HWPX" in page.text and 'class="thumb"' in page.text
    file_url = re.search(r'href="(/press-kits/[^"]+/files/\d+/[^"]+\.txt)"', page.text).group(1)
    text = b"".join(client.get(file_url).streaming_content).decode()
    assert HEADLINE in text
    audit_lines = AuditEvent.objects.count()
    download = client.get(f"/press-kits/{KIT}/download/")
    assert download["Content-Type"] == "application/zip"
    name = KitBuild.objects.get(presskit__slug=KIT).download_name
    assert name.endswith(".zip") and name[:8].isdigit()
    assert f"filename*=UTF-8''{quote(name)}" in download["Content-Disposition"]
    assert 'filename="' in download["Content-Disposition"]
    zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).testzip()
    # Anonymous downloads are not audit events: a busy morning must not flood the trail.
    assert AuditEvent.objects.count() == audit_lines


def test_kit_list_shows_public_kits(demo, client, run_tasks):
    release = Article.objects.get(headline=HEADLINE)
    kit_builds_request({"presskit": {PressKit.objects.get(slug=KIT).pk}, "article": {release.pk}})
    run_tasks()
    listing = client.get("/press-kits/")
    assert listing.status_code == 200
    assert HEADLINE in listing.text and "IT Days" in listing.text


def test_admin_action_hands_out_the_stored_kit(demo, editor_client, run_tasks):
    draft = make_article(status=Status.DRAFT, headline="검토 중인 보도자료")
    article = Article.objects.get(headline=HEADLINE)
    kit_builds_request({"article": {article.pk}})  # as its publication did
    response = editor_client.post(
        "/admin/articles/article/",
        {"action": "export_kit_for_selection", "_selected_action": [article.pk, draft.pk]},
        follow=True,
    )
    assert "키트를 만드는 중입니다" in response.text  # the draft had no kit: the worker makes one
    run_tasks()
    response = editor_client.post(
        "/admin/articles/article/",
        {"action": "export_kit_for_selection", "_selected_action": [article.pk, draft.pk]},
        follow=True,
    )
    assert "키트를 만드는 중" not in response.text
    url = f"/press-kits/releases/{draft.pk}/download/"
    assert f'href="{url}"' in response.text
    download = editor_client.get(url)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert any(n.endswith(".hwpx") and "검토 중인 보도자료" in n for n in archive.namelist())
    assert Client().get(url).status_code == 404  # a draft's kit is for staff only
    assert AuditEvent.objects.filter(action=Action.EXPORT, actor__username="editor").exists()


def test_export_command_writes_the_zip(demo, tmp_path):
    out = tmp_path / "kit.zip"
    call_command("export_presskit", KIT, "--output", str(out))
    assert zipfile.ZipFile(out).testzip() is None


def test_release_page_links_its_public_kit(demo, client):
    page = client.get("/releases/it-days-uzbekistan-bpo-b2b/").content.decode()
    assert f'href="/press-kits/{KIT}/"' in page
    kit = PressKit.objects.get(slug=KIT)
    kit.articles.add(make_article(status=Status.PUBLISHED, release_in=timedelta(hours=2)))
    assert (
        f'href="/press-kits/{KIT}/"'
        not in client.get("/releases/it-days-uzbekistan-bpo-b2b/").content.decode()
    )


def test_webp_original_carries_credits_too(demo, tmp_path):
    from photos.services import photo_create

    article = Article.objects.get(slug="it-days-uzbekistan-bpo-b2b")
    webp = photo_create(
        upload=upload(jpeg_bytes(size=(300, 200), fmt="WEBP"), name="현장.webp"),
        alt_text="웹피",
        caption="웹피 원본 사진",
    )
    ArticlePhoto.objects.create(article=article, photo=webp, order=5)
    archive = _zip()
    name = next(n for n in archive.namelist() if n.startswith("사진/원본/") and n.endswith(".webp"))
    file = tmp_path / "original.webp"
    file.write_bytes(archive.read(name))
    tags = json.loads(
        subprocess.run(
            [_tool("exiftool"), "-j", "-XMP:all", "-Warning", str(file)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )[0]
    assert tags["Description"] == "웹피 원본 사진" and tags["Credit"] == "사진=경북테크노파크"
    assert "Warning" not in tags
