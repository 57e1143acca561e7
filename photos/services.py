import contextlib
import hashlib
import logging
import os
import shutil
import tempfile
from datetime import timedelta
from pathlib import PurePath

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.signals import content_changed
from core.storage import display_filename, store_upload, walk
from photos import renditions
from photos.imaging import (
    CONTAINERS,
    ImageInfo,
    check_density,
    find_private_metadata,
    inspect_image,
    strip_private_metadata,
)
from photos.models import PHOTO_DIR, Photo

logger = logging.getLogger(__name__)

PHOTO_NOT_STORED = _(
    "사진을 저장하지 못했습니다. 서버의 저장 공간에 문제가 있습니다. "
    "잠시 후 다시 시도하고, 계속되면 관리자에게 알려 주세요."
)


def photo_prepare_upload(*, upload) -> tuple[ContentFile, ImageInfo]:
    """Validate an uploaded file and return a cleaned copy ready to store.

    Raises ValidationError with a Korean message for anything we do not accept.
    """
    upload.seek(0)
    data = upload.read()
    info = inspect_image(data)
    cleaned = strip_private_metadata(data, info.format)
    del data  # the original may be tens of megabytes; only the cleaned copy goes on
    # Judged again without the metadata and padding an upload could use to look less compressed
    # (only the pixel count matters, so the displayed size serves).
    check_density(len(cleaned), info.width, info.height)
    return ContentFile(cleaned, name=f"photo.{info.extension}"), info


def photo_original_filename(upload) -> str:
    """The name the photographer gave the file, fit to show in the admin."""
    return display_filename(getattr(upload, "name", "") or "")


def photo_store_file(*, photo: Photo, content: ContentFile) -> str:
    """Write the cleaned file for `photo`; a storage failure is a ValidationError in Korean.

    The photo's digest follows the file and its web copies are due: whoever saves the photo then
    calls `photo_renditions_request` (`photo_create` does; the photo admin after every save).
    """
    name = store_upload(photo.image, content.name, content, message=PHOTO_NOT_STORED)
    digest = hashlib.sha256()
    content.seek(0)
    for chunk in content.chunks():
        digest.update(chunk)
    photo.sha256 = digest.hexdigest()
    photo.renditions_ready = False
    return name


@transaction.atomic
def photo_create(*, upload, alt_text, user=None, described=True, **fields) -> Photo:
    """Store an uploaded photo as a Photo record, with the same checks as the admin form.

    `described=False` stores a photo whose 대체 텍스트 is still to come: one dropped into a release
    form, described in that form before it is saved (see `photo_stage`).
    """
    content, info = photo_prepare_upload(upload=upload)
    photo = Photo(
        alt_text=alt_text,
        original_filename=photo_original_filename(upload) or content.name,
        created_by=user,
        updated_by=user,
        **fields,
    )
    photo.width, photo.height = info.width, info.height
    if photo.taken_at is None and info.taken_at is not None:
        photo.taken_at = timezone.make_aware(info.taken_at)
    photo.full_clean(exclude=["image"] if described else ["image", "alt_text"])
    photo_store_file(photo=photo, content=content)
    try:
        photo.save()
    except BaseException:
        photo.image.delete(save=False)  # no file without its record
        raise
    photo_renditions_request(photo)
    return photo


# Web copies (photos.renditions), made once by the task worker.

# A page that finds a photo's copies missing queues them again at most this often (per photo).
RENDITIONS_REQUEUE_SECONDS = 600


def photo_renditions_request(photo: Photo, *, from_page: bool = False) -> None:
    """Queue the task that makes the photo's web copies, unless they are made.

    Called when a file is stored (inside the save's transaction: the task exists once it commits),
    and by a page request that finds them missing (an older photo, a task that failed), which
    queues it at most once per RENDITIONS_REQUEUE_SECONDS per photo and file.
    """
    from photos.tasks import make_renditions

    if photo.renditions_ready:
        return
    queued = _renditions_queued_key(photo)
    if from_page and not cache.add(queued, True, RENDITIONS_REQUEUE_SECONDS):
        return
    make_renditions.enqueue(photo.pk)
    if not from_page:
        cache.set(queued, True, RENDITIONS_REQUEUE_SECONDS)  # pages need not queue it again


def _renditions_queued_key(photo):
    return f"photos:renditions-queued:{photo.pk}:{photo.sha256}"


def photo_renditions_make(*, photo_id: int) -> bool:
    """Make the web copies of the photo's current file; False if there was nothing to do.

    Idempotent: copies already stored are kept (their names say what they hold). The digest of an
    older photo's file is worked out and recorded here. A file replaced meanwhile (a repair) is
    left to the task its replacement queued.
    """
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None or photo.renditions_ready or not photo.image:
        return False
    try:
        return _renditions_make(photo)
    finally:
        # Done or failed, this task is over: a page finding the copies missing may queue it again.
        cache.delete(_renditions_queued_key(photo))


def _renditions_make(photo: Photo) -> bool:
    current = Photo.objects.filter(pk=photo.pk, image=photo.image.name, sha256=photo.sha256)
    try:
        if not photo.sha256:
            photo.sha256 = renditions.file_sha256(photo)
            current.update(sha256=photo.sha256)  # not a staff edit: no version or revision
            current = Photo.objects.filter(pk=photo.pk, image=photo.image.name, sha256=photo.sha256)
        renditions.make_all(photo)
    except FileNotFoundError:
        logger.warning(
            "Photo %s has no stored file (%s): no web copies", photo.pk, photo.image.name
        )
        return False
    except OSError:
        # A full or read-only disk, say: pages keep serving the original, the operator gets the cause.
        logger.exception("Could not store the web copies of %s", photo.image.name)
        raise
    return bool(current.update(renditions_ready=True))


# Photos dropped into a release or event form: stored at once, described in the form.

# An upload nobody described and placed within this time is deleted by a task.
STAGED_PHOTO_LIFETIME = timedelta(days=1)


def photo_stage(*, upload, user) -> Photo:
    """Store a photo dropped into a release or event form, before that form is saved.

    The file is checked and stored like any upload, so a refused file is said at once and a form
    refused for another reason keeps the photos already sent. The photo has no 대체 텍스트 yet: the
    form asks for it. One left undescribed and unplaced is removed by `discard_unused_upload`.
    """
    from photos.tasks import discard_unused_upload

    photo = photo_create(upload=upload, alt_text="", user=user, described=False)
    discard_unused_upload.using(run_after=timezone.now() + STAGED_PHOTO_LIFETIME).enqueue(photo.pk)
    return photo


def photo_in_use(photo: Photo) -> bool:
    """Whether anything (a release, an event, a person, a kit) refers to the photo."""
    for relation in Photo._meta.get_fields(include_hidden=True):
        if relation.is_relation and relation.auto_created and not relation.concrete:
            manager = relation.related_model._base_manager
            if manager.filter(**{relation.field.name: photo}).exists():
                return True
    return False


@transaction.atomic
def photo_unused_upload_discard(*, photo_id: int) -> bool:
    """Delete a staged photo still without 대체 텍스트 and used nowhere. Returns whether it did."""
    photo = Photo.objects.select_for_update().filter(pk=photo_id, alt_text="").first()
    if photo is None or photo_in_use(photo):
        return False
    name, sha256 = photo.image.name, photo.sha256
    photo.delete()
    transaction.on_commit(lambda: default_storage.delete(name))
    transaction.on_commit(lambda: _renditions_delete_unused(sha256))
    return True


def photo_describe(*, photo: Photo, by, **fields) -> Photo:
    """Write the 대체 텍스트, 사진 설명 or 출처 changed in a release or event form onto the photo."""
    for name, value in fields.items():
        setattr(photo, name, value)
    photo.updated_by = by
    photo.save(update_fields=[*fields, "updated_by", "updated_at", "version"])
    content_changed.send(sender=Photo, instance=photo)
    return photo


# Repairing originals stored by older code.


class PhotoRepairError(Exception):
    """The repair cannot run at all (not one photo was changed)."""


class _Refused(Exception):
    """This photo's original is left as it is; the message says why (for the operator)."""


def photo_originals_repair(*, dry_run=False) -> dict:
    """Clean every stored original again with today's `strip_private_metadata`, in place.

    Older code could store a malformed EXIF block (a doubled "Exif" header that exiv2 and
    exiftool cannot read, so viewers show a phone photo sideways) or keep a PNG eXIf or WebP EXIF
    block. Each original is read, cleaned, and, when the cleaned bytes differ, written back under
    the same storage name: release bodies, share links and journalists' copies of an address keep
    pointing at the photo. A file whose cleaned result fails any of the upload checks (or whose
    picture data would change) is left untouched and reported. For each repaired photo its digest,
    width and height follow the file, new web copies are queued (under new names and addresses)
    and the old ones deleted, and `content_changed` is sent so the press kits that show it are
    built again.

    Returns counts: checked, repaired (with `dry_run`: would be repaired), unchanged, failed,
    with the storage names repaired and each failure's name and reason.
    """
    if not dry_run:
        _storage_path_or_refuse()
    report = {
        "dry_run": dry_run,
        "checked": 0,
        "repaired": 0,
        "unchanged": 0,
        "failed": 0,
        "repaired_names": [],
        "failures": {},
    }
    for pk in list(Photo.objects.order_by("pk").values_list("pk", flat=True)):
        try:
            outcome = _photo_original_repair(pk, dry_run=dry_run)
        except _Refused as refused:
            name, reason = refused.args
            report["checked"] += 1
            report["failed"] += 1
            report["failures"][name] = reason
            logger.warning("Photo %s (%s) not repaired: %s", pk, name, reason)
            continue
        if outcome is None:  # deleted while the repair ran
            continue
        report["checked"] += 1
        changed, name, problem = outcome
        if problem:
            # The original is repaired, but something is left for the operator to do.
            report["failed"] += 1
            report["failures"][name] = problem
        elif changed:
            report["repaired"] += 1
            report["repaired_names"].append(name)
        else:
            report["unchanged"] += 1
    return report


def _storage_path_or_refuse():
    """The repair overwrites files on the local disk; any other storage would need another way."""
    try:
        default_storage.path(PHOTO_DIR)
    except NotImplementedError as exc:
        raise PhotoRepairError(
            "The default storage is object storage (STORAGE_BUCKET), not a local file system; "
            "originals cannot be replaced in place there. --dry-run still lists what would change."
        ) from exc


def _photo_original_repair(pk: int, *, dry_run: bool) -> tuple[bool, str, str] | None:
    """(whether the original was (or would be) rewritten, its name, what is left to do by hand).

    None if the photo is gone. Everything that can fail and be undone (the database row, the kit
    builds queued) comes before the file is replaced, so a failure leaves the photo as it was.
    """
    with transaction.atomic():
        photos = Photo.objects.filter(pk=pk)
        # Locked while the file is replaced, so a staff edit of the same photo waits for it.
        photo = (photos if dry_run else photos.select_for_update()).first()
        if photo is None:
            return None
        name = photo.image.name
        if not name:
            raise _Refused(f"photo #{pk}", "no file")
        try:
            with default_storage.open(name, "rb") as stored:
                data = stored.read()
        except OSError as exc:
            raise _Refused(name, f"cannot read the file ({exc.__class__.__name__})") from exc
        cleaned, info = _cleaned_original(name, data)
        if cleaned == data:
            return False, name, ""
        if dry_run:
            return True, name, ""
        old_sha256 = photo.sha256 or hashlib.sha256(data).hexdigest()
        # Not a staff edit: no new version, author or revision. New web copies, under new names
        # and addresses, are queued (the task exists once this transaction commits).
        photo.width, photo.height = info.width, info.height
        photo.sha256, photo.renditions_ready = hashlib.sha256(cleaned).hexdigest(), False
        photos.update(
            width=info.width, height=info.height, sha256=photo.sha256, renditions_ready=False
        )
        photo_renditions_request(photo)
        # Kits that show the photo carry a copy of the old file: build them again (the tasks exist
        # once this transaction commits, after the file below is replaced).
        content_changed.send(sender=Photo, instance=photo)
        try:
            _replace_in_place(name, cleaned)
        except OSError as exc:
            logger.exception("Could not write the repaired original %s", name)
            raise _Refused(name, f"cannot write the file ({exc})") from exc
        try:
            _renditions_delete_unused(old_sha256, legacy_of=name)
        except OSError as exc:
            logger.exception("Could not delete the web copies of %s", name)
            folder = renditions.folder(old_sha256) if old_sha256 else _legacy_folder(name)
            return True, name, f"repaired, but delete {folder}/ by hand ({exc})"
        return True, name, ""


def _cleaned_original(name: str, data: bytes) -> tuple[bytes, ImageInfo]:
    """`data` cleaned as an upload is today, and what it is; `_Refused` when any check fails."""
    try:
        info = inspect_image(data)
        cleaned = strip_private_metadata(data, info.format)
        if cleaned == data:
            return data, info
        cleaned_info = inspect_image(cleaned)
        check_density(len(cleaned), cleaned_info.width, cleaned_info.height)
    except ValidationError as exc:
        raise _Refused(name, " ".join(exc.messages)) from exc
    if cleaned_info.format != info.format:
        raise _Refused(name, f"cleaning turned {info.format} into {cleaned_info.format}")
    if found := find_private_metadata(cleaned, cleaned_info.format):
        raise _Refused(name, f"still carries {', '.join(found)}")
    # Only metadata may change: the picture's own bytes (JPEG scans, PNG IDAT, WebP VP8) are
    # compared with every metadata block taken out of both.
    rebuild = CONTAINERS[info.format]
    if rebuild(data, keep_metadata=False) != rebuild(cleaned, keep_metadata=False):
        raise _Refused(name, "cleaning would change the picture itself")
    return cleaned, cleaned_info


def _replace_in_place(name: str, data: bytes) -> None:
    """Write `data` over the stored file `name` atomically: readers see the old file or the new one.

    The storage never overwrites (a failed write would remove the old file), so the bytes go to a
    temporary file beside it, reach the disk, take the old file's permissions and are renamed over it.
    """
    path = default_storage.path(name)
    directory = os.path.dirname(path)
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".repair-", suffix=PurePath(path).suffix)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    try:  # the rename itself reaches the disk with the folder
        folder = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(folder)
    finally:
        os.close(folder)


def _renditions_delete_unused(sha256: str, *, legacy_of: str = "") -> None:
    """Delete the web and kit-sized copies of the file with `sha256`, unless a photo still has it.

    `legacy_of`: also the copies older code kept for the photo stored under that name.
    """
    folders = [_legacy_folder(legacy_of)] if legacy_of else []
    if sha256 and not Photo.objects.filter(sha256=sha256).exists():
        folders.append(renditions.folder(sha256))
    for folder in folders:
        _folder_delete(folder)


def _folder_delete(folder: str) -> None:
    try:
        _, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for file in files:
        default_storage.delete(f"{folder}/{file}")


def _legacy_folder(name: str) -> str:
    """Where older code kept the copies of the photo stored as `name` (keyed by its stem)."""
    return f"{renditions.RENDITION_DIR}/{PurePath(name).stem}"


# Copies younger than this are kept by the prune: a task may be making them for a new upload.
RENDITIONS_PRUNE_GRACE = timedelta(hours=1)


def photo_renditions_prune() -> int:
    """Delete stored web copies no photo's current file uses (and older code's); returns how many."""
    used = set(Photo.objects.exclude(sha256="").values_list("sha256", flat=True))
    cutoff = timezone.now() - RENDITIONS_PRUNE_GRACE
    removed = 0
    for folder, files in walk(default_storage, renditions.RENDITION_DIR):
        # renditions/<ab>/<sha256>/<file>; anything else was written by older code.
        parts = folder.split("/")
        owner = parts[2] if len(parts) == 3 and len(parts[2]) == 64 else None
        if owner in used:
            continue
        for file in files:
            name = f"{folder}/{file}"
            if default_storage.get_modified_time(name) > cutoff:
                continue
            default_storage.delete(name)
            removed += 1
    return removed


def photo_renditions_backfill() -> int:
    """Queue the web copies of every photo that lacks them (older photos); returns how many."""
    missing = Photo.objects.filter(renditions_ready=False).exclude(image="")
    count = 0
    for photo in missing.only("pk", "renditions_ready").iterator():
        photo_renditions_request(photo)
        count += 1
    return count
