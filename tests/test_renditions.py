"""Responsive renditions: made once per photo, width and format by the task worker at upload, kept
in storage under content-addressed names, served under the public rule; never made by a page."""

import hashlib
import io
import os
import re
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult
from PIL import Image

from articles.models import ArticlePhoto
from core.models import Status
from photos import renditions, services
from photos.models import Photo
from photos.services import photo_create
from tests.factories import jpeg_bytes, make_article, upload

pytestmark = pytest.mark.django_db

IMMUTABLE = "public, max-age=31536000, immutable"


def _stem(photo):
    return photo.image.name.rsplit("/", 1)[1].split(".")[0]


def _picture(content):
    with Image.open(io.BytesIO(content)) as image:
        return image.format, image.size


def _queued_renditions():
    return DBTaskResult.objects.filter(task_path__endswith="make_renditions", status="READY")


def _new_colour():
    # Copies are named by the file's digest and outlive a test's database (and other test
    # processes share the folder): each picture gets a colour of its own, not a counter's.
    return tuple(os.urandom(3))


@pytest.fixture
def public_photo():
    colour = _new_colour()
    photo = photo_create(
        upload=upload(jpeg_bytes(size=(2400, 1600), colour=colour)), alt_text="전시장 전경"
    )
    ArticlePhoto.objects.create(
        article=make_article(status=Status.PUBLISHED, slug="with-photo"), photo=photo
    )
    return photo


def test_page_offers_webp_and_jpeg_srcset_with_dimensions(client, public_photo):
    html = client.get("/releases/with-photo/").content.decode()
    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert 'type="image/webp"' in picture
    # Each address names the photo and the start of its file's SHA-256 (content-addressed).
    address = rf"{_stem(public_photo)}-{public_photo.sha256[:16]}"
    assert re.search(
        rf"/photos/w480/{address}\.webp 480w, .*/photos/w960/{address}\.webp 960w, "
        rf".*/photos/w1600/{address}\.webp 1600w",
        picture,
    )
    assert re.search(rf'src="/photos/w960/{address}\.jpg"', picture)
    assert 'width="960" height="640"' in picture and 'alt="전시장 전경"' in picture
    with default_storage.open(public_photo.image.name, "rb") as stored:
        assert public_photo.sha256 == hashlib.sha256(stored.read()).hexdigest()


@pytest.mark.parametrize(("fmt", "pil_format"), [("webp", "WEBP"), ("jpg", "JPEG")])
def test_rendition_has_asked_width_and_format(client, public_photo, fmt, pil_format, run_tasks):
    run_tasks()
    response = client.get(renditions.url(public_photo, 960, fmt))
    assert response.status_code == 200
    assert _picture(b"".join(response.streaming_content)) == (pil_format, (960, 640))
    assert response["Cache-Control"] == IMMUTABLE
    assert response["Content-Type"] == f"image/{'webp' if fmt == 'webp' else 'jpeg'}"
    # The address older pages used still works, for minutes rather than for good.
    response = Client().get(f"/photos/w960/{_stem(public_photo)}.{fmt}")
    assert _picture(b"".join(response.streaming_content)) == (pil_format, (960, 640))
    assert response["Cache-Control"] == "public, max-age=300"


def test_renditions_are_made_at_upload_by_the_task_never_by_a_page(client, public_photo, run_tasks):
    address = renditions.url(public_photo, 480, "webp")
    assert _queued_renditions().count() == 1
    with mock.patch.object(renditions, "render", wraps=renditions.render) as render:
        # Not made yet: the page's address gets the original, cached briefly, and nothing is made.
        response = client.get(address)
        assert response.status_code == 200
        assert _picture(b"".join(response.streaming_content)) == ("JPEG", (2400, 1600))
        assert response["Cache-Control"] == "public, max-age=60"
        assert render.call_count == 0
        assert _queued_renditions().count() == 1  # already queued at upload: not again
        run_tasks()
        made = render.call_count
        assert made == len(renditions.wanted(public_photo)) == 6
        for _ in range(3):
            response = client.get(address)
            assert _picture(b"".join(response.streaming_content)) == ("WEBP", (480, 320))
        run_tasks()  # nothing left to do
        assert render.call_count == made
    public_photo.refresh_from_db()
    assert public_photo.renditions_ready
    for width, fmt in renditions.wanted(public_photo):
        assert default_storage.exists(renditions.storage_name(public_photo, width, fmt))


def test_a_page_finding_copies_missing_queues_them_once(client, public_photo, run_tasks):
    run_tasks()
    Photo.objects.filter(pk=public_photo.pk).update(renditions_ready=False)  # say, restored
    for _ in range(3):
        assert client.get(renditions.url(public_photo, 960, "jpg")).status_code == 200
    assert _queued_renditions().count() == 1
    run_tasks()
    assert Photo.objects.get(pk=public_photo.pk).renditions_ready


def test_copies_have_content_addressed_names_and_are_never_renamed(public_photo, run_tasks):
    run_tasks()
    folder = renditions.folder(public_photo.sha256)
    expected = {f"w{width}.{fmt}" for width, fmt in renditions.wanted(public_photo)}
    assert set(default_storage.listdir(folder)[1]) == expected
    # Two workers making the same copies at once: each finds nothing and writes; same names.
    with mock.patch.object(type(default_storage._wrapped), "exists", return_value=False):
        assert renditions.make_all(public_photo) == renditions.make_all(public_photo)
    assert set(default_storage.listdir(folder)[1]) == expected
    # The same file uploaded again has the same copies: nothing new is stored for it.
    with default_storage.open(public_photo.image.name, "rb") as stored:
        again = photo_create(upload=upload(stored.read()), alt_text="같은 사진")
    assert again.sha256 == public_photo.sha256
    assert [renditions.storage_name(again, 480, "jpg")] == [
        renditions.storage_name(public_photo, 480, "jpg")
    ]
    assert renditions.url(again, 480, "jpg") != renditions.url(public_photo, 480, "jpg")


def test_small_photo_is_never_upscaled(client, run_tasks):
    photo = photo_create(upload=upload(jpeg_bytes(size=(700, 500))), alt_text="작은 사진")
    ArticlePhoto.objects.create(article=make_article(status=Status.PUBLISHED), photo=photo)
    assert renditions.choices(photo) == [(480, 480), (960, 700)]
    run_tasks()
    content = b"".join(client.get(renditions.url(photo, 960, "jpg")).streaming_content)
    with Image.open(io.BytesIO(content)) as image:
        assert image.size == (700, 500)


def test_embargoed_photo_rendition_is_hidden(client, run_tasks):
    picture = jpeg_bytes(size=(1200, 800), colour=_new_colour())
    photo = photo_create(upload=upload(picture), alt_text="엠바고 사진")
    article = make_article(status=Status.PUBLISHED, release_in=timedelta(hours=2))
    ArticlePhoto.objects.create(article=article, photo=photo)
    stem = _stem(photo)
    assert Client().get(f"/photos/w960/{stem}.webp").status_code == 404
    assert Client().get(renditions.url(photo, 960, "webp")).status_code == 404
    assert not default_storage.exists(renditions.storage_name(photo, 960, "webp"))
    run_tasks()  # made at upload all the same, and still hidden
    assert default_storage.exists(renditions.storage_name(photo, 960, "webp"))
    assert Client().get(renditions.url(photo, 960, "webp")).status_code == 404


def test_staff_preview_of_a_rendition_is_private(editor_client, run_tasks):
    photo = photo_create(upload=upload(jpeg_bytes(size=(1200, 800))), alt_text="엠바고 사진")
    article = make_article(status=Status.PUBLISHED, release_in=timedelta(hours=2))
    ArticlePhoto.objects.create(article=article, photo=photo)
    run_tasks()
    response = editor_client.get(renditions.url(photo, 960, "webp"))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "immutable" not in response["Cache-Control"]


def test_unknown_width_or_format_is_refused(client, public_photo):
    stem = _stem(public_photo)
    assert client.get(f"/photos/w777/{stem}.webp").status_code == 404
    assert client.get(f"/photos/w960/{stem}.gif").status_code == 404
    digest = public_photo.sha256[:16]
    assert client.get(f"/photos/w777/{stem}-{digest}.webp").status_code == 404
    assert client.get(f"/photos/w960/{stem}-{digest}.gif").status_code == 404


def test_phone_portrait_is_sized_as_displayed(client, run_tasks):
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
    run_tasks()
    content = b"".join(client.get(renditions.url(photo, 960, "jpg")).streaming_content)
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


def test_a_replaced_file_gets_new_addresses_and_the_old_ones_lead_there(client, public_photo):
    old = renditions.url(public_photo, 960, "webp")
    # As a repair leaves it: another file under the same name, with its own digest.
    Photo.objects.filter(pk=public_photo.pk).update(sha256="f" * 64, renditions_ready=False)
    public_photo.refresh_from_db()
    new = renditions.url(public_photo, 960, "webp")
    assert new != old and new.endswith(f"-{'f' * 16}.webp")
    response = client.get(old)
    assert response.status_code == 302 and response["Location"] == new
    assert response["Cache-Control"] == "public, max-age=300"
    html = client.get("/releases/with-photo/").content.decode()
    assert new in html and old not in html


def test_older_photos_get_their_digest_and_copies_from_make_renditions(public_photo, run_tasks):

    run_tasks()  # the copies queued at upload
    made = renditions.storage_name(public_photo, 480, "webp")
    # As older code left it: no digest, no copies but some in the old layout.
    Photo.objects.filter(pk=public_photo.pk).update(sha256="", renditions_ready=False)
    public_photo.refresh_from_db()
    legacy = default_storage.save(f"renditions/{_stem(public_photo)}/480.webp", ContentFile(b"old"))
    assert renditions.url(public_photo, 480, "webp") == f"/photos/w480/{_stem(public_photo)}.webp"
    _queued_renditions().delete()
    out = StringIO()
    call_command("make_renditions", stdout=out)
    assert "Queued web copies for 1 photos." in out.getvalue()
    assert _queued_renditions().count() == 1
    run_tasks()
    public_photo.refresh_from_db()
    assert public_photo.renditions_ready and len(public_photo.sha256) == 64
    assert renditions.storage_name(public_photo, 480, "webp") == made
    assert default_storage.exists(made)
    with mock.patch.object(services, "RENDITIONS_PRUNE_GRACE", timedelta(seconds=-60)):
        call_command("make_renditions", "--prune", stdout=out)
    assert not default_storage.exists(legacy)  # the old layout's copy: no photo uses it
    assert default_storage.exists(made)  # the photo's own copies stay
