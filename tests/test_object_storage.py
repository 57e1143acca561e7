"""Media on S3-compatible object storage, against a real server process (moto in server mode).

Uploads, web copies and press kits land in the bucket; readers get them after the public check by a
redirect to a short-lived signed URL, never through Python; what is not public stays refused.
"""

import hashlib
import io
import urllib.request
import zipfile
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from PIL import Image

from articles.models import ArticlePhoto, Attachment
from core.media import serving_mode
from core.models import Status, Transition
from core.services import publishable_transition
from core.storage import store_once
from photos import renditions
from photos.models import Photo
from presskits.models import KitBuild
from tests.factories import jpeg_bytes, make_article, make_contact, make_photo, upload

# The moto server and bucket fixtures (tests/s3_server.py).
pytest_plugins = ["tests.s3_server"]
pytestmark = pytest.mark.django_db


def _fetch(response, s3_storage):
    """Follow the app's redirect to the object store as a browser would: (status, headers, body)."""
    assert response.status_code == 302, response.status_code
    location = response["Location"]
    assert location.startswith(s3_storage.server.endpoint + "/")
    assert "X-Amz-Signature=" in location and "X-Amz-Expires=300" in location
    with urllib.request.urlopen(location, timeout=10) as reply:
        return reply.status, reply.headers, reply.read()


def _public_release_with(photo, **fields):
    article = make_article(status=Status.PUBLISHED, **fields)
    ArticlePhoto.objects.create(article=article, photo=photo)
    return article


def test_settings_build_the_s3_storage_from_the_environment(s3_settings_storage):
    assert s3_settings_storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = s3_settings_storage["OPTIONS"]
    assert options["bucket_name"] == "gbtp-media"
    assert options["endpoint_url"].startswith("http://127.0.0.1:")
    assert options["region_name"] == "ap-northeast-2" and options["addressing_style"] == "path"
    # Private objects behind signed URLs; a second file of one name never replaces the first.
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["file_overwrite"] is False


def test_without_a_bucket_media_stay_local_files():
    from tests.s3_server import _settings_storage

    assert _settings_storage({"STORAGE_BUCKET": ""}) == {
        "BACKEND": "core.storage.SafeFileSystemStorage"
    }


def test_admin_photo_upload_lands_in_the_bucket(s3_storage, editor_client, settings):
    response = editor_client.post(
        reverse("admin:photos_photo_add"),
        {
            "image": upload(jpeg_bytes(size=(1200, 800)), name="현장 사진.jpg"),
            "alt_text": "전시장 전경",
            "caption": "설명",
            "credit": "사진=경북테크노파크",
            "rights_holder": "경북테크노파크",
            "licence": "kogl-1",
            "consent": "not-needed",
        },
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert s3_storage.names("photos/") == {photo.image.name}
    assert hashlib.sha256(s3_storage.read(photo.image.name)).hexdigest() == photo.sha256
    assert not (settings.MEDIA_ROOT / photo.image.name).exists()


def test_public_photo_and_its_web_copies_are_redirects_to_the_bucket(s3_storage, run_tasks):
    photo = photo_create_large()
    _public_release_with(photo)
    assert serving_mode() == "redirect"

    response = Client().get(photo.get_absolute_url())
    assert response["Cache-Control"] == "private, max-age=150"  # the signed URL outlives it
    status, headers, body = _fetch(response, s3_storage)
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    assert hashlib.sha256(body).hexdigest() == photo.sha256
    assert headers["Cache-Control"] == "public, max-age=300"

    run_tasks()  # the copies, made by the worker straight into the bucket
    photo.refresh_from_db()
    assert photo.renditions_ready
    folder = renditions.folder(photo.sha256)
    assert s3_storage.names("renditions/") == {
        f"{folder}/w{width}.{fmt}" for width, fmt in renditions.wanted(photo)
    }
    response = Client().get(renditions.url(photo, 480, "webp"))
    status, headers, body = _fetch(response, s3_storage)
    assert headers["Content-Type"] == "image/webp"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with Image.open(io.BytesIO(body)) as image:
        assert (image.format, image.size) == ("WEBP", (480, 320))


def photo_create_large():
    from photos.services import photo_create

    return photo_create(upload=upload(jpeg_bytes(size=(1200, 800))), alt_text="전시장 전경")


def test_unpublished_photo_is_refused_and_staff_get_a_private_redirect(
    s3_storage, editor_client, run_tasks
):
    draft = make_photo()
    ArticlePhoto.objects.create(article=make_article(status=Status.DRAFT), photo=draft)
    embargoed = make_photo(caption="엠바고 사진")
    ArticlePhoto.objects.create(
        article=make_article(status=Status.PUBLISHED, release_in=timedelta(hours=2)),
        photo=embargoed,
    )
    run_tasks()
    reader = Client()
    for photo in (draft, embargoed):
        photo.refresh_from_db()
        assert reader.get(photo.get_absolute_url()).status_code == 404
        assert reader.get(renditions.url(photo, 480, "webp")).status_code == 404
        assert photo.image.name in s3_storage.names("photos/")  # stored, only not handed out
    preview = editor_client.get(embargoed.get_absolute_url())
    assert "no-store" in preview["Cache-Control"] and "private" in preview["Cache-Control"]
    assert preview["X-Robots-Tag"] == "noindex, nofollow"
    _status, headers, _body = _fetch(preview, s3_storage)
    assert headers["Cache-Control"] == "private, no-store"


def test_attachment_downloads_from_the_bucket_under_its_name(s3_storage):
    article = make_article(slug="with-attachment")
    attachment = Attachment.objects.create(
        article=article, title="붙임", file=ContentFile(b"%PDF-1.4 a", name="붙임 1.pdf")
    )
    assert attachment.file.name in s3_storage.names("attachments/")
    address = reverse("articles:attachment", args=[article.slug, attachment.pk])
    _status, headers, body = _fetch(Client().get(address), s3_storage)
    assert body == b"%PDF-1.4 a" and headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%EB%B6%99%EC%9E%84_1.pdf" in headers["Content-Disposition"]
    hidden = make_article(status=Status.DRAFT, slug="hidden")
    secret = Attachment.objects.create(
        article=hidden, title="비밀", file=ContentFile(b"%PDF-1.4 b", name="b.pdf")
    )
    address = reverse("articles:attachment", args=[hidden.slug, secret.pk])
    assert Client().get(address).status_code == 404


def test_kit_build_stores_zip_and_files_in_the_bucket_and_downloads_work(
    s3_storage, editor, run_tasks
):
    article = make_article(status=Status.APPROVED, headline="이차전지 소재 기업 수출 상담회 개최")
    article.contact_links.create(contact=make_contact(), role="contact")
    ArticlePhoto.objects.create(article=article, photo=photo_create_large())
    Attachment.objects.create(
        article=article, title="붙임 1. 일정", file=ContentFile(b"%PDF-1.4 k", name="일정.pdf")
    )
    publishable_transition(obj=article, move=Transition.PUBLISH, by=editor)
    run_tasks()
    build = KitBuild.objects.get(article=article)
    assert build.ready
    stored = s3_storage.names("kits/")
    assert build.zip_name in stored
    files = list(build.files.all())
    assert files and {file.storage_name for file in files} <= stored
    assert hashlib.sha256(s3_storage.read(build.zip_name)).hexdigest() == build.zip_sha256

    reader = Client()
    download = reverse("presskits:release_download", args=[article.pk])
    response = reader.get(download)
    assert response["Cache-Control"] == "private, no-cache"
    _status, headers, body = _fetch(response, s3_storage)
    assert hashlib.sha256(body).hexdigest() == build.zip_sha256 and len(body) == build.zip_size
    assert headers["Content-Type"] == "application/zip"
    assert "filename*=UTF-8''" in headers["Content-Disposition"]
    assert "manifest.json" in zipfile.ZipFile(io.BytesIO(body)).namelist()
    # The app itself still answers a repeat request for the same bytes.
    again = reader.get(download, headers={"if-none-match": f'"{build.zip_sha256}"'})
    assert again.status_code == 304 and again["ETag"] == f'"{build.zip_sha256}"'

    photo_file = next(file for file in files if file.photo_id)
    address = reverse("presskits:release_file", args=[article.pk, photo_file.pk, photo_file.name])
    _status, headers, body = _fetch(reader.get(address), s3_storage)
    assert hashlib.sha256(body).hexdigest() == photo_file.sha256
    assert headers["Content-Type"] == photo_file.content_type

    # A file gone from the bucket: the kit is being made again, and the reader is told so.
    default_storage.delete(build.zip_name)
    missing = reader.get(download)
    assert missing.status_code == 503 and missing["Retry-After"]


def test_content_addressed_writes_never_rename_in_the_bucket(s3_storage):
    name = "renditions/ab/" + "ab" * 32 + "/w480.webp"
    assert store_once(default_storage, name, ContentFile(b"same bytes")) == name
    assert store_once(default_storage, name, ContentFile(b"same bytes")) == name
    assert s3_storage.names("renditions/") == {name}
    # An ordinary upload of a name already taken gets a name of its own, as on disk.
    first = default_storage.save("exports/kit.zip", ContentFile(b"one"))
    second = default_storage.save("exports/kit.zip", ContentFile(b"two"))
    assert first == "exports/kit.zip" and second != first
    assert urlsplit(default_storage.url(first)).path.endswith("/exports/kit.zip")


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_read_and_write_the_bucket(s3_storage, settings, tmp_path):
    from django.core.management import call_command

    from roles.definitions import sync_roles

    photo = photo_create_large()
    article = _public_release_with(photo, slug="backed-up")
    Attachment.objects.create(
        article=article, title="붙임", file=ContentFile(b"%PDF-1.4 r", name="붙임.pdf")
    )
    before = {key: s3_storage.read(key) for key in s3_storage.names()}
    assert len(before) == 2
    archive = tmp_path / "gbtp.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(archive), stdout=out)
    assert "2 media files" in out.getvalue()

    # Another machine: a freshly migrated database and an empty bucket.
    call_command("flush", interactive=False, verbosity=0)
    sync_roles()
    fresh = f"{s3_storage.name}-new"
    s3_storage.server.client().create_bucket(
        Bucket=fresh, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"}
    )
    config = settings.STORAGES["default"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**config, "OPTIONS": {**config["OPTIONS"], "bucket_name": fresh}},
    }
    call_command("restore", str(archive), stdout=io.StringIO())
    bucket = type(s3_storage)(s3_storage.server, fresh)
    assert {key: bucket.read(key) for key in bucket.names()} == before
    _status, _headers, body = _fetch(Client().get(photo.get_absolute_url()), bucket)
    assert hashlib.sha256(body).hexdigest() == photo.sha256
