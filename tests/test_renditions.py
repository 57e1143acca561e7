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
