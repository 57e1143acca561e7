"""`manage.py repair_photos`: originals stored by older code, cleaned again in place.

Each legacy file is put into storage directly as a Photo's image, as the old upload path left it,
and then repaired by the command; exiftool (which reads every block and warns about malformed ones),
Pillow and exiv2 then read what is stored under the photo's unchanged name.
"""

import hashlib
import io
import os
from io import StringIO
from pathlib import PurePath

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult
from PIL import Image

from core.storage import SafeFileSystemStorage
from photos import imaging, renditions
from photos.models import Photo, photo_upload_to
from presskits.models import KitBuild
from tests.factories import make_article, make_photo
from tests.test_photo_corpus import (
    SECRETS,
    SIZE,
    encoded,
    exiftool_tags,
    faults,
    is_upright,
    phone_exif,
    private_tags,
    stored_pixels,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    """Each test's photos in a folder of their own: the tests look at what else a folder holds."""
    settings.MEDIA_ROOT = tmp_path / "media"


MALFORMED = "Malformed APP1 EXIF segment"


def legacy_phone_jpeg() -> bytes:
    """A phone photo as older code stored it: its EXIF (orientation 6, GPS, serials, owner) behind
    a doubled "Exif" header, which exiv2 and exiftool cannot read and Pillow can."""
    exif = b"Exif\x00\x00" + phone_exif(6).tobytes()
    return encoded(stored_pixels(6), "JPEG", quality=92, exif=exif)


def legacy_phone_png() -> bytes:
    """A PNG whose eXIf chunk (orientation 6, GPS) older code kept as it came."""
    return encoded(stored_pixels(6), "PNG", exif=phone_exif(6))


def store_legacy(photo: Photo, data: bytes, ext: str = "jpg", size=None) -> Photo:
    """Make `data` `photo`'s original, written straight to storage as the old upload path did."""
    old = photo.image.name
    name = default_storage.save(photo_upload_to(photo, f"legacy.{ext}"), ContentFile(data))
    width, height = size or SIZE
    # Older code recorded no digest and made no copies at upload.
    Photo.objects.filter(pk=photo.pk).update(
        image=name, width=width, height=height, sha256="", renditions_ready=False
    )
    default_storage.delete(old)
    photo.refresh_from_db()
    return photo


def stored(photo: Photo) -> bytes:
    with default_storage.open(photo.image.name, "rb") as file:
        return file.read()


def stale_renditions(photo: Photo) -> list[str]:
    """Web and kit-sized copies made from the old file, sideways as a viewer ignoring EXIF shows it:
    named by the old file's digest as they are made now, and by the photo's name as older code did."""
    sideways = encoded(stored_pixels(6), "JPEG")
    legacy_folder = f"{renditions.RENDITION_DIR}/{PurePath(photo.image.name).stem}"
    names = [
        renditions.storage_name(photo, 480, "jpg"),
        renditions.storage_name(photo, 480, "webp"),
        f"{renditions.folder(renditions.file_sha256(photo))}/long2000.jpg",
        f"{legacy_folder}/480.jpg",
        f"{legacy_folder}/long2000.jpg",
    ]
    for name in names:
        default_storage.save(name, ContentFile(sideways))
    return names


def repair(*args) -> str:
    out, err = StringIO(), StringIO()
    call_command("repair_photos", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def kit_tasks():
    return DBTaskResult.objects.filter(task_path__endswith="build_kit")


def decoded(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.tobytes()


def test_a_legacy_phone_jpeg_is_repaired_in_place(tmp_path):
    legacy = legacy_phone_jpeg()
    photo = store_legacy(make_photo(), legacy)
    name = photo.image.name
    old_copies = stale_renditions(photo)
    before = tmp_path / "before.jpg"
    before.write_bytes(legacy)
    tags = exiftool_tags([before])[str(before)]
    # The file is the reported fault: exiftool cannot read its orientation.
    assert any(MALFORMED in warning for warning in tags["Warnings"])
    assert "IFD0:Orientation" not in tags

    output = repair()

    assert "Checked 1 photos: 1 repaired, 0 unchanged, 0 failed." in output
    photo.refresh_from_db()
    assert photo.image.name == name  # every address of the photo still leads to it
    assert (photo.width, photo.height) == SIZE
    data = stored(photo)
    after = tmp_path / "after.jpg"
    after.write_bytes(data)
    tags = exiftool_tags([after])[str(after)]
    assert not [warning for warning in tags["Warnings"] if MALFORMED in warning]
    assert faults(tags) == []
    assert tags.get("IFD0:Orientation") == 6
    assert private_tags(tags) == []
    assert imaging.find_private_metadata(data, "JPEG") == []
    assert not any(secret.encode() in data for secret in SECRETS)
    assert decoded(data) == decoded(legacy), "the JPEG was re-encoded"
    # Replaced, not stored beside: no second file, no temporary file left in the folder.
    assert default_storage.listdir(str(PurePath(name).parent))[1] == [PurePath(name).name]

    assert not any(default_storage.exists(copy) for copy in old_copies)
    # The file's digest follows it, so its copies get new names and addresses; they are queued.
    assert photo.sha256 == hashlib.sha256(data).hexdigest() and not photo.renditions_ready
    assert DBTaskResult.objects.filter(
        task_path__endswith="make_renditions", args_kwargs__args=[photo.pk], status="READY"
    ).exists()
    for fmt in renditions.FORMATS:
        with default_storage.open(renditions.ensure(photo, 480, fmt), "rb") as copy:
            assert is_upright(Image.open(copy)), fmt
    with default_storage.open(renditions.ensure_long_side(photo), "rb") as copy:
        assert is_upright(Image.open(copy))

    # A second run finds nothing left to do.
    assert "Checked 1 photos: 0 repaired, 1 unchanged, 0 failed." in repair()
    assert stored(photo) == data


def test_a_photo_shown_by_a_published_release_has_its_kit_rebuilt_and_keeps_its_address():
    article = make_article(photos=1)
    photo = store_legacy(article.photo_links.get().photo, legacy_phone_jpeg())
    DBTaskResult.objects.all().delete()
    url = photo.get_absolute_url()

    repair()

    assert kit_tasks().exists()
    assert KitBuild.objects.filter(article=article).exists()
    response = Client().get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored(photo)
    assert imaging.find_private_metadata(stored(photo), "JPEG") == []


def test_dry_run_changes_nothing():
    article = make_article(photos=1)
    legacy = legacy_phone_jpeg()
    photo = store_legacy(article.photo_links.get().photo, legacy)
    copies = stale_renditions(photo)
    DBTaskResult.objects.all().delete()

    output = repair("--dry-run")

    assert "Dry run, nothing changed." in output
    assert "1 would be repaired, 0 unchanged, 0 failed." in output
    assert stored(photo) == legacy
    assert all(default_storage.exists(copy) for copy in copies)
    assert not kit_tasks().exists()


def test_an_already_clean_photo_is_left_byte_identical():
    photo = make_photo()
    data = stored(photo)
    path = default_storage.path(photo.image.name)
    written = os.stat(path).st_mtime_ns
    copy = renditions.ensure(photo, 480, "webp")

    output = repair()

    assert "Checked 1 photos: 0 repaired, 1 unchanged, 0 failed." in output
    assert stored(photo) == data
    assert os.stat(path).st_mtime_ns == written
    assert default_storage.exists(copy)


def test_a_png_with_its_exif_kept_is_cleaned_and_its_size_follows_the_file():
    legacy = legacy_phone_png()
    # Stored with the size of its pixels as they lie, not as displayed.
    photo = store_legacy(make_photo(), legacy, "png", size=SIZE[::-1])

    assert "1 repaired" in repair()

    photo.refresh_from_db()
    data = stored(photo)
    assert (photo.width, photo.height) == SIZE
    assert imaging.find_private_metadata(data, "PNG") == []
    with Image.open(io.BytesIO(data)) as image:
        assert image.getexif().get(0x0112) == 6
    assert decoded(data) == decoded(legacy)


def test_a_file_that_would_still_fail_the_checks_is_left_untouched(monkeypatch):
    legacy = legacy_phone_jpeg()
    photo = store_legacy(make_photo(), legacy)
    copies = stale_renditions(photo)
    # A cleaner that let the location through, then one that re-encoded the picture.
    with_gps = encoded(stored_pixels(6), "JPEG", quality=92, exif=phone_exif(6))
    monkeypatch.setattr("photos.services.strip_private_metadata", lambda data, fmt: with_gps)

    output = repair()

    assert "Checked 1 photos: 0 repaired, 0 unchanged, 1 failed." in output
    assert f"Failed: {photo.image.name}: still carries EXIF GPS" in output
    assert stored(photo) == legacy
    assert all(default_storage.exists(copy) for copy in copies)

    re_encoded = encoded(stored_pixels(6), "JPEG", quality=50)
    monkeypatch.setattr("photos.services.strip_private_metadata", lambda data, fmt: re_encoded)
    output = repair()
    assert f"Failed: {photo.image.name}: cleaning would change the picture itself" in output
    assert stored(photo) == legacy
    assert all(default_storage.exists(copy) for copy in copies)


def test_a_missing_or_unreadable_file_is_reported_and_the_others_repaired():
    missing = make_photo()
    default_storage.delete(missing.image.name)
    broken = store_legacy(make_photo(), legacy_phone_jpeg()[:300])
    legacy = store_legacy(make_photo(), legacy_phone_jpeg())

    output = repair()

    assert "Checked 3 photos: 1 repaired, 0 unchanged, 2 failed." in output
    assert f"Failed: {missing.image.name}: cannot read the file" in output
    assert f"Failed: {broken.image.name}: " in output
    assert imaging.find_private_metadata(stored(legacy), "JPEG") == []


def test_a_storage_without_local_files_is_refused_before_anything_changes(monkeypatch):
    legacy = legacy_phone_jpeg()
    photo = store_legacy(make_photo(), legacy)

    def not_local(self, name):
        raise NotImplementedError("This backend doesn't support absolute paths.")

    monkeypatch.setattr(SafeFileSystemStorage, "path", not_local)
    with pytest.raises(CommandError, match="not a local file system"):
        repair()
    monkeypatch.undo()
    assert stored(photo) == legacy
