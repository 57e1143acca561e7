"""Stored press kits: which kits a change makes stale, and the build that a task worker runs.

A kit is built once per change, off the request path, and stored: the ZIP under a name of its own
and each file in it under its SHA-256 (kits sharing a photo store it once). Downloads read what is
stored. `kit_builds_request()` is called inside the transaction of the change (through
`core.signals.content_changed`), so the queued task exists exactly when the change commits.
"""

import hashlib
import logging
import mimetypes
import tempfile
import zipfile
from datetime import datetime, timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from articles.models import Article, Kind
from core.cache import page_cache_bump
from core.filenames import ascii_name, download_name
from core.models import Status
from core.storage import walk
from events.models import Event
from organisations.models import Organisation, PressContact
from photos.models import Photo
from presskits.archive import photo_paths, presskit_stream
from presskits.contents import KitContents, contents_for_items, contents_of_kit
from presskits.models import KitBuild, KitFile, Letterhead, PressKit
from sharing.models import ShareLink
from spokespeople.models import Person, Quote

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=15)  # a worker that died mid-build gives the kit up after this
RETRY_DELAYS = (10, 60, 300, 1800)  # seconds before each new attempt after a failure
OWNER_FIELDS = {Article: "article", Event: "event", PressKit: "presskit"}


# Which kits a change touches.


def _published(queryset):
    return queryset.filter(status=Status.PUBLISHED)


def kit_owners_touched_by(instance) -> dict[str, set[int]]:
    """Releases, events and curated kits whose stored kit shows `instance`, by owner field.

    Only published owners are built automatically (a draft's kit is made when staff ask for it);
    언론보도 never gets a kit.
    """
    if isinstance(instance, ShareLink):
        # A link sent before 보도시점 (or for a draft) gives its holder the kit early.
        target = instance.target
        if type(target) not in OWNER_FIELDS or getattr(target, "kind", "") == Kind.COVERAGE:
            return {}
        return {OWNER_FIELDS[type(target)]: {target.pk}}
    articles, events, kits = Article.objects.none(), Event.objects.none(), PressKit.objects.none()
    if isinstance(instance, Letterhead):
        return every_kit_owner()
    if isinstance(instance, Article):
        articles = Article.objects.filter(pk=instance.pk)
    elif isinstance(instance, Event):
        events = Event.objects.filter(pk=instance.pk)
        # A release's kit carries the public events it points at.
        articles = Article.objects.filter(related_events=instance)
    elif isinstance(instance, PressKit):
        kits = PressKit.objects.filter(pk=instance.pk)
    elif isinstance(instance, Quote):
        articles = Article.objects.filter(quotes=instance)
        events = Event.objects.filter(quotes=instance)
    elif isinstance(instance, Photo):
        articles = Article.objects.filter(
            Q(photo_links__photo=instance) | Q(embedded_photos=instance)
        )
        events = Event.objects.filter(Q(photo_links__photo=instance) | Q(embedded_photos=instance))
        kits = PressKit.objects.filter(photos=instance)
    elif isinstance(instance, Person):
        articles = Article.objects.filter(quotes__speaker=instance)
        events = Event.objects.filter(quotes__speaker=instance)
        kits = PressKit.objects.filter(people=instance)
    elif isinstance(instance, PressContact):
        articles = Article.objects.filter(contact_links__contact=instance)
    elif isinstance(instance, Organisation):
        events = Event.objects.filter(organisation_roles__organisation=instance)
        articles = Article.objects.filter(quotes__organisation=instance)
    # A curated kit carries its releases and events: it changes with them.
    kits = kits | PressKit.objects.filter(Q(articles__in=articles) | Q(events__in=events))
    return {
        "article": set(
            _published(articles).exclude(kind=Kind.COVERAGE).values_list("pk", flat=True)
        ),
        "event": set(_published(events).values_list("pk", flat=True)),
        "presskit": set(_published(kits).values_list("pk", flat=True)),
    }


def every_kit_owner() -> dict[str, set[int]]:
    """Every published release (except 언론보도), event and curated kit."""
    return {
        "article": set(
            _published(Article.objects.exclude(kind=Kind.COVERAGE)).values_list("pk", flat=True)
        ),
        "event": set(_published(Event.objects.all()).values_list("pk", flat=True)),
        "presskit": set(_published(PressKit.objects.all()).values_list("pk", flat=True)),
    }


def kit_builds_request(owners: dict[str, set[int]], *, missing_only=False) -> list[int]:
    """Mark these owners' kits stale and queue one build task for each; returns the build ids.

    With `missing_only`, kits that exist already are left as they are. A task queued twice for
    the same kit is harmless: the second finds nothing left to build.
    """
    from presskits.tasks import build_kit

    build_ids = []
    if owners.get("article"):  # 언론보도 never gets a kit, whoever asks
        owners = {
            **owners,
            "article": set(
                Article.objects.filter(pk__in=owners["article"])
                .exclude(kind=Kind.COVERAGE)
                .values_list("pk", flat=True)
            ),
        }
    for field, ids in owners.items():
        for owner_id in sorted(ids):
            build, created = KitBuild.objects.get_or_create(**{f"{field}_id": owner_id})
            if not created and missing_only:
                continue
            if not created:
                KitBuild.objects.filter(pk=build.pk).update(wanted=F("wanted") + 1)
            build_ids.append(build.pk)
            build_kit.enqueue(build.pk)
    return build_ids


def kit_build_for(obj, *, create=False) -> KitBuild | None:
    field = OWNER_FIELDS[type(obj)]
    build = KitBuild.objects.filter(**{field: obj}).first()
    if build is None and create:
        kit_builds_request({field: {obj.pk}})
        build = KitBuild.objects.get(**{field: obj})
    return build


# The build itself, run by the task worker.


def contents_for_build(build: KitBuild) -> KitContents:
    url = settings.SITE_URL + kit_page_path(build)
    if build.presskit_id:
        return contents_of_kit(build.presskit, url=url)
    if build.article_id:
        return contents_for_items(articles=[build.article], url=url)
    return contents_for_items(events=[build.event], url=url)


def kit_page_path(build: KitBuild) -> str:
    from django.urls import reverse

    if build.presskit_id:
        return build.presskit.get_absolute_url()
    if build.article_id:
        return reverse("presskits:release", args=[build.article_id])
    return reverse("presskits:event", args=[build.event_id])


def kit_date(build: KitBuild):
    owner = build.owner
    if build.event_id:
        first = owner.sessions.order_by("starts_at").first()
        return first.starts_at if first else owner.created_at
    return owner.release_at or getattr(owner, "distributed_at", None) or owner.created_at


def _claim(build_id) -> bool:
    now = timezone.now()
    return bool(
        KitBuild.objects.filter(pk=build_id, built__lt=F("wanted"))
        .filter(Q(building_until__isnull=True) | Q(building_until__lt=now))
        .update(building_until=now + LEASE)
    )


def _sha256_of(source) -> str:
    digest = hashlib.sha256()
    while block := source.read(1024 * 1024):
        digest.update(block)
    return digest.hexdigest()


def _store_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, saved: list[str]) -> tuple:
    """Store one file of the ZIP under its SHA-256 (once for all kits); returns (name, sha256)."""
    with archive.open(info) as source:
        sha256 = _sha256_of(source)
    suffix = PurePath(info.filename).suffix.lower()[:10]
    name = f"kits/files/{sha256[:2]}/{sha256}{suffix}"
    if not default_storage.exists(name):
        with archive.open(info) as source:
            name = default_storage.save(name, File(source, name=name))
        saved.append(name)
    return name, sha256


def _next_lift(build: KitBuild, contents: KitContents):
    """The next 보도시점 that will add something to this kit, or None.

    A quote shared with a release or event outside the kit, and (for a release's kit) a related
    event, travel with the kit only once they are public; when one of them is scheduled, the kit
    is made again at its 보도시점.
    """
    now = timezone.now()
    article_ids = [a.pk for a in contents.articles]
    event_ids = [e.pk for e in contents.events]
    quotes = Quote.objects.filter(Q(article__in=article_ids) | Q(event__in=event_ids))
    scheduled = {"status": Status.PUBLISHED, "release_at__gt": now}
    moments = [
        quotes.exclude(event__in=event_ids)
        .filter(**{f"event__{k}": v for k, v in scheduled.items()})
        .aggregate(at=Min("event__release_at"))["at"],
        quotes.exclude(article__in=article_ids)
        .filter(**{f"article__{k}": v for k, v in scheduled.items()})
        .aggregate(at=Min("article__release_at"))["at"],
    ]
    if build.article_id:
        related = Event.objects.filter(articles__in=article_ids, **scheduled)
        moments.append(related.aggregate(at=Min("release_at"))["at"])
    moments = [m for m in moments if m is not None]
    return min(moments) if moments else None


def _content_type(path: str) -> str:
    guessed = mimetypes.guess_type(path)[0] or "application/octet-stream"
    textual = guessed.startswith("text/") or guessed in ("application/json", "text/calendar")
    return f"{guessed}; charset=utf-8" if textual else guessed


def _build_files(build: KitBuild, generation: int) -> dict:
    """Make the kit ZIP and store it with each of its files; nothing is recorded yet.

    If anything fails (a full or read-only disk, say), what this build had stored is removed again.
    """
    owner = build.owner
    contents = contents_for_build(build)
    problems: list[str] = []
    title = owner.title if build.presskit_id else contents.title
    on = kit_date(build)
    saved: list[str] = []
    try:
        with tempfile.TemporaryFile() as spool:
            digest = hashlib.sha256()
            for block in presskit_stream(contents, problems=problems):
                spool.write(block)
                digest.update(block)
            size = spool.tell()
            spool.seek(0)
            zip_name = default_storage.save(
                f"kits/{build.target}-{build.owner_id}-{generation}.zip",
                File(spool, name="kit.zip"),
            )
            saved.append(zip_name)
            photos = photo_paths(contents)
            files = []
            with zipfile.ZipFile(spool) as archive:
                for order, info in enumerate(archive.infolist()):
                    if info.is_dir():
                        continue
                    name, sha256 = _store_member(archive, info, saved)
                    files.append(
                        KitFile(
                            order=order,
                            path=info.filename,
                            storage_name=name,
                            size=info.file_size,
                            sha256=sha256,
                            content_type=_content_type(info.filename),
                            photo_id=photos.get(info.filename),
                        )
                    )
    except BaseException:
        _prune(set(saved))
        raise
    return {
        "next_lift": _next_lift(build, contents),
        "zip_name": zip_name,
        "zip_size": size,
        "zip_sha256": digest.hexdigest(),
        "download_name": download_name(title, "zip", on=on, limit=60),
        "problems": problems,
        "files": files,
    }


def _prune(names: set[str]) -> None:
    """Remove stored kit files no build refers to any more."""
    still_used = set(
        KitFile.objects.filter(storage_name__in=names).values_list("storage_name", flat=True)
    )
    still_used |= set(
        KitBuild.objects.filter(zip_name__in=names).values_list("zip_name", flat=True)
    )
    for name in names - still_used:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Could not remove the old kit file %s", name)


def kit_files_prune() -> int:
    """Remove stored kit files that no kit refers to (left by deleted items); returns how many.

    Files younger than the build lease are kept: a build in progress may have stored them already
    without having recorded them yet.
    """
    used = set(KitFile.objects.values_list("storage_name", flat=True))
    used |= set(KitBuild.objects.exclude(zip_name="").values_list("zip_name", flat=True))
    cutoff = timezone.now() - LEASE
    removed = 0
    names = [
        f"{folder}/{name}" for folder, files in walk(default_storage, "kits") for name in files
    ]
    for name in names:
        if name in used or default_storage.get_modified_time(name) > cutoff:
            continue
        default_storage.delete(name)
        removed += 1
    return removed


def kit_build_run(build_id: int) -> bool:
    """Build and store the kit until it shows the latest change; False if there was nothing to do.

    Two workers never build the same kit at once: the first claims it for LEASE. Changes made while
    a build runs raise `wanted` again, and the loop builds once more. A change that arrives after the
    last look but before the lease is let go finds the kit claimed; its task gives up, so the holder
    looks again once it has let go, and builds again if needed.
    """
    if not _claim(build_id):
        return False
    while True:
        try:
            _build_until_current(build_id)
        finally:
            KitBuild.objects.filter(pk=build_id).update(building_until=None)
        pending = KitBuild.objects.filter(pk=build_id, built__lt=F("wanted")).exists()
        if not pending or not _claim(build_id):
            return True


def _build_until_current(build_id: int) -> None:
    """The body of `kit_build_run`, run while the kit is claimed."""
    while True:
        build = (
            KitBuild.objects.select_related("article", "event", "presskit")
            .filter(pk=build_id)
            .first()
        )
        if build is None or build.built >= build.wanted:
            return
        generation = build.wanted
        made = _build_files(build, generation)
        with transaction.atomic():
            current = KitBuild.objects.select_for_update().filter(pk=build_id).first()
            if current is None:  # the owner was deleted meanwhile
                _prune({made["zip_name"], *(f.storage_name for f in made["files"])})
                return
            old = {current.zip_name, *current.files.values_list("storage_name", flat=True)}
            current.files.all().delete()
            for file in made["files"]:
                file.build = current
            KitFile.objects.bulk_create(made["files"])
            KitBuild.objects.filter(pk=build_id).update(
                built=generation,
                built_at=timezone.now(),
                zip_name=made["zip_name"],
                zip_size=made["zip_size"],
                zip_sha256=made["zip_sha256"],
                download_name=made["download_name"],
                problems=made["problems"],
                failures=0,
                last_error="",
            )
        _prune(old - {""})
        page_cache_bump()  # kit pages in the page cache said "만드는 중" or showed the old files
        if made["next_lift"] is not None:
            from presskits.tasks import build_kit

            build_kit.using(run_after=made["next_lift"]).enqueue(
                build_id, refresh_after=made["next_lift"].isoformat()
            )


def kit_refresh_due(build_id: int, refresh_after: str) -> None:
    """At a 보도시점 that adds to the kit: ask for a new build unless one was made since."""
    moment = datetime.fromisoformat(refresh_after)
    KitBuild.objects.filter(pk=build_id).filter(
        Q(built_at__isnull=True) | Q(built_at__lt=moment)
    ).update(wanted=F("wanted") + 1)


def kit_build_failed(build_id: int, error: BaseException) -> timedelta | None:
    """Record a failed build; returns how long to wait before the next attempt, or None to stop."""
    KitBuild.objects.filter(pk=build_id).update(
        failures=F("failures") + 1, last_error=f"{type(error).__name__}: {error}"[:2000]
    )
    failures = KitBuild.objects.filter(pk=build_id).values_list("failures", flat=True).first()
    if failures is None or failures > len(RETRY_DELAYS):
        return None
    return timedelta(seconds=RETRY_DELAYS[failures - 1])


def kit_file_name(build: KitBuild, file: KitFile) -> tuple[str, str]:
    """The name a journalist's browser saves one file of the kit under, and its ASCII fallback."""
    return file.name, ascii_name(file.name.rsplit(".", 1)[0], file.format.lower(), on=None)
