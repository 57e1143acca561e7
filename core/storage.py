"""Writing uploads to storage without leaving debris, and with names every file system accepts.

`SafeFileSystemStorage` (the default storage, see STORAGES in settings) removes a half-written file
when the disk fills or the folder turns read-only mid-write; Django's own FileSystemStorage leaves it
behind. `store_upload()` writes a form's file while the form validates, so such a failure comes back
as a Korean error on the field with everything else the user typed, instead of a 500 after the save.
`store_once()` writes a file under a content-addressed name (photo renditions): exactly that name,
never a suffixed one, whichever storage is configured (local files or S3-compatible object storage).
"""

import contextlib
import logging
import os
import unicodedata
import uuid
from pathlib import PurePath

from django.core.exceptions import (
    ImproperlyConfigured,
    SuspiciousFileOperation,
    ValidationError,
)
from django.core.files import locks
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# Most file systems allow 255 bytes per name; Korean takes three bytes a character in UTF-8, and the
# storage may add a 7-character suffix to make a name unique. Shorter still keeps paths readable.
MAX_NAME_BYTES = 120

STORAGE_FAILED = _(
    "파일을 저장하지 못했습니다. 서버의 저장 공간에 문제가 있습니다. "
    "잠시 후 다시 시도하고, 계속되면 관리자에게 알려 주세요."
)


def short_filename(name: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """`name` cut to `max_bytes` of UTF-8 at a character boundary, its extension kept."""
    path = PurePath(name)
    suffix = path.suffix if len(path.suffix.encode()) <= 16 else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    budget = max(max_bytes - len(suffix.encode()), 1)
    cut = stem.encode()[:budget].decode("utf-8", "ignore")  # drops a half character at the end
    return cut + suffix


def display_filename(name: str, max_chars: int = 255) -> str:
    """An uploaded file's name as a person may see it: no folders, controls or direction overrides.

    Browsers send whatever the user's system allows; NUL, CR/LF and the right-to-left override
    (which makes 'gpj.exe' read as 'exe.jpg') must not reach the database, logs or pages.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    name = " ".join(name.split()).strip(". ")
    if len(name) > max_chars:
        suffix = PurePath(name).suffix[:16]
        name = name[: max_chars - len(suffix)] + suffix
    return name


def storage_filename(name: str, default: str = "file") -> str:
    """A name safe to hand to storage: displayable, short in bytes, and valid for Django's storage."""
    try:
        valid = get_valid_filename(display_filename(name))
    except SuspiciousFileOperation:  # '..' or nothing left
        valid = ""
    if not PurePath(valid).stem:
        valid = default + PurePath(valid).suffix
    return short_filename(valid)


class SafeFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that never leaves a partial file, and keeps every name short in bytes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self._allow_overwrite:
            # A failed write removes the file it was writing: with overwriting, that is the old one.
            raise ImproperlyConfigured("SafeFileSystemStorage does not overwrite files.")

    def get_valid_name(self, name):
        return short_filename(super().get_valid_name(name))

    def _create(self, full_path: str) -> int:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        return os.open(full_path, flags, 0o666)

    def _write_chunk(self, file, chunk):
        file.write(chunk)

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            old_umask = os.umask(0o777 & ~self.directory_permissions_mode)
            try:
                os.makedirs(directory, self.directory_permissions_mode, exist_ok=True)
            finally:
                os.umask(old_umask)
        else:
            os.makedirs(directory, exist_ok=True)
        while True:
            try:
                fd = self._create(full_path)
            except FileExistsError:
                name = self.get_available_name(name)
                full_path = self.path(name)
                continue
            break
        # From here on the file is ours: whatever goes wrong, it must not stay half-written.
        try:
            locks.lock(fd, locks.LOCK_EX)
            with os.fdopen(fd, "wb", closefd=False) as file:
                for chunk in content.chunks():
                    self._write_chunk(file, chunk if isinstance(chunk, bytes) else chunk.encode())
            locks.unlock(fd)
            os.close(fd)
            fd = None
            if self.file_permissions_mode is not None:
                os.chmod(full_path, self.file_permissions_mode)
        except BaseException:
            if fd is not None:
                os.close(fd)
            try:
                os.unlink(full_path)
            except OSError:
                logger.exception("Could not remove the partial file %s", full_path)
            raise
        self._ensure_location_group_id(full_path)
        return os.path.relpath(full_path, self.location).replace("\\", "/")

    def save_once(self, name, content) -> str:
        """Store `content` under exactly `name` unless a file is there already; see `store_once`.

        The bytes go to a temporary file beside the target and are renamed onto it, so a reader
        never sees half a file; two processes writing the same name both succeed, one file stays.
        """
        full_path = self.path(name)
        if os.path.exists(full_path):
            return name
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        temporary = os.path.join(directory, f".partial-{uuid.uuid4().hex}")
        fd = self._create(temporary)
        try:
            with os.fdopen(fd, "wb") as file:
                for chunk in content.chunks():
                    self._write_chunk(file, chunk if isinstance(chunk, bytes) else chunk.encode())
            os.chmod(temporary, self.file_permissions_mode or 0o644)
            os.replace(temporary, full_path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        self._ensure_location_group_id(full_path)
        return name


def local_path(storage, name: str) -> str | None:
    """The file's path on this machine's disk, or None for a storage without one (object storage)."""
    try:
        return storage.path(name)
    except NotImplementedError:
        return None


def walk(storage, top: str):
    """Every folder under `top` (itself included) as (folder, file names); storage-independent.

    Folders removed meanwhile, or a `top` that does not exist yet, are skipped.
    """
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = storage.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        folders += [f"{folder}/{sub}" for sub in subfolders]
        yield folder, files


def store_once(storage, name: str, content) -> str:
    """Store `content` under exactly `name`, unless something is stored there already; returns `name`.

    For content-addressed names only (the name is derived from the bytes, so whatever is stored
    under it is what would be written): a second writer, on this machine or another, finds the file
    and writes nothing, or writes the same bytes over it. The storage never picks another name.
    """
    save_once = getattr(storage, "save_once", None)
    if save_once is not None:
        return save_once(name, content)
    if storage.exists(name):
        return name
    stored = storage.save(name, content)
    if stored != name:
        # Another writer stored the same name between the check and the save: the same bytes.
        storage.delete(stored)
    return name


def store_upload(field_file, name, content, *, message=STORAGE_FAILED):
    """Write `content` to `field_file`'s storage now; a storage failure becomes a ValidationError.

    Called while a form validates (or a service prepares a record), so a full or read-only disk is
    reported on the field and nothing is saved. Should the record not be saved after all (another
    field or inline was wrong, so the admin shows the form again), the file is removed when the
    surrounding transaction commits without a row that uses it.
    """
    try:
        field_file.save(name, content, save=False)
    except OSError as exc:
        logger.exception("Could not store an upload (%s)", name)
        raise ValidationError(message, code="storage_failed") from exc
    if transaction.get_connection().in_atomic_block:
        stored, storage = field_file.name, field_file.storage
        model, field = type(field_file.instance), field_file.field.name
        transaction.on_commit(lambda: _remove_if_unused(storage, stored, model, field))
    return field_file.name


def _remove_if_unused(storage, name, model, field):
    if not model._default_manager.filter(**{field: name}).exists():
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not remove the unused upload %s", name)
