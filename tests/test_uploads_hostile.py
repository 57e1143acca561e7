"""Hostile uploads: every file an attacker, a phone or an editing tool may send, through both doors.

Each file is posted through the admin photo form and the CKEditor upload. It must come back either
refused with a Korean message or stored clean: no 500, no GPS, serial number or owner in the stored
file (read back with exiftool, a reader that shares no code with ours), nothing after the picture's
end, and a web copy can be made from it.
"""

import errno
import io
import json
import logging
import os
import struct
import subprocess
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from unittest import mock

import pyexiv2
import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from PIL import ExifTags, Image, ImageCms

from articles.models import Attachment
from core.models import Status
from core.storage import SafeFileSystemStorage
from photos import renditions
from photos.models import Photo
from tests.factories import jpeg_bytes, make_article, make_photo, private_exif, upload
from tests.forms import change_form

pytestmark = [pytest.mark.django_db, pytest.mark.production_paths]

STORED = "stored"
NOT_AN_IMAGE = "사진 파일로 읽을 수 없습니다"
TOO_MANY_PIXELS = "화소 수가 너무 많습니다"
TOO_SPARSE = "파일이 지나치게 작습니다"
ANIMATED = "움직이는 WebP 이미지는 올릴 수 없습니다"
WEBP_LIMIT = "WebP 사진은 120만 화소까지 올릴 수 있습니다"
NOT_STORED = "저장하지 못했습니다"
# The limits while the corpus runs: small, so near-limit files and bombs stay quick to make.
MAX_PIXELS, SPARSE_MAX_PIXELS, WEBP_MAX_PIXELS = 2_000_000, 1_000_000, 1_200_000
GPS_LAT, GPS_LON = "35,49.5N", "128,44.1E"


@dataclass(frozen=True)
class Hostile:
    key: str
    name: str
    data: bytes
    outcome: str  # STORED, or the Korean refusal expected


# --- makers -------------------------------------------------------------------------------------


def _encoded(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _after_ihdr(png: bytes, *chunks: bytes) -> bytes:
    return png[:33] + b"".join(chunks) + png[33:]


def _xmp_with_gps() -> bytes:
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
        'xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" '
        f'exif:GPSLatitude="{GPS_LAT}" exif:GPSLongitude="{GPS_LON}" aux:SerialNumber="SN-9">'
        '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">행사장 전경</rdf:li></rdf:Alt>'
        "</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()


def png_plain():
    return _encoded(Image.new("RGB", (300, 200), (30, 120, 200)), "PNG")


def png_ztxt_raw_xmp():
    """XMP as ImageMagick writes it: a zTXt 'Raw profile type xmp' holding the packet in hex."""
    xmp = _xmp_with_gps()
    raw = b"\nxmp\n%8d\n" % len(xmp) + xmp.hex().encode()
    chunk = _chunk(b"zTXt", b"Raw profile type xmp\x00\x00" + zlib.compress(raw))
    return _after_ihdr(png_plain(), chunk)


def png_text_comment():
    chunk = _chunk(b"tEXt", b"Comment\x00GPS 35.8250N 128.7361E, camera serial SN-123456")
    return _after_ihdr(png_plain(), chunk)


def png_exif_gps():
    return _encoded(Image.new("RGB", (120, 80), (90, 90, 20)), "PNG", exif=private_exif())


def png_raw_profile_exif():
    """EXIF as ImageMagick writes it into PNG: hex text in a zTXt 'Raw profile type exif'."""
    payload = private_exif().tobytes()  # starts with the "Exif" header, as in JPEG
    hexed = payload.hex().encode()
    lines = b"\n".join(hexed[at : at + 72] for at in range(0, len(hexed), 72))
    raw = b"\nexif\n%8d\n" % len(payload) + lines + b"\n"
    chunk = _chunk(b"zTXt", b"Raw profile type exif\x00\x00" + zlib.compress(raw))
    return _after_ihdr(png_plain(), chunk)


def jpeg_second_exif_segment():
    """A clean EXIF block followed by a second one with GPS (some editors add their own)."""
    clean = Image.Exif()
    clean[ExifTags.Base.Make] = "CleanCam"
    data = jpeg_bytes(size=(120, 80), exif=clean)
    assert data.count(b"\xff\xe1") == 1
    block = private_exif().tobytes()
    segment = b"\xff\xe1" + struct.pack(">H", len(block) + 2) + block
    at = data.index(b"\xff\xdb")  # before the first quantisation table
    return data[:at] + segment + data[at:]


def jpeg_with_appended_gps_jpeg():
    """A phone's trailing thumbnail: a second JPEG, with its own GPS, after the first one's end."""
    return jpeg_bytes(size=(120, 80)) + jpeg_bytes(size=(40, 30), exif=private_exif())


def jpeg_fill_byte_before_app1():
    """One legal 0xFF fill byte before the EXIF segment (which a naive parser then misses)."""
    data = jpeg_bytes(size=(120, 80), exif=private_exif())
    at = data.index(b"\xff\xe1")
    return data[:at] + b"\xff" + data[at:]


def jpeg_xmp_comment_and_iptc_city():
    data = jpeg_bytes(size=(120, 80))
    image = pyexiv2.ImageData(data)
    image.modify_raw_xmp(_xmp_with_gps().decode())
    image.modify_iptc({"Iptc.Application2.City": "Gyeongsan", "Iptc.Application2.Caption": "x"})
    image.modify_comment(f"taken at {GPS_LAT} {GPS_LON}")
    data = image.get_bytes()
    image.close()
    return data


def webp_exif_gps():
    return _encoded(Image.new("RGB", (120, 80), (20, 90, 90)), "WEBP", exif=private_exif())


def mpo_two_frames():
    second = Image.new("RGB", (120, 80), (0, 0, 0))
    return _encoded(
        Image.new("RGB", (120, 80), (200, 50, 50)),
        "MPO",
        save_all=True,
        append_images=[second],
        exif=private_exif(),
    )


def cmyk_jpeg():
    return _encoded(Image.new("CMYK", (120, 80), (0, 120, 200, 10)), "JPEG")


def palette_png_with_transparency():
    image = Image.new("P", (120, 80), 1)
    image.putpalette([255, 255, 255, 200, 30, 30] + [0] * 762)
    return _encoded(image, "PNG", transparency=0)


def grey16_png():
    return _encoded(Image.new("I;16", (120, 80), 30000), "PNG")


def la_png():
    return _encoded(Image.new("LA", (120, 80), (128, 100)), "PNG")


def apng():
    frames = [Image.new("RGB", (120, 80), colour) for colour in ((200, 0, 0), (0, 200, 0))]
    return _encoded(frames[0], "PNG", save_all=True, append_images=frames[1:], duration=100)


def png_large_iccp_and_ztxt():
    """A real sRGB profile padded to 600 KB, and 700 KB of compressed text that says where."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    profile += b"\x00" * (600_000 - len(profile))
    iccp = _chunk(b"iCCP", b"sRGB\x00\x00" + zlib.compress(profile))
    text = (f"GPS {GPS_LAT} {GPS_LON} " * 30_000).encode()[:700_000]
    ztxt = _chunk(b"zTXt", b"Description\x00\x00" + zlib.compress(text))
    return _after_ihdr(png_plain(), iccp, ztxt)


def png_near_pixel_limit():
    side = int(MAX_PIXELS**0.5) - 1
    return _encoded(Image.frombytes("L", (side, side), os.urandom(side * side)), "PNG")


def png_decompression_bomb():
    """10,000 × 10,000 black pixels in 1-bit: about 12 MB of zeros that compress to a few KB."""
    width = height = 10_000
    row = b"\x00" + b"\x00" * (width // 8)
    squeeze = zlib.compressobj(9)
    idat = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def webp_sparse():
    """Many pixels in very few bytes: cheap to send, costly to decode for web copies."""
    return _encoded(Image.new("RGB", (1500, 1000), (240, 240, 240)), "WEBP", quality=10)


def webp_over_its_limit():
    """An ordinary, well-filled WebP, but more pixels than a WebP may have (it cannot be decoded
    at a reduced size, so its web copies cost more memory than a JPEG's)."""
    noise = Image.effect_noise((1100, 1100), 64).convert("RGB")
    return _encoded(noise, "WEBP", quality=80)


def animated_webp():
    frames = [Image.new("RGB", (120, 80), colour) for colour in ((200, 0, 0), (0, 200, 0))]
    return _encoded(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100)


def truncated_jpeg():
    data = jpeg_bytes(size=(400, 300), colour=(10, 200, 10))
    return data[: len(data) // 2]


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)


@cache
def corpus() -> tuple[Hostile, ...]:
    return (
        Hostile("plain PNG", "현장.png", png_plain(), STORED),
        Hostile("PNG zTXt raw XMP with GPS", "xmp.png", png_ztxt_raw_xmp(), STORED),
        Hostile("PNG tEXt comment with GPS", "comment.png", png_text_comment(), STORED),
        Hostile("PNG eXIf with GPS", "exif.png", png_exif_gps(), STORED),
        Hostile("PNG raw profile EXIF with GPS", "raw.png", png_raw_profile_exif(), STORED),
        Hostile("JPEG second EXIF with GPS", "two.jpg", jpeg_second_exif_segment(), STORED),
        Hostile("JPEG + appended GPS JPEG", "trailer.jpg", jpeg_with_appended_gps_jpeg(), STORED),
        Hostile("JPEG fill byte before APP1", "fill.jpg", jpeg_fill_byte_before_app1(), STORED),
        Hostile("JPEG XMP/IPTC/COM", "xmp.jpg", jpeg_xmp_comment_and_iptc_city(), STORED),
        Hostile("WebP EXIF with GPS", "exif.webp", webp_exif_gps(), STORED),
        Hostile("MPO from a phone", "phone.jpg", mpo_two_frames(), STORED),
        Hostile("CMYK JPEG", "cmyk.jpg", cmyk_jpeg(), STORED),
        Hostile("palette PNG with transparency", "p.png", palette_png_with_transparency(), STORED),
        Hostile("16-bit grey PNG", "grey16.png", grey16_png(), STORED),
        Hostile("LA PNG", "la.png", la_png(), STORED),
        Hostile("APNG", "anim.png", apng(), STORED),
        Hostile("PNG large iCCP and zTXt", "big.png", png_large_iccp_and_ztxt(), STORED),
        Hostile("PNG near the pixel limit", "near.png", png_near_pixel_limit(), STORED),
        Hostile("decompression bomb", "bomb.png", png_decompression_bomb(), TOO_MANY_PIXELS),
        Hostile("sparse WebP", "sparse.webp", webp_sparse(), TOO_SPARSE),
        Hostile("WebP over the WebP limit", "big.webp", webp_over_its_limit(), WEBP_LIMIT),
        Hostile("animated WebP", "anim.webp", animated_webp(), ANIMATED),
        Hostile("truncated JPEG", "half.jpg", truncated_jpeg(), NOT_AN_IMAGE),
        Hostile("HTML renamed .jpg", "page.jpg", b"<html><script>alert(1)</script></html>", NOT_AN_IMAGE),
        Hostile("SVG with script", "logo.svg", SVG, NOT_AN_IMAGE),
        Hostile("SVG renamed .png", "logo.png", SVG, NOT_AN_IMAGE),
    )  # fmt: skip


HOSTILE_NAMES = (
    "../../../etc/passwd.jpg",
    "..\\..\\windows\\win.ini.jpg",
    "보도\r\nContent-Type: text/html.jpg",
    "null\x00byte.jpg",
    "사진\u202egpj.exe",
    "가" * 300 + ".jpg",
)


# --- reading back -------------------------------------------------------------------------------


def exiftool(paths):
    """exiftool's view of each file (embedded documents too), keyed by path."""
    if not paths:
        return {}
    result = subprocess.run(
        ["exiftool", "-j", "-G", "-a", "-ee", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    return {entry["SourceFile"]: entry for entry in json.loads(result.stdout)}


PRIVATE_VALUES = ("35,49.5N", "35.8250N", "SN-123456", "SN-9", "Hong Gildong", "Gyeongsan")


def private_tags(tags: dict) -> list[str]:
    """Tags that place the photo, name the device or its owner, by name or by what they say."""
    return [
        key
        for key, value in tags.items()
        if key.split(":")[-1].startswith("GPS")
        or "SerialNumber" in key
        or "OwnerName" in key
        or "Comment" in key.split(":")[-1]
        or any(secret in str(value) for secret in PRIVATE_VALUES)
    ]


def bytes_after_end(data: bytes, path: str, tags: dict) -> bool:
    """Whether anything follows the picture, judged without our own parser."""
    if data.startswith(b"\xff\xd8"):
        # FF D8 FF starts a JPEG and cannot occur in entropy-coded data: one image, ending at EOI.
        return data.count(b"\xff\xd8\xff") != 1 or not data.endswith(b"\xff\xd9")
    if data.startswith(b"\x89PNG"):
        return not data.endswith(_chunk(b"IEND", b"")) or "Trailer" in tags.get(
            "ExifTool:Warning", ""
        )
    return struct.unpack("<I", data[4:8])[0] + 8 != len(data)


def check_stored(photos):
    """Problems found in the stored files of `photos`; empty when every one is clean."""
    paths = {Path(photo.image.path): photo for photo in photos}
    seen = exiftool(paths)
    problems = []
    for path, photo in paths.items():
        tags = seen[str(path)]
        data = path.read_bytes()
        if private := private_tags(tags):
            problems.append(f"{photo.original_filename}: {private}")
        if bytes_after_end(data, str(path), tags):
            problems.append(f"{photo.original_filename}: bytes after the picture's end")
        for fmt in renditions.FORMATS:
            with Image.open(io.BytesIO(renditions.render(photo, 480, fmt))) as copy:
                if copy.width != min(480, photo.width):
                    problems.append(f"{photo.original_filename}: web copy {copy.size}")
    return problems


def stored_files():
    root = Path(django_settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()}


# --- posting ------------------------------------------------------------------------------------


def admin_post(client, data, name, **fields):
    return client.post(
        reverse("admin:photos_photo_add"),
        {
            "image": upload(data, name=name),
            "alt_text": "감 농가 봉사활동",
            "caption": "청도 감 농가에서 일손을 돕는 직원들",
            "credit": "사진=경북테크노파크",
            "rights_holder": "경북테크노파크",
            "licence": "kogl-1",
            "consent": "obtained",
            **fields,
        },
    )


def editor_post(client, data, name):
    return client.post(reverse("photos:editor_upload"), {"upload": upload(data, name=name)})


@pytest.fixture
def limits(settings):
    settings.PHOTO_MAX_PIXELS = MAX_PIXELS
    settings.PHOTO_SPARSE_MAX_PIXELS = SPARSE_MAX_PIXELS
    settings.PHOTO_WEBP_MAX_PIXELS = WEBP_MAX_PIXELS


# The 100 MP bomb makes Pillow warn on opening; the test's point is that it is then refused.
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_admin_form_stores_clean_or_refuses_in_korean_every_hostile_file(editor_client, limits):
    editor_client.raise_request_exception = False  # a 500 is reported with the file that caused it
    problems, stored = [], []
    for item in corpus():
        before = Photo.objects.count()
        response = admin_post(editor_client, item.data, item.name)
        if item.outcome == STORED:
            if response.status_code != 302:
                problems.append(f"{item.key}: {response.status_code} instead of being stored")
                continue
            stored.append(Photo.objects.latest("pk"))
        elif response.status_code != 200 or item.outcome not in response.text:
            problems.append(f"{item.key}: {response.status_code}, no '{item.outcome}'")
        elif Photo.objects.count() != before:
            problems.append(f"{item.key}: refused but a row was saved")
    problems += check_stored(stored)
    assert not problems, "\n".join(problems)
    assert len(stored_files()) >= len(stored)


# The 100 MP bomb makes Pillow warn on opening; the test's point is that it is then refused.
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_editor_upload_stores_clean_or_refuses_in_korean_every_hostile_file(editor_client, limits):
    editor_client.raise_request_exception = False
    problems, stored = [], []
    files_before = stored_files()
    for item in corpus():
        response = editor_post(editor_client, item.data, item.name)
        if item.outcome == STORED:
            if response.status_code != 200:
                problems.append(f"{item.key}: {response.status_code} {response.content[:200]}")
                continue
            stored.append(Photo.objects.get(pk=response.json()["photo_id"]))
        elif response.status_code != 400 or item.outcome not in response.json()["error"]["message"]:
            problems.append(f"{item.key}: {response.status_code} {response.content[:200]}")
    problems += check_stored(stored)
    assert not problems, "\n".join(problems)
    # A refused file leaves nothing in storage; each stored one is exactly one new file (plus
    # the web copies made by the check above).
    new = {p for p in stored_files() - files_before if "/renditions/" not in str(p)}
    assert len(new) == len(stored)


def test_stored_photos_keep_orientation_caption_credit_and_copyright(editor_client):
    data = jpeg_bytes(size=(120, 80), exif=private_exif(orientation=6))
    image = pyexiv2.ImageData(data)
    image.modify_xmp(
        {
            "Xmp.dc.description": {'lang="x-default"': "행사장 전경"},
            "Xmp.photoshop.Credit": "사진=경북테크노파크",
            "Xmp.dc.rights": {'lang="x-default"': "ⓒ 경북테크노파크"},
        }
    )
    data = image.get_bytes()
    image.close()
    assert admin_post(editor_client, data, "세로.jpg").status_code == 302
    photo = Photo.objects.get()
    tags = exiftool([photo.image.path])[photo.image.path]
    assert (photo.width, photo.height) == (80, 120)  # shown upright, as the camera meant
    assert tags["EXIF:Orientation"] == "Rotate 90 CW"
    assert tags["XMP:Description"] == "행사장 전경"
    assert tags["XMP:Credit"] == "사진=경북테크노파크"
    assert tags["XMP:Rights"] == "ⓒ 경북테크노파크"
    assert not private_tags(tags)
    assert photo.image.read()[-2:] == b"\xff\xd9"


def test_jpeg_original_is_not_re_encoded(editor_client):
    data = jpeg_with_appended_gps_jpeg()
    assert admin_post(editor_client, data, "원본.jpg").status_code == 302
    stored = Photo.objects.get().image.read()
    first_scan = data[data.index(b"\xff\xda") : data.index(b"\xff\xd9") + 2]
    assert stored.endswith(first_scan)  # the picture's bytes exactly as the photographer sent them


def test_hostile_file_names_are_stored_clean(editor_client):
    for name in HOSTILE_NAMES:
        form = admin_post(editor_client, jpeg_bytes(), name)
        if name.endswith(".exe"):  # the admin's file field holds to picture extensions
            assert form.status_code == 200 and "확장자" in form.text
        else:
            assert form.status_code == 302, name
        response = editor_post(editor_client, jpeg_bytes(), name)
        assert response.status_code == 200, (name, response.content)
    for photo in Photo.objects.all():
        assert photo.image.name.startswith("photos/") and ".." not in photo.image.name
        assert Path(photo.image.path).is_file()
        shown = photo.original_filename + photo.alt_text
        assert not any(ch in shown for ch in "\r\n\x00\u202e/\\"), repr(shown)
        assert len(photo.original_filename) <= 255
    page = editor_client.get(reverse("admin:photos_photo_changelist"))
    assert page.status_code == 200


# --- storage failures ---------------------------------------------------------------------------


def _disk_full_after_first_bytes(self, file, chunk):
    file.write(chunk[:100])
    file.flush()
    raise OSError(errno.ENOSPC, "No space left on device")


def _read_only(self, full_path):
    raise OSError(errno.EROFS, "Read-only file system", full_path)


STORAGE_FAILURES = {
    "disk full": mock.patch.object(SafeFileSystemStorage, "_write_chunk", _disk_full_after_first_bytes),
    "read-only": mock.patch.object(SafeFileSystemStorage, "_create", _read_only),
}  # fmt: skip


@pytest.mark.parametrize("failure", STORAGE_FAILURES)
def test_storage_failure_on_photo_upload_is_a_korean_field_error(editor_client, failure, caplog):
    files_before = stored_files()
    with STORAGE_FAILURES[failure], caplog.at_level(logging.ERROR):
        form = admin_post(editor_client, jpeg_bytes(), "현장.jpg")
        ckeditor = editor_post(editor_client, jpeg_bytes(), "현장.jpg")
    assert form.status_code == 200
    assert "사진을 저장하지 못했습니다" in form.text
    assert "청도 감 농가에서 일손을 돕는 직원들" in form.text  # what was typed comes back
    assert form.context["adminform"].form.errors["image"]
    assert ckeditor.status_code == 400
    assert "사진을 저장하지 못했습니다" in ckeditor.json()["error"]["message"]
    assert Photo.objects.count() == 0
    assert stored_files() == files_before  # no half-written file
    assert any(record.exc_info for record in caplog.records)


def _article_form_with_attachment(editor_client, name, data=b"%PDF-1.7 hello"):
    article = make_article(status=Status.DRAFT, headline="붙임이 있는 보도자료")
    url, data_ = change_form(editor_client, article)
    data_.update(
        {
            "headline": "붙임이 있는 보도자료 (고침)",
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "사업 공고문",
            "attachments-0-order": "0",
            "attachments-0-file": upload(data, name=name, content_type="application/pdf"),
        }
    )
    return article, editor_client.post(url, data_)


def test_long_korean_attachment_name_is_saved_short(editor_client):
    name = "붙임1_경북테크노파크우즈베키스탄정보기술기업업무처리아웃소싱매칭을위한기업간거래행사참가기업모집공고문및참가신청서개인정보수집이용동의서서식최종본_참가기업세부안내서포함수정.pdf"  # fmt: skip
    assert len(name) < 100 and len(name.encode()) > 255
    article, response = _article_form_with_attachment(editor_client, name)
    assert response.status_code == 302, response.context and response.context["errors"]
    article.refresh_from_db()
    assert article.headline == "붙임이 있는 보도자료 (고침)"
    attachment = Attachment.objects.get(article=article)
    stored = Path(attachment.file.path)
    assert stored.read_bytes() == b"%PDF-1.7 hello"
    assert stored.suffix == ".pdf" and stored.name.startswith("붙임1_경북테크노파크우즈베키스탄")
    assert len(stored.name.encode()) <= 255


def test_storage_failure_on_attachment_keeps_the_release_form(editor_client, caplog):
    files_before = stored_files()
    with STORAGE_FAILURES["disk full"], caplog.at_level(logging.ERROR):
        article, response = _article_form_with_attachment(editor_client, "공고문.pdf")
    assert response.status_code == 200
    assert "파일을 저장하지 못했습니다" in response.text
    assert "붙임이 있는 보도자료 (고침)" in response.text  # the edit comes back to be saved again
    article.refresh_from_db()
    assert article.headline == "붙임이 있는 보도자료"
    assert not Attachment.objects.exists()
    assert stored_files() == files_before
    assert any(record.exc_info for record in caplog.records)


@pytest.mark.parametrize("failure", STORAGE_FAILURES)
def test_kit_build_on_a_failing_disk_is_reported_in_korean_and_leaves_nothing(
    editor_client, failure, caplog, run_tasks
):
    article = make_article(status=Status.PUBLISHED, headline="키트로 낼 보도자료")
    files_before = stored_files()

    def export():
        return editor_client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "export_kit_for_selection", "_selected_action": [article.pk]},
            follow=True,
        )

    assert "키트를 만드는 중입니다" in export().text  # queued for the worker
    with STORAGE_FAILURES[failure], caplog.at_level(logging.ERROR):
        run_tasks()
    assert stored_files() == files_before  # no half-written ZIP or file left behind
    assert any(record.exc_info for record in caplog.records)
    response = export()
    assert response.status_code == 200
    assert "키트를 만들지 못했습니다. 서버의 저장 공간에 문제가 있을 수 있습니다" in response.text
    run_tasks()  # the disk is fine again: the new attempt succeeds
    assert "ZIP 내려받기" in export().text


@pytest.mark.parametrize("failure", STORAGE_FAILURES)
def test_picture_is_still_served_when_storage_refuses_its_web_copy(
    client, failure, run_tasks, caplog, settings, tmp_path
):
    """A reader gets the picture even when its web copy cannot be kept; the log and task say why."""
    settings.MEDIA_ROOT = tmp_path / "media"  # copies are named by content: none made before
    photo = make_photo()
    make_article(status=Status.PUBLISHED).photo_links.create(photo=photo)
    address = renditions.url(photo, 480, "webp")
    files_before = stored_files()
    with STORAGE_FAILURES[failure], caplog.at_level(logging.ERROR):
        run_tasks()
    assert stored_files() == files_before  # nothing half-written left behind
    assert any(record.exc_info for record in caplog.records)
    failed = DBTaskResult.objects.get(task_path__endswith="make_renditions")
    assert failed.status == "FAILED" and failed.exception_class_path == "builtins.OSError"
    photo.refresh_from_db()
    assert not photo.renditions_ready
    response = client.get(address)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    with photo.image.open("rb") as original:
        assert b"".join(response.streaming_content) == original.read()
    run_tasks()  # queued again by that request; the disk is fine again: the copy is made
    response = client.get(address)
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.format == "WEBP"


def test_picture_attached_as_attachment_loses_its_location_too(editor_client):
    """붙임 may be a JPG or PNG; it goes through the same cleaning as a photo."""
    for name, data in (
        ("trailer.jpg", jpeg_with_appended_gps_jpeg()),
        ("comment.png", png_text_comment()),
        ("fill.jpg", jpeg_fill_byte_before_app1()),
    ):
        article, response = _article_form_with_attachment(editor_client, name, data)
        assert response.status_code == 302, name
        stored = Path(Attachment.objects.get(article=article).file.path)
        tags = exiftool([stored])[str(stored)]
        assert private_tags(tags) == [], (name, private_tags(tags))
        assert not bytes_after_end(stored.read_bytes(), str(stored), tags), name


def test_html_renamed_jpg_is_refused_as_an_attachment(editor_client):
    article, response = _article_form_with_attachment(
        editor_client, "공고.jpg", b"<html><script>alert(1)</script></html>"
    )
    assert response.status_code == 200
    assert "사진 파일로 읽을 수 없습니다" in response.content.decode()
    assert not Attachment.objects.filter(article=article).exists()
