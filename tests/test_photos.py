"""Upload validation: only real photos, within limits, with location and device data removed."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import ExifTags, Image

from photos.models import Photo
from photos.services import photo_create
from tests.factories import jpeg_bytes, private_exif, upload

pytestmark = [pytest.mark.django_db, pytest.mark.production_paths]


def _stored_exif(photo):
    with photo.image.open("rb") as f, Image.open(io.BytesIO(f.read())) as image:
        return image.getexif(), image.format


def _admin_post(client, data, name="사진.jpg"):
    return client.post(
        reverse("admin:photos_photo_add"),
        {
            "image": upload(data, name=name),
            "alt_text": "감 농가 봉사활동",
            "caption": "설명",
            "credit": "사진=경북테크노파크",
            "rights_holder": "경북테크노파크",
            "licence": "kogl-1",
            "consent": "obtained",
        },
    )


def test_gps_and_serial_removed_from_stored_jpeg(editor_client):
    original = jpeg_bytes(exif=private_exif())
    with Image.open(io.BytesIO(original)) as check:  # the test photo really carries GPS
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    response = _admin_post(editor_client, original)
    assert response.status_code == 302
    photo = Photo.objects.get()
    exif, fmt = _stored_exif(photo)
    assert fmt == "JPEG"
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert ExifTags.Base.BodySerialNumber not in exif.get_ifd(ExifTags.IFD.Exif)
    assert exif.get(ExifTags.Base.Make) == "TestCam"  # harmless data survives
    assert photo.taken_at is not None and photo.taken_at.day == 16
    assert (photo.width, photo.height) == (64, 48)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_gps_removed_from_png_and_webp(fmt):
    data = jpeg_bytes(exif=private_exif(), fmt=fmt)
    with Image.open(io.BytesIO(data)) as check:
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    photo = photo_create(upload=upload(data, name=f"p.{fmt.lower()}"), alt_text="대체 텍스트")
    exif, stored_fmt = _stored_exif(photo)
    assert stored_fmt == fmt
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert photo.image.name.endswith("." + fmt.lower())


def test_non_image_renamed_jpg_is_refused_in_korean(editor_client):
    response = _admin_post(editor_client, b"%PDF-1.7 not a photo at all", name="보도자료.jpg")
    assert response.status_code == 200
    assert "사진 파일로 읽을 수 없습니다" in response.text
    assert Photo.objects.count() == 0


def test_gif_is_refused_with_format_message():
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    with pytest.raises(ValidationError) as exc:
        photo_create(upload=upload(out.getvalue(), name="a.gif"), alt_text="x")
    assert "JPEG, PNG, WebP 형식의 사진만" in exc.value.messages[0]


def test_oversized_image_is_refused(editor_client, settings):
    settings.PHOTO_MAX_PIXELS = 100 * 100
    response = _admin_post(editor_client, jpeg_bytes(size=(200, 120)))
    assert response.status_code == 200
    assert "화소 수가 너무 많습니다(200×120)" in response.text
    assert Photo.objects.count() == 0


def test_alt_text_is_required(editor_client):
    response = editor_client.post(
        reverse("admin:photos_photo_add"),
        {
            "image": upload(),
            "credit": "사진=경북테크노파크",
            "rights_holder": "x",
            "licence": "kogl-1",
            "consent": "not-needed",
        },
    )
    assert response.status_code == 200
    assert Photo.objects.count() == 0


def test_editor_upload_becomes_a_photo_record(editor_client):
    response = editor_client.post(
        reverse("photos:editor_upload"), {"upload": upload(jpeg_bytes(exif=private_exif()))}
    )
    assert response.status_code == 200
    photo = Photo.objects.get(pk=response.json()["photo_id"])
    assert response.json()["url"] == photo.get_absolute_url()
    assert photo.created_by.username == "editor"
    assert not _stored_exif(photo)[0].get_ifd(ExifTags.IFD.GPSInfo)


def test_editor_upload_refuses_non_image_in_korean(editor_client):
    response = editor_client.post(
        reverse("photos:editor_upload"), {"upload": upload(b"<?php echo 1; ?>", name="x.png")}
    )
    assert response.status_code == 400
    assert "사진 파일로 읽을 수 없습니다" in response.json()["error"]["message"]


def test_editor_upload_needs_staff(client):
    response = client.post(reverse("photos:editor_upload"), {"upload": upload()})
    assert response.status_code == 302  # sent to the admin login
    assert Photo.objects.count() == 0


def _plain_png():
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (30, 120, 200)).save(out, "PNG")
    return out.getvalue()


def test_png_without_exif_is_accepted_through_both_doors(editor_client):
    assert _admin_post(editor_client, _plain_png(), name="현장.png").status_code == 302
    response = editor_client.post(
        reverse("photos:editor_upload"), {"upload": upload(_plain_png(), name="본문.png")}
    )
    assert response.status_code == 200
    photos = Photo.objects.all()
    assert [(p.width, p.height) for p in photos] == [(300, 200), (300, 200)]
    assert all(p.image.name.endswith(".png") for p in photos)


def test_gps_in_png_text_and_after_a_jpeg_end_is_not_published():
    text = b"Comment\x00GPS 35.8250N 128.7361E"
    comment = (
        struct.pack(">I", len(text))
        + b"tEXt"
        + text
        + struct.pack(">I", zlib.crc32(b"tEXt" + text))
    )
    png = _plain_png()
    png = png[:33] + comment + png[33:]
    trailer = jpeg_bytes() + jpeg_bytes(size=(16, 12), exif=private_exif())
    for data, name in ((png, "a.png"), (trailer, "b.jpg")):
        photo = photo_create(upload=upload(data, name=name), alt_text="대체 텍스트")
        stored = photo.image.read()
        assert b"35.8250N" not in stored and b"SN-123456" not in stored
        assert stored.endswith(b"IEND\xaeB`\x82" if name.endswith(".png") else b"\xff\xd9")
        assert stored.count(b"\xff\xd8\xff") <= 1


def test_truncated_photo_is_refused_even_after_a_press_kit_was_made(monkeypatch):
    from PIL import ImageFile

    # What importing WeasyPrint (press-kit PDFs) does to the whole worker process.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = jpeg_bytes(size=(400, 300))
    with pytest.raises(ValidationError) as exc:
        photo_create(upload=upload(data[: len(data) // 2]), alt_text="반쯤 올라간 사진")
    assert "사진 파일로 읽을 수 없습니다" in exc.value.messages[0]
    assert Photo.objects.count() == 0
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as WeasyPrint wants it
