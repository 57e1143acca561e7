"""Backup and restore of the whole newsroom: the database and the media files in one tar archive.

An archive holds, in this order:

    db/<app_label>.<model>.jsonl   one member per model: Django's JSON Lines serialisation, with natural
                                   keys for users, groups, permissions and content types
    media/<name>                   every file of the default storage under its storage name (photos,
                                   renditions, attachments, exports)
    manifest.json                  format, schema (applied migrations), rows per model, what was left
                                   out and why, and every member's size and SHA-256

The manifest comes last because the media checksums are known only once the files have streamed
through; restore therefore reads the archive twice: a first pass checks everything and writes nothing,
the second writes and checks again. Peak memory is one block of one member, whatever the archive size:
database rows go through a temporary file model by model, files are copied in blocks.

JSON Lines and natural keys make the database part portable between PostgreSQL and SQLite: content types
and permissions, whose ids differ between two migrated databases, are matched by name; every other row
keeps its id, because revisions, share links and audit lines refer to items by id.
"""

import datetime
import hashlib
import io
import json
import os
import posixpath
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from audit.models import Action
from audit.services import audit_record
from core.cache import page_cache_bump

FORMAT = "gbtp-newsroom-backup"
FORMAT_VERSION = 1
DB_PREFIX = "db/"
MEDIA_PREFIX = "media/"
MANIFEST = "manifest.json"
BLOCK = 1024 * 1024

# Left out of the archive, with the reason the manifest gives.
NOT_INCLUDED = {
    "sessions.session": "sign-ins only: everyone signs in again after a restore",
    "django_tasks_database.dbtaskresult": (
        "background task queue: in-flight work only (a share e-mail waiting to go out holds its "
        "link's address); run `manage.py build_kits` after a restore to queue the kits again"
    ),
}
# In the archive although it could be rebuilt: restoring it is exact and needs no re-analysis.
DERIVED = {
    "search.searchentry": "search index: `manage.py rebuild_search_index` rebuilds it from the content",
    "media/renditions/": "photo renditions: `manage.py make_renditions` queues any missing from the originals",
}
# Their ids differ between two migrated databases; rows are matched by natural key instead.
BY_NATURAL_KEY = {"contenttypes.contenttype", "auth.permission"}
# Rows `migrate` itself creates (post-migrate signals, the roles and synonyms migrations): a freshly
# migrated database has them, so they do not make it "not empty"; restore replaces them.
MADE_BY_MIGRATE = BY_NATURAL_KEY | {"auth.group", "search.synonymgroup"}


class BackupError(Exception):
    """Why a backup or restore was refused or failed; the message is meant for the operator."""


def archived_models():
    """Every stored model of every installed app except the ones left out, in an order that loads.

    `sort_dependencies` puts models with natural keys (users, groups, permissions, content types)
    before the models referring to them by those keys. An app added later is included by itself.
    """
    app_list = [(config, None) for config in apps.get_app_configs()]
    return [
        model
        for model in serializers.sort_dependencies(app_list, allow_cycles=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in NOT_INCLUDED
    ]


def media_names(storage=None):
    """Names of every file in the storage, depth first in sorted order (an absent root is empty)."""
    storage = storage or default_storage

    def walk(path):
        try:
            dirs, files = storage.listdir(path)
        except FileNotFoundError:
            return
        for name in sorted(files):
            yield posixpath.join(path, name) if path else name
        for name in sorted(dirs):
            yield from walk(posixpath.join(path, name) if path else name)

    yield from walk("")


def code_migrations() -> list[str]:
    """The migrations this code base defines, as `app.name`."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return sorted(f"{app}.{name}" for app, name in graph.nodes)


class _ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds (as JavaScript reads them); a backup keeps all six
    digits, so a restored 게시 time or audit line is the same instant, not one rounded down."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class _HashingReader(io.RawIOBase):
    """Reads through to `raw`, counting bytes and computing their SHA-256 on the way."""

    def __init__(self, raw):
        super().__init__()
        self._raw = raw
        self._sha256 = hashlib.sha256()
        self.size = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self._sha256.update(data)
        self.size += len(data)
        return len(data)

    def read(self, size=-1):
        # tarfile treats a short read as the end of the data, so fill the request unless at EOF.
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(BLOCK), b""))
        parts, wanted = [], size
        while wanted:
            data = self._raw.read(wanted)
            if not data:
                break
            parts.append(data)
            wanted -= len(data)
        data = b"".join(parts)
        self._sha256.update(data)
        self.size += len(data)
        return data

    def drain(self):
        while self.read(BLOCK):
            pass

    def entry(self, name):
        return {"name": name, "size": self.size, "sha256": self._sha256.hexdigest()}


class _StreamedFile(File):
    """A file a storage can save block by block from a stream that cannot seek (a tar member)."""

    def __init__(self, stream, name, size):
        super().__init__(stream, name)
        self.size = size

    def chunks(self, chunk_size=None):
        while block := self.file.read(chunk_size or BLOCK):
            yield block


def _add_member(tar, name, stream, mtime):
    """Add `stream` (seekable, at its start) as a regular file; return its manifest entry."""
    size = stream.seek(0, os.SEEK_END)
    stream.seek(0)
    reader = _HashingReader(stream)
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, mtime, 0o644
    tar.addfile(info, reader)
    return reader.entry(name)


def _dump_database(tar, members, using, mtime):
    """Write every archived model as one JSON Lines member, all read in one consistent snapshot."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    models = {}
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            # One snapshot for all tables, so a release saved during the backup is in it whole or not
            # at all. (SQLite holds its read lock for the whole transaction, which gives the same.)
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        loader = MigrationLoader(connection)
        applied = {key for key in loader.applied_migrations if key in loader.graph.nodes}
        schema = {
            "migrations": sorted(f"{app}.{name}" for app, name in applied),
            "unapplied": sorted(f"{a}.{n}" for a, n in loader.graph.nodes if (a, n) not in applied),
        }
        for model in archived_models():
            label = model._meta.label_lower
            # Rows referring to a user or content type write its natural key: fetch those with the
            # row rather than one query per row.
            by_key = [
                field.name
                for field in model._meta.concrete_fields
                if field.many_to_one and hasattr(field.related_model, "natural_key")
            ]
            queryset = model._base_manager.using(using).order_by("pk")
            if by_key:
                queryset = queryset.select_related(*by_key)
            rows = queryset.iterator(chunk_size=1000)
            counted = _Counter(rows)
            with tempfile.TemporaryFile() as spool:
                text = io.TextIOWrapper(spool, encoding="utf-8", newline="\n")
                serializers.serialize(
                    "jsonl",
                    counted,
                    stream=text,
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=label in BY_NATURAL_KEY,
                    cls=_ExactJSONEncoder,
                )
                text.flush()
                text.detach()  # keep the spool open for the tar
                name = f"{DB_PREFIX}{label}.jsonl"
                members.append(_add_member(tar, name, spool, mtime))
            models[label] = {"rows": counted.count, "member": name}
    return models, schema, connection.vendor


class _Counter:
    def __init__(self, iterable):
        self._iterable = iterable
        self.count = 0

    def __iter__(self):
        for item in self._iterable:
            self.count += 1
            yield item


def _dump_media(tar, members, mtime):
    files, total, vanished = 0, 0, []
    for name in media_names():
        try:
            size = default_storage.size(name)
            handle = default_storage.open(name, "rb")
        except FileNotFoundError:
            vanished.append(name)  # deleted between listing and reading: nothing to keep
            continue
        with handle:
            reader = _HashingReader(handle)
            info = tarfile.TarInfo(MEDIA_PREFIX + name)
            info.size, info.mtime, info.mode = size, mtime, 0o644
            try:
                tar.addfile(info, reader)
            except OSError as error:
                raise BackupError(
                    f"{name} changed size while it was being read ({error}); run the backup again."
                ) from error
        members.append(reader.entry(MEDIA_PREFIX + name))
        files, total = files + 1, total + size
    return {"files": files, "bytes": total, "vanished_during_backup": vanished}


def backup_write(*, output, using=DEFAULT_DB_ALIAS, compress=None) -> dict:
    """Write the newsroom to one tar archive at `output` (gzip unless the name ends in `.tar`).

    The archive is built beside `output` and renamed into place only when complete, so a failed or
    interrupted backup never leaves a file that looks like a good one. Returns the manifest.
    """
    output = Path(output)
    if compress is None:
        compress = not output.name.endswith(".tar")
    partial = output.with_name(output.name + ".partial")
    created = timezone.now()
    mtime = int(created.timestamp())
    members = []
    try:
        with open(partial, "wb") as raw:
            with tarfile.open(
                fileobj=raw,
                mode="w|gz" if compress else "w|",
                format=tarfile.PAX_FORMAT,
                encoding="utf-8",
                **({"compresslevel": 6} if compress else {}),
            ) as tar:
                models, schema, vendor = _dump_database(tar, members, using, mtime)
                media = _dump_media(tar, members, mtime)
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": created.isoformat(),
                    "site_url": settings.SITE_URL,
                    "django": django.get_version(),
                    "database": vendor,
                    "schema": schema,
                    "models": models,
                    "media": media,
                    "not_included": NOT_INCLUDED,
                    "derived": DERIVED,
                    "members": members,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                _add_member(tar, MANIFEST, io.BytesIO(data), mtime)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    audit_record(
        action=Action.BACKUP,
        actor_label="manage.py backup",
        file=str(output),
        rows=sum(entry["rows"] for entry in manifest["models"].values()),
        files=media["files"],
    )
    return manifest


def _open_archive(path):
    try:
        return tarfile.open(path, mode="r|*", encoding="utf-8")
    except FileNotFoundError as error:
        raise BackupError(f"No such file: {path}") from error
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupError(f"{path} is not a readable backup archive ({error}).") from error


def _media_name(member_name: str) -> str:
    """The storage name of a media member, or a refusal if it could leave the media directory."""
    name = member_name.removeprefix(MEDIA_PREFIX)
    parts = name.split("/")
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or PurePosixPath(name).is_absolute()
        or any(part in ("", ".", "..") for part in parts)
    ):
        raise BackupError(f"Refused: unsafe file path in the archive: {member_name!r}")
    return name


def _check_member_shape(member):
    if not member.isreg():
        raise BackupError(
            f"Refused: {member.name!r} is not a regular file (links and devices are never restored)."
        )
    name = member.name
    if name == MANIFEST:
        return
    if name.startswith(MEDIA_PREFIX):
        _media_name(name)
        return
    label = name.removeprefix(DB_PREFIX).removesuffix(".jsonl")
    if not (name.startswith(DB_PREFIX) and name.endswith(".jsonl") and "/" not in label):
        raise BackupError(f"Refused: unexpected member {name!r} in the archive.")


def backup_check(*, archive) -> dict:
    """First pass: read the whole archive and check it, writing nothing. Returns the manifest.

    Refuses links, unsafe paths, unknown members, a missing or misplaced manifest, and any member
    whose size or SHA-256 differs from the manifest, or which the manifest does not list.
    """
    seen, manifest = {}, None
    tar = _open_archive(archive)
    try:
        with tar:
            for member in tar:
                if manifest is not None:
                    raise BackupError(
                        "Refused: manifest.json is not the last member of the archive."
                    )
                _check_member_shape(member)
                if member.name in seen:
                    raise BackupError(f"Refused: {member.name!r} appears twice in the archive.")
                handle = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest = _parse_manifest(handle.read())
                    continue
                reader = _HashingReader(handle)
                reader.drain()
                seen[member.name] = reader.entry(member.name)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupError(f"{archive} is damaged or truncated ({error}).") from error
    if manifest is None:
        raise BackupError(f"Refused: {archive} has no manifest.json; it is not a complete backup.")
    listed = {entry["name"]: entry for entry in manifest["members"]}
    missing = sorted(set(listed) - set(seen))
    unlisted = sorted(set(seen) - set(listed))
    damaged = sorted(name for name in set(listed) & set(seen) if listed[name] != seen[name])
    if missing or unlisted or damaged:
        raise BackupError(
            "Refused: the archive does not match its manifest"
            + "".join(
                f"; {what}: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}"
                for what, names in (
                    ("checksum or size differs", damaged),
                    ("listed but missing", missing),
                    ("not listed", unlisted),
                )
                if names
            )
            + "."
        )
    for label, info in manifest["models"].items():
        if info["member"] != f"{DB_PREFIX}{label}.jsonl" or info["member"] not in seen:
            raise BackupError(f"Refused: the manifest's member for {label} is not in the archive.")
    # Restore empties exactly the tables the manifest names; rows for any other table would be added
    # to whatever is there.
    tables = {info["member"] for info in manifest["models"].values()}
    strays = sorted(name for name in seen if name.startswith(DB_PREFIX) and name not in tables)
    if strays:
        raise BackupError(f"Refused: database members the manifest does not name: {strays[:5]}.")
    return manifest


def _parse_manifest(data):
    try:
        manifest = json.loads(data)
    except ValueError as error:
        raise BackupError(f"Refused: manifest.json is not valid JSON ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("Refused: this is not a GBTP Newsroom backup.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"Refused: backup format version {manifest.get('format_version')!r}; "
            f"this code reads version {FORMAT_VERSION}."
        )
    return manifest


def _check_schema(manifest, connection):
    """The archive's applied migrations must be exactly this code's, and the target fully migrated."""
    archived, code = set(manifest["schema"]["migrations"]), set(code_migrations())
    if archived != code:
        only_archive, only_code = sorted(archived - code), sorted(code - archived)
        raise BackupError(
            "Refused: the archive's database schema does not match this code's migrations "
            f"(only in the archive: {', '.join(only_archive[:5]) or 'none'}; "
            f"only in the code: {', '.join(only_code[:5]) or 'none'}). "
            "Restore with the version of the code that made the backup, then upgrade and migrate."
        )
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError(
            "Refused: the target database is not fully migrated. Run `manage.py migrate` first."
        )
    unknown = sorted(label for label in manifest["models"] if not _model_or_none(label))
    if unknown:
        raise BackupError(f"Refused: the archive holds tables this code does not know: {unknown}.")


def _model_or_none(label):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _check_empty(models, using):
    occupied = []
    for model in models:
        label = model._meta.label_lower
        if label not in MADE_BY_MIGRATE and (rows := model._base_manager.using(using).count()):
            occupied.append(f"{label} ({rows})")
    if occupied:
        occupied.sort()
        raise BackupError(
            f"Refused: the database is not empty: {len(occupied)} tables hold rows ("
            + ", ".join(occupied[:8])
            + (", …" if len(occupied) > 8 else "")
            + "). Restore into a freshly migrated database, or pass --force to replace its contents."
        )
    present = sum(1 for _ in media_names())
    if present:
        raise BackupError(
            f"Refused: the media storage ({settings.MEDIA_ROOT}) already holds {present} files. "
            "Restore into an empty media directory, or pass --force to write over it."
        )


def _tables(models):
    """Each model's table and the tables of its plain many-to-many fields."""
    for model in models:
        yield model._meta.db_table
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                yield field.remote_field.through._meta.db_table


def _check_inside_media(name):
    """Where the file would land, symlinks resolved, must be inside the media directory."""
    location = getattr(default_storage, "location", None)
    try:
        target = default_storage.path(name) if location else None
    except SuspiciousFileOperation as error:
        raise BackupError(
            f"Refused: {name!r} would be written outside the media directory."
        ) from error
    except NotImplementedError:
        return  # a remote storage: names are keys, there is no directory to leave
    if target is None:
        return
    root = os.path.realpath(location)
    if os.path.commonpath([root, os.path.realpath(target)]) != root:
        raise BackupError(f"Refused: {name!r} would be written outside the media directory.")


def _restore_file(reader, member, force):
    name = _media_name(member.name)
    _check_inside_media(name)
    if default_storage.exists(name):
        if not force:
            raise BackupError(f"Refused: {name} already exists in the media storage.")
        default_storage.delete(name)
    stored = default_storage.save(name, _StreamedFile(reader, name, member.size))
    if stored != name:
        default_storage.delete(stored)
        raise BackupError(f"The storage renamed {name} to {stored}; nothing was restored.")
    return name


def _restore_rows(reader, label, using, deferred):
    text = io.TextIOWrapper(io.BufferedReader(reader, BLOCK), encoding="utf-8")
    rows = 0
    try:
        for obj in serializers.deserialize(
            "jsonl", text, using=using, handle_forward_references=True
        ):
            if obj.object._meta.label_lower != label:
                # Only the member's own table was emptied and is counted afterwards.
                raise BackupError(
                    f"Refused: a {obj.object._meta.label_lower} row in {label}'s member."
                )
            obj.save(using=using)
            if obj.deferred_fields:
                # It names a row further on by natural key; its reference is completed at the end.
                deferred.append(obj)
            rows += 1
    except DeserializationError as error:
        raise BackupError(f"Could not load the database rows: {error}") from error
    text.detach()
    return rows


def _sha256_of_stored(name):
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as handle:
        while block := handle.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def backup_restore(*, archive, force=False, using=DEFAULT_DB_ALIAS) -> dict:
    """Bring an archive back into a migrated, empty database and an empty media storage.

    Checks the whole archive first (checksums, paths, schema, emptiness) and writes nothing if any
    check fails. Then, in one database transaction, replaces the archived tables and writes the files,
    checking every member's SHA-256 again as it is read and every written file's after writing, and
    the rows per model. On any failure the transaction rolls back and the files written are removed.
    `force` replaces a non-empty database's contents and writes over existing files of the same name.
    Returns the manifest with the counts it restored.
    """
    manifest = backup_check(archive=archive)
    connection = connections[using]
    _check_schema(manifest, connection)
    models = [apps.get_model(label) for label in manifest["models"]]
    if not force:
        _check_empty(models, using)
    expected = {entry["name"]: entry for entry in manifest["members"]}
    written, deferred, rows = [], [], 0
    try:
        with transaction.atomic(using=using):
            with connection.constraint_checks_disabled():
                # The rows `migrate` made (roles, synonyms) and, with --force, everything else give
                # way to the archive's; content types and permissions are matched by name instead.
                replaced = [m for m in models if m._meta.label_lower not in BY_NATURAL_KEY]
                leftover = [
                    apps.get_model(label) for label in NOT_INCLUDED if _model_or_none(label)
                ]
                connection.ops.execute_sql_flush(
                    connection.ops.sql_flush(no_style(), list(_tables(replaced + leftover)))
                )
                tar = _open_archive(archive)
                with tar:
                    for member in tar:
                        if member.name == MANIFEST:
                            continue
                        _check_member_shape(member)
                        reader = _HashingReader(tar.extractfile(member))
                        if member.name.startswith(DB_PREFIX):
                            label = member.name.removeprefix(DB_PREFIX).removesuffix(".jsonl")
                            rows += _restore_rows(reader, label, using, deferred)
                        else:
                            written.append(_restore_file(reader, member, force))
                        reader.drain()
                        if reader.entry(member.name) != expected.get(member.name):
                            raise BackupError(
                                f"{member.name} changed since the archive was checked; "
                                "nothing was restored."
                            )
                for obj in deferred:
                    obj.save_deferred_fields(using=using)
            connection.check_constraints(table_names=list(_tables(models)))
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
            _verify_restored(manifest, models, written, using)
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    # After the archive's own audit lines: the trail says when and from what the newsroom came back.
    audit_record(
        action=Action.BACKUP_RESTORE,
        actor_label="manage.py restore",
        archive=str(archive),
        created_at=manifest["created_at"],
        rows=rows,
        files=len(written),
        forced=force or None,
    )
    page_cache_bump()  # every cached page showed the newsroom as it was before
    return {**manifest, "restored": {"rows": rows, "files": len(written)}}


def _verify_restored(manifest, models, written, using):
    wrong = []
    for model in models:
        label = model._meta.label_lower
        want, have = manifest["models"][label]["rows"], model._base_manager.using(using).count()
        # Content types and permissions of this code exist already; the archive's are matched to them.
        if have != want and not (label in BY_NATURAL_KEY and have >= want):
            wrong.append(f"{label}: {have} rows, archive has {want}")
    listed = {entry["name"]: entry["sha256"] for entry in manifest["members"]}
    wrong += [
        f"{name}: SHA-256 differs after writing"
        for name in written
        if _sha256_of_stored(name) != listed[MEDIA_PREFIX + name]
    ]
    if wrong:
        raise BackupError("The restore did not match the archive: " + "; ".join(wrong[:8]))
