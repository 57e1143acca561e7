"""Media behind nginx: after the public check the app answers with X-Accel-Redirect, never the bytes.

With MEDIA_ACCEL_REDIRECT set (production with local files), photo originals, web copies, 붙임 and
press kits are handed to nginx's internal location with the headers nginx keeps (Content-Type,
Content-Disposition, Cache-Control) and the ones its location adds back (ETag, X-Robots-Tag).
Without it (`make run`, the other tests) Python streams them as before.
"""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from articles.models import ArticlePhoto, Attachment
from core.media import serving_mode
from core.models import Status, Transition
from core.services import publishable_transition
from photos import renditions
from presskits.models import KitBuild
from tests.factories import jpeg_bytes, make_article, make_contact, make_photo, upload

pytestmark = pytest.mark.django_db

PREFIX = "/_protected/"


@pytest.fixture
def accel(settings):
    settings.MEDIA_ACCEL_REDIRECT = PREFIX
    assert serving_mode() == "accel"


def _handed_to_nginx(response, name):
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == PREFIX + quote(name)
    assert not response.streaming and response.content == b""
    return response


def test_without_the_setting_python_streams_as_before(client):
    photo = make_photo()
    ArticlePhoto.objects.create(article=make_article(status=Status.PUBLISHED), photo=photo)
    assert serving_mode() == "stream"
    response = client.get(photo.get_absolute_url())
    assert response.streaming and "X-Accel-Redirect" not in response
    assert response["Cache-Control"] == "public, max-age=300"


def test_public_photo_and_web_copy_go_through_nginx(client, accel, run_tasks):
    from photos.services import photo_create

    photo = photo_create(upload=upload(jpeg_bytes(size=(1200, 800))), alt_text="전경")
    ArticlePhoto.objects.create(article=make_article(status=Status.PUBLISHED), photo=photo)
    response = _handed_to_nginx(client.get(photo.get_absolute_url()), photo.image.name)
    assert response["Content-Type"] == "image/jpeg"
    # Browsers and nginx's media cache (X-Accel-Expires, for nginx alone) keep it as long.
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["X-Accel-Expires"] == "300"
    # A copy not made yet: the original, briefly; made: the copy, for good.
    address = renditions.url(photo, 480, "webp")
    response = _handed_to_nginx(client.get(address), photo.image.name)
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["X-Accel-Expires"] == "60"
    run_tasks()
    photo.refresh_from_db()
    response = _handed_to_nginx(client.get(address), renditions.storage_name(photo, 480, "webp"))
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Accel-Expires"] == "31536000"


def test_hidden_photo_is_refused_before_nginx_and_previews_stay_private(
    client, editor_client, accel
):
    photo = make_photo()
    ArticlePhoto.objects.create(
        article=make_article(status=Status.PUBLISHED, release_in=timedelta(hours=2)), photo=photo
    )
    response = client.get(photo.get_absolute_url())
    assert response.status_code == 404 and "X-Accel-Redirect" not in response
    preview = _handed_to_nginx(editor_client.get(photo.get_absolute_url()), photo.image.name)
    assert "private" in preview["Cache-Control"] and "no-store" in preview["Cache-Control"]
    assert "X-Accel-Expires" not in preview  # nginx's media cache never keeps a preview
    assert preview["X-Robots-Tag"] == "noindex, nofollow"


def test_attachment_with_a_korean_name_goes_through_nginx(client, accel):
    article = make_article(slug="with-attachment")
    attachment = Attachment.objects.create(
        article=article, title="붙임", file=ContentFile(b"%PDF-1.4 a", name="붙임 1.pdf")
    )
    response = client.get(reverse("articles:attachment", args=[article.slug, attachment.pk]))
    _handed_to_nginx(response, attachment.file.name)
    assert "%EB%B6%99%EC%9E%84" in response["X-Accel-Redirect"]  # percent-encoded for nginx
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == "attachment; filename*=utf-8''%EB%B6%99%EC%9E%84_1.pdf"
    )


def test_kit_download_goes_through_nginx_with_its_validators(client, editor, accel, run_tasks):
    article = make_article(status=Status.APPROVED, headline="수출 상담회 개최")
    article.contact_links.create(contact=make_contact(), role="contact")
    publishable_transition(obj=article, move=Transition.PUBLISH, by=editor)
    download = reverse("presskits:release_download", args=[article.pk])
    assert client.get(download).status_code == 503  # not built yet: as before
    run_tasks()
    build = KitBuild.objects.get(article=article)
    response = _handed_to_nginx(client.get(download), build.zip_name)
    assert response["Content-Type"] == "application/zip"
    assert response["ETag"] == f'"{build.zip_sha256}"' and response["Last-Modified"]
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response["Cache-Control"] == "public, no-cache"
    # Browsers ask every time; the newsroom's own nginx may answer repeats for a minute.
    assert response["X-Accel-Expires"] == "60"
    # nginx sends the file's own length; an empty reply must not claim the file's.
    assert response.get("Content-Length") in (None, "0")
    again = client.get(download, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304 and "X-Accel-Redirect" not in again
    # A stored file gone missing is noticed before nginx is asked: the kit is made again.
    from django.core.files.storage import default_storage

    default_storage.delete(build.zip_name)
    assert client.get(download).status_code == 503
