"""Responsive renditions: made once per photo, width and format, kept in storage, under the public rule."""

import io
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image

from articles.models import ArticlePhoto
from core.models import Status
from photos import renditions
from photos.services import photo_create
from tests.factories import jpeg_bytes, make_article, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_photo():
    photo = photo_create(upload=upload(jpeg_bytes(size=(2400, 1600))), alt_text="전시장 전경")
    ArticlePhoto.objects.create(
        article=make_article(status=Status.PUBLISHED, slug="with-photo"), photo=photo
    )
    return photo


def test_page_offers_webp_and_jpeg_srcset_with_dimensions(client, public_photo):
    html = client.get("/releases/with-photo/").content.decode()
    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert 'type="image/webp"' in picture
    assert re.search(
        r"/photos/w480/\w+\.webp 480w, .*/photos/w960/\w+\.webp 960w, .*/photos/w1600/\w+\.webp 1600w",
        picture,
    )
    assert 'width="960" height="640"' in picture and 'alt="전시장 전경"' in picture


@pytest.mark.parametrize(("fmt", "pil_format"), [("webp", "WEBP"), ("jpg", "JPEG")])
def test_rendition_has_asked_width_and_format(client, public_photo, fmt, pil_format):
    stem = public_photo.image.name.rsplit("/", 1)[1].split(".")[0]
    response = client.get(f"/photos/w960/{stem}.{fmt}")
    assert response.status_code == 200
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.format == pil_format and image.size == (960, 640)
    assert "public" in response["Cache-Control"]


def test_rendition_is_made_once_then_read_from_storage(client, public_photo):
    stem = public_photo.image.name.rsplit("/", 1)[1].split(".")[0]
    with mock.patch.object(renditions, "render", wraps=renditions.render) as render:
        for _ in range(3):
            assert client.get(f"/photos/w480/{stem}.webp").status_code == 200
    assert render.call_count == 1
    assert default_storage.exists(renditions.storage_name(public_photo, 480, "webp"))


def test_small_photo_is_never_upscaled(client):
    photo = photo_create(upload=upload(jpeg_bytes(size=(700, 500))), alt_text="작은 사진")
    ArticlePhoto.objects.create(article=make_article(status=Status.PUBLISHED), photo=photo)
    assert renditions.choices(photo) == [(480, 480), (960, 700)]
    stem = photo.image.name.rsplit("/", 1)[1].split(".")[0]
    content = b"".join(client.get(f"/photos/w960/{stem}.jpg").streaming_content)
    with Image.open(io.BytesIO(content)) as image:
        assert image.size == (700, 500)


def test_embargoed_photo_rendition_is_hidden(client):
    photo = photo_create(upload=upload(jpeg_bytes(size=(1200, 800))), alt_text="엠바고 사진")
    article = make_article(status=Status.PUBLISHED, release_in=timedelta(hours=2))
    ArticlePhoto.objects.create(article=article, photo=photo)
    stem = photo.image.name.rsplit("/", 1)[1].split(".")[0]
    assert Client().get(f"/photos/w960/{stem}.webp").status_code == 404
    assert not default_storage.exists(renditions.storage_name(photo, 960, "webp"))


def test_unknown_width_or_format_is_refused(client, public_photo):
    stem = public_photo.image.name.rsplit("/", 1)[1].split(".")[0]
    assert client.get(f"/photos/w777/{stem}.webp").status_code == 404
    assert client.get(f"/photos/w960/{stem}.gif").status_code == 404


def test_phone_portrait_is_sized_as_displayed(client):
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the phone was turned; the stored pixels are landscape
    photo = photo_create(
        upload=upload(jpeg_bytes(size=(1200, 800), exif=exif)), alt_text="세로 사진"
    )
    assert (photo.width, photo.height) == (800, 1200)
    ArticlePhoto.objects.create(
        article=make_article(status=Status.PUBLISHED, slug="portrait"), photo=photo
    )
    assert 'width="800" height="1200"' in client.get("/releases/portrait/").content.decode()
    stem = photo.image.name.rsplit("/", 1)[1].split(".")[0]
    content = b"".join(client.get(f"/photos/w960/{stem}.jpg").streaming_content)
    with Image.open(io.BytesIO(content)) as image:
        assert image.size == (800, 1200)


def _png(image, **options):
    out = io.BytesIO()
    image.save(out, "PNG", **options)
    return out.getvalue()


def test_web_copies_of_grey_and_transparent_pngs_look_like_the_original():
    grey = photo_create(
        upload=upload(_png(Image.new("I;16", (1200, 800), 0x8000)), name="흑백.png"),
        alt_text="16비트 흑백 사진",
    )
    with Image.open(io.BytesIO(renditions.render(grey, 480, "jpg"))) as copy:
        assert copy.size == (480, 320)
        assert 120 <= copy.convert("L").getpixel((240, 160)) <= 136  # mid grey, not white
    palette = Image.new("P", (1200, 800), 1)
    palette.putpalette([0, 0, 0, 200, 30, 30] + [0] * 762)
    palette.paste(0, (0, 0, 600, 800))
    logo = photo_create(
        upload=upload(_png(palette, transparency=0), name="로고.png"), alt_text="투명 배경 로고"
    )
    with Image.open(io.BytesIO(renditions.render(logo, 480, "webp"))) as copy:
        assert copy.mode == "RGBA"
        red, green, _blue, alpha = copy.getpixel((400, 100))
        assert copy.getpixel((100, 100))[3] == 0 and alpha == 255
        assert red > 190 and green < 40  # lossy WebP: the red, give or take


def test_sparse_picture_is_refused_before_it_can_cost_memory(settings):
    from django.core.exceptions import ValidationError

    settings.PHOTO_SPARSE_MAX_PIXELS = 1_000_000
    out = io.BytesIO()
    Image.new("RGB", (2000, 1500), (250, 250, 250)).save(out, "WEBP", quality=10)
    with pytest.raises(ValidationError) as refused:
        photo_create(upload=upload(out.getvalue(), name="큰.webp"), alt_text="압축 폭탄")
    assert "파일이 지나치게 작습니다" in refused.value.messages[0]
