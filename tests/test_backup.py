"""Backup and restore: a whole newsroom goes into one archive and comes back with nothing lost.

The round trip builds a newsroom with the factories, backs it up, empties the database (as a fresh
`migrate` leaves it: roles and seed synonyms present) and points the media storage at a new, empty
directory, restores, and compares what staff and readers would see. The other tests feed restore
archives that were altered, that try to write outside the media directory, or that come from another
schema, and check that nothing is written.
"""

import hashlib
import io
import json
import os
import tarfile
import tracemalloc
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, ArticlePhoto, Attachment, Category, Tag
from audit.models import Action, AuditEvent
from backup.services import archived_models, backup_check, media_names
from core.models import Status, Transition
from core.services import publishable_transition
from events.models import Event, EventPhoto
from photos import renditions
from presskits.models import PressKit
from roles.definitions import sync_roles
from search.models import SearchEntry, SynonymGroup
from search.services import search_rebuild
from sharing.models import ShareLink
from sharing.services import sharelink_create
from tests.conftest import PASSWORD
from tests.factories import (
    make_article,
    make_contact,
    make_event,
    make_person,
    make_photo,
    make_quote,
)

KST = ZoneInfo("Asia/Seoul")
EMBARGO_DAY = date(2030, 3, 2)  # 조간: 06:00 KST that day
BEFORE_EMBARGO = datetime(2030, 3, 2, 5, 59, tzinfo=KST)
AFTER_EMBARGO = datetime(2030, 3, 2, 6, 0, 1, tzinfo=KST)


def _publish(article, editor):
    return publishable_transition(obj=article, move=Transition.PUBLISH, by=editor)


def _newsroom(editor, writer):
    """Releases in every state, an embargoed 조간 release, events, quotes, photos, a kit, links."""
    category = Category.objects.create(name="산업 지원", slug="industry")
    tag = Tag.objects.create(name="이차전지", slug="battery")
    public = _publish(
        make_article(
            status=Status.APPROVED,
            headline="이차전지 기업 수출 상담회 개최",
            category=category,
            photos=1,
            contacts=[make_contact(name="김담당")],
        ),
        editor,
    )
    public.tags.add(tag)
    embargoed = make_article(
        status=Status.APPROVED,
        headline="엠바고 걸린 투자 유치 발표",
        embargo_kind="morning",
        embargo_date=EMBARGO_DAY,
        contacts=1,
    )
    ArticlePhoto.objects.create(article=embargoed, photo=make_photo(caption="엠바고 사진"))
    attachment = Attachment.objects.create(
        article=embargoed, title="붙임 1. 투자 현황", file=ContentFile(b"%PDF-1.4 ...", "붙임.pdf")
    )
    embargoed = _publish(embargoed, editor)
    withdrawn = make_article(headline="게시 중단된 보도자료")
    publishable_transition(obj=withdrawn, move=Transition.UNPUBLISH, by=editor)
    make_article(status=Status.DRAFT, headline="작성 중인 보도자료", created_by=writer)
    make_article(status=Status.REVIEW, headline="검토 대기 보도자료")
    make_article(status=Status.APPROVED, headline="승인된 보도자료")

    event = make_event(title="경북 이차전지 산업전", sessions=2)
    EventPhoto.objects.create(event=event, photo=make_photo(caption="행사장 전경"))
    public.related_events.add(event)
    speaker = make_person(name="하인성")
    make_quote(speaker=speaker, article=public, event=event, text="지역 기업의 수출을 돕겠습니다")
    make_quote(speaker=speaker, article=embargoed, text="엠바고 전에는 새면 안 되는 발언")
    kit = PressKit.objects.create(
        title="투자 유치 키트", slug="invest-kit", status=Status.PUBLISHED
    )
    kit.articles.add(public, embargoed)
    kit.events.add(event)

    token = sharelink_create(
        link=ShareLink(target=embargoed, recipient_name="박기자", recipient_organisation="○○일보"),
        by=editor,
    )
    SynonymGroup.objects.create(terms="경북TP, 경북테크노파크", note="백업 시험")
    renditions.ensure(public.photo_links.get().photo, 480, "webp")
    default_storage.save("exports/20261130-invest-kit.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    search_rebuild()
    return {"public": public, "embargoed": embargoed, "event": event, "kit": kit, "token": token,
            "attachment": attachment}  # fmt: skip


def _sha256(name):
    with default_storage.open(name, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _state():
    """What must survive: rows per model, every file's hash, every item's dates and state."""
    return {
        "rows": {m._meta.label_lower: m._base_manager.count() for m in archived_models()},
        "files": {name: _sha256(name) for name in media_names()},
        "releases": {
            a.slug: (
                a.headline,
                a.status,
                a.release_at,
                a.embargo_kind,
                a.embargo_at,
                a.embargo_date,
                a.version,
                a.created_by_id,
            )
            for a in Article.objects.all()
        },
        "events": {
            e.slug: (e.status, e.release_at, [(s.starts_at, s.ends_at) for s in e.sessions.all()])
            for e in Event.objects.all()
        },
        "kits": {k.slug: (k.status, k.release_at) for k in PressKit.objects.all()},
        "users": {
            u.username: (u.password, sorted(u.groups.values_list("name", flat=True)))
            for u in get_user_model().objects.all()
        },
        "revisions": sorted(Version.objects.values_list("object_id", "content_type__model")),
        "audit": sorted(AuditEvent.objects.values_list("pk", "action", "at", "object_repr")),
        "links": list(ShareLink.objects.values_list("token_hash", "expires_at", "object_id")),
        "synonyms": sorted(SynonymGroup.objects.values_list("terms", flat=True)),
        "search": sorted(SearchEntry.objects.values_list("kind", "title", "terms_all")),
    }


def _public_site(items):
    """What an anonymous reader gets, before and after the 보도시점."""
    public, embargoed, event, kit = (
        items["public"],
        items["embargoed"],
        items["event"],
        items["kit"],
    )
    embargoed_photo = embargoed.photo_links.get().photo
    pages = {
        "public release": public.get_absolute_url(),
        "embargoed release": embargoed.get_absolute_url(),
        "release list": reverse("articles:list"),
        "event": event.get_absolute_url(),
        "public photo": public.photo_links.get().photo.get_absolute_url(),
        "embargoed photo": embargoed_photo.get_absolute_url(),
        "attachment": reverse("articles:attachment", args=[embargoed.slug, items["attachment"].pk]),
        "press kit": kit.get_absolute_url(),
        "search": reverse("search") + "?q=이차전지",
    }
    seen = {}
    for moment in (BEFORE_EMBARGO, AFTER_EMBARGO):
        with time_machine.travel(moment):
            client = Client()
            for name, url in pages.items():
                response = client.get(url)
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                seen[moment, name] = (
                    response.status_code,
                    public.headline in body.decode(errors="replace"),
                    embargoed.headline in body.decode(errors="replace"),
                )
    return seen


@pytest.mark.django_db(transaction=True)
def test_round_trip_into_an_empty_database_and_media_loses_nothing(
    editor, writer, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    items = _newsroom(editor, writer)
    before, site_before = _state(), _public_site(items)
    folders = {name.split("/")[0] for name in before["files"]}
    assert folders == {"photos", "renditions", "attachments", "exports"}
    assert len(before["files"]) == 6
    archive = tmp_path / "gbtp.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(archive), stdout=out)
    assert "6 media files" in out.getvalue() and "sessions.session" in out.getvalue()

    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["models"]["articles.article"]["rows"] == 6
    assert manifest["not_included"].keys() == {
        "sessions.session",
        "django_tasks_database.dbtaskresult",
    }
    assert "search.searchentry" in manifest["derived"]

    # A new machine: freshly migrated (roles and seed synonyms exist, content types get new ids) and
    # an empty media directory.
    call_command("flush", interactive=False, verbosity=0)
    sync_roles()
    SynonymGroup.objects.create(terms="마이그레이션이 넣은 동의어")
    settings.MEDIA_ROOT = str(tmp_path / "new-media")
    (tmp_path / "new-media" / "photos").mkdir(parents=True)
    (tmp_path / "new-media" / "photos" / "stray.jpg").write_bytes(b"x")
    with pytest.raises(CommandError, match=r"media storage .* already holds 1 files"):
        call_command("restore", str(archive))
    assert Article.objects.count() == 0
    os.remove(tmp_path / "new-media" / "photos" / "stray.jpg")

    from django.core.cache import cache

    from core.cache import GENERATION_KEY

    generation = cache.get(GENERATION_KEY)
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "every checksum and row count verified" in out.getvalue()
    # Every cached page showed the newsroom as it was before: the restore makes them all stale.
    assert cache.get(GENERATION_KEY) not in (None, generation)
    restored = AuditEvent.objects.get(action=Action.BACKUP_RESTORE)  # the trail says it came back
    assert restored.details["archive"] == str(archive) and restored.details["files"] == 6
    restored.delete()

    after = _state()
    for key in before:
        assert after[key] == before[key], key
    embargoed = Article.objects.get(slug=items["embargoed"].slug)
    assert embargoed.embargo_kind == "morning" and embargoed.embargo_date == EMBARGO_DAY
    assert embargoed.release_at == datetime(2030, 3, 2, 6, 0, tzinfo=KST)
    assert embargoed.is_scheduled

    site_after = _public_site(items)
    assert site_after == site_before
    assert site_after[BEFORE_EMBARGO, "embargoed release"][0] == 404
    assert site_after[BEFORE_EMBARGO, "embargoed photo"][0] == 404
    assert site_after[BEFORE_EMBARGO, "press kit"][0] == 404
    assert site_after[BEFORE_EMBARGO, "release list"] == (200, True, False)
    assert site_after[BEFORE_EMBARGO, "search"] == (200, True, False)
    assert site_after[AFTER_EMBARGO, "embargoed release"][::2] == (200, True)
    assert site_after[AFTER_EMBARGO, "attachment"][0] == 200

    # The journalist's share link (valid three days from now) still opens the embargoed release;
    # staff keep their passwords.
    shared = Client().get(ShareLink.url_for(items["token"]))
    assert shared.status_code == 200 and items["embargoed"].headline in shared.text
    assert get_user_model().objects.get(username="editor").check_password(PASSWORD)
    assert AuditEvent.objects.filter(action=Action.SHARE_OPEN).count() == 1

    # A second restore into the now full newsroom is refused without --force.
    with pytest.raises(CommandError, match=r"database is not empty.*articles\.article \(6\)"):
        call_command("restore", str(archive))


def _rewrite(source, target, *, change=None, extra=(), edit_manifest=None):
    """Copy an archive, optionally changing one member's bytes, adding members (listed with their
    true checksums, so only the path can be wrong) or editing the manifest."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        manifest = json.loads(old.extractfile("manifest.json").read())
        for member in old.getmembers():
            if member.name == "manifest.json":
                continue
            data = old.extractfile(member).read()
            if change and member.name == change[0]:
                data = change[1](data)
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
        for info, data in extra:
            info.size = len(data)
            new.addfile(info, io.BytesIO(data) if info.isreg() else None)
            digest = hashlib.sha256(data).hexdigest()
            manifest["members"].append({"name": info.name, "size": len(data), "sha256": digest})
        if edit_manifest:
            edit_manifest(manifest)
        blob = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(blob)
        new.addfile(info, io.BytesIO(blob))


@pytest.fixture
def small_backup(editor, tmp_path):
    article = _publish(make_article(status=Status.APPROVED, photos=1, contacts=1), editor)
    archive = tmp_path / "small.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    return archive, article


def _media_files():
    return {name: _sha256(name) for name in media_names()}


@pytest.mark.django_db
def test_restore_refuses_an_altered_archive_and_writes_nothing(small_backup, tmp_path):
    archive, article = small_backup
    photo = next(name for name in _media_files() if name.startswith("photos/"))
    altered = tmp_path / "altered.tar.gz"
    flip_last_byte = lambda data: data[:-1] + bytes([data[-1] ^ 1])  # noqa: E731
    _rewrite(archive, altered, change=(f"media/{photo}", flip_last_byte))
    files = _media_files()

    with pytest.raises(CommandError, match=f"checksum or size differs: media/{photo}"):
        call_command("restore", str(altered), "--check")
    with pytest.raises(CommandError, match="checksum or size differs"):
        call_command("restore", str(altered), "--force")
    assert _media_files() == files
    assert Article.objects.get().headline == article.headline
    out = io.StringIO()
    call_command("restore", str(archive), "--check", stdout=out)
    assert "is intact" in out.getvalue()


def _member(name, kind=tarfile.REGTYPE, linkname=""):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, linkname
    return info


@pytest.mark.django_db
@pytest.mark.parametrize(
    "member",
    [
        _member("media/../../escaped.txt"),
        _member("media//tmp/escaped.txt"),
        _member("media/photos/escaped.txt", tarfile.SYMTYPE, "/etc/passwd"),
        _member("escaped.txt"),
    ],
    ids=["parent directory", "absolute path", "symbolic link", "outside media/"],
)
def test_restore_refuses_paths_that_leave_the_media_directory(small_backup, tmp_path, member):
    archive, _ = small_backup
    hostile = tmp_path / "hostile.tar.gz"
    _rewrite(archive, hostile, extra=[(member, b"not for you")])
    files = _media_files()
    with pytest.raises(CommandError, match="Refused"):
        call_command("restore", str(hostile), "--force")
    assert _media_files() == files
    media_root = default_storage.location
    for candidate in ("../../escaped.txt", "../escaped.txt", "/tmp/escaped.txt"):
        assert not os.path.exists(os.path.normpath(os.path.join(media_root, candidate)))


@pytest.mark.django_db
def test_restore_refuses_an_archive_from_another_schema(small_backup, tmp_path):
    archive, _ = small_backup
    newer = tmp_path / "newer.tar.gz"
    _rewrite(
        archive,
        newer,
        edit_manifest=lambda m: m["schema"]["migrations"].append("articles.9999_from_the_future"),
    )
    with pytest.raises(
        CommandError, match=r"schema does not match.*articles\.9999_from_the_future"
    ):
        call_command("restore", str(newer), "--force")


@pytest.mark.django_db
def test_backup_streams_large_media_in_constant_memory(editor, tmp_path):
    size = 48 * 1024 * 1024
    default_storage.save(
        "attachments/big/영상자료.zip", ContentFile(os.urandom(1024) * (size // 1024))
    )
    archive = tmp_path / "big.tar"
    tracemalloc.start()
    try:
        call_command("backup", output=str(archive), stdout=io.StringIO())
        manifest = backup_check(archive=archive)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    entry = next(
        m for m in manifest["members"] if m["name"] == "media/attachments/big/영상자료.zip"
    )
    assert entry["size"] == size and archive.stat().st_size > size
    assert peak < 12 * 1024 * 1024, f"peak {peak / 1024 / 1024:.1f} MiB for a 48 MiB file"
