"""Every published release and event has a stored press kit, built by the task worker, served as stored.

These tests change content the way staff do (workflow service, admin), run the real task worker and
download as a journalist would.
"""

import io
import zipfile
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from core.models import Status, Transition
from core.services import publishable_transition
from presskits.models import KitBuild, Letterhead
from presskits.services import kit_builds_request
from sharing.models import ShareLink
from sharing.services import sharelink_create
from tests.factories import make_article, make_contact, make_event
from tests.forms import change_form

pytestmark = pytest.mark.django_db


def _publish(item, editor):
    return publishable_transition(obj=item, move=Transition.PUBLISH, by=editor)


def _approved_release(**fields):
    article = make_article(status=Status.APPROVED, **fields)
    article.contact_links.create(contact=make_contact(), role="contact")
    return article


def _kit_urls(article):
    page = reverse("presskits:release", args=[article.pk])
    return page, reverse("presskits:release_download", args=[article.pk])


def test_publishing_builds_the_kit_once_and_downloads_read_the_stored_file(editor, run_tasks):
    article = _publish(_approved_release(headline="이차전지 소재 기업 수출 상담회 개최"), editor)
    page, download = _kit_urls(article)
    reader = Client()

    waiting = reader.get(page)
    assert waiting.status_code == 200
    assert "키트를 만드는 중입니다" in waiting.text
    assert reader.get(download).status_code == 503

    run_tasks()
    build = KitBuild.objects.get(article=article)
    assert (build.wanted, build.built) == (1, 1)
    ready = reader.get(page)
    assert "전체 내려받기" in ready.text and "키트를 만드는 중" not in ready.text
    assert "PDF" in ready.text and "HWPX" in ready.text and "DOCX" in ready.text

    # Downloads never build: with the builder broken, they still serve the stored ZIP.
    with mock.patch("presskits.archive.presskit_stream", side_effect=AssertionError("built")):
        response = reader.get(download)
        body = b"".join(response.streaming_content)
        again = reader.get(download, headers={"if-none-match": response["ETag"]})
    assert response.status_code == 200
    assert int(response["Content-Length"]) == len(body) == build.zip_size
    assert response["ETag"] and response["Last-Modified"]
    disposition = response["Content-Disposition"]
    assert "filename*=UTF-8''" in disposition and ".zip" in disposition
    assert again.status_code == 304
    # Caches must ask again each time, so a withdrawal or a new build is seen at once.
    assert response["Cache-Control"] == "public, no-cache"
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert any(name.endswith(".hwpx") for name in names)
    assert any(name.endswith(".pdf") for name in names)
    assert "manifest.json" in names
    assert not DBTaskResult.objects.filter(status="READY").exists()

    # Each file of the kit is stored too and served with its own size.
    one = build.files.get(path__endswith=".pdf")
    url = reverse("presskits:release_file", args=[article.pk, one.pk, one.name])
    single = reader.get(url)
    assert single.status_code == 200
    assert int(single["Content-Length"]) == one.size
    assert b"".join(single.streaming_content).startswith(b"%PDF")
    text = build.files.get(path__startswith="01_", path__endswith=".txt")
    plain = reader.get(reverse("presskits:release_file", args=[article.pk, text.pk, text.name]))
    assert plain["Content-Type"] == "text/plain; charset=utf-8"
    assert "이차전지 소재 기업" in b"".join(plain.streaming_content).decode("utf-8")


def test_an_edit_makes_the_stored_kit_stale_until_the_worker_rebuilds_it(
    editor, editor_client, run_tasks
):
    article = _publish(_approved_release(), editor)
    run_tasks()
    first = KitBuild.objects.get(article=article).zip_sha256
    # A correction in the admin (the editor's real path) asks for a new build.
    url, data = change_form(editor_client, article)
    data["headline"] = "정정된 제목: 수출 상담회 결과 발표"
    data["correction_note"] = "제목의 행사명을 바로잡음"
    response = editor_client.post(url, data)
    assert response.status_code == 302
    _page, download = _kit_urls(article)
    assert Client().get(download).status_code == 503  # never the old content
    run_tasks()
    build = KitBuild.objects.get(article=article)
    assert build.ready and build.zip_sha256 != first
    body = b"".join(Client().get(download).streaming_content)
    archive = zipfile.ZipFile(io.BytesIO(body))
    text = next(n for n in archive.namelist() if n.startswith("01_") and n.endswith(".txt"))
    assert "정정된 제목" in archive.read(text).decode()


def test_embargoed_kit_is_hidden_until_release_but_share_link_holders_get_it(editor, run_tasks):
    article = _publish(_approved_release(release_in=timedelta(hours=6)), editor)
    run_tasks()
    assert KitBuild.objects.get(article=article).ready
    page, download = _kit_urls(article)
    anonymous = Client()
    assert anonymous.get(page).status_code == 404
    assert anonymous.get(download).status_code == 404
    assert anonymous.get(reverse("presskits:list")).text.count(article.headline) == 0

    token = sharelink_create(
        link=ShareLink(target=article, recipient_name="김기자", recipient_organisation="경북일보"),
        by=editor,
    )
    holder = Client()
    holder.get(reverse("sharing:open", args=[token]))
    kit = holder.get(page)
    assert kit.status_code == 200 and "private" in kit["Cache-Control"]
    assert holder.get(download).status_code == 200

    with time_machine.travel(timezone.now() + timedelta(hours=6, minutes=1)):
        assert anonymous.get(download).status_code == 200
        assert article.headline in anonymous.get(reverse("presskits:list")).text


def test_coverage_never_gets_a_kit(editor, run_tasks):
    coverage = _publish(
        make_article(
            status=Status.APPROVED,
            kind="coverage",
            outlet="일요서울",
            copyright_line="저작권자 © 일요서울i 무단전재 및 재배포 금지",
        ),
        editor,
    )
    run_tasks()
    assert not KitBuild.objects.filter(article=coverage).exists()
    page, download = _kit_urls(coverage)
    assert Client().get(page).status_code == 404
    assert Client().get(download).status_code == 404


def test_event_has_its_kit_and_kit_list_is_newest_first(editor, run_tasks):
    older = _publish(_approved_release(headline="먼저 나온 보도자료"), editor)
    newer = _publish(_approved_release(headline="나중에 나온 보도자료"), editor)
    Article.objects.filter(pk=older.pk).update(release_at=timezone.now() - timedelta(days=3))
    event = make_event(status=Status.APPROVED)
    event = _publish(event, editor)
    run_tasks()
    assert Client().get(reverse("presskits:event_download", args=[event.pk])).status_code == 200
    listing = Client().get(reverse("presskits:list")).text
    assert listing.index(newer.headline) < listing.index(older.headline)
    assert event.full_title in listing


def test_a_failing_build_is_retried_later_and_does_not_block_other_kits(editor, run_tasks):
    broken = _publish(_approved_release(headline="깨진 키트"), editor)
    fine = _publish(_approved_release(headline="멀쩡한 키트"), editor)
    real = __import__("presskits.archive", fromlist=["presskit_stream"]).presskit_stream

    def fail_for_broken(contents, **kwargs):
        if contents.articles and contents.articles[0].pk == broken.pk:
            raise OSError("disk full")
        return real(contents, **kwargs)

    with mock.patch("presskits.services.presskit_stream", side_effect=fail_for_broken):
        run_tasks()
    assert KitBuild.objects.get(article=fine).ready
    failed = KitBuild.objects.get(article=broken)
    assert not failed.ready and failed.failures == 1 and "disk full" in failed.last_error
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after > timezone.now() + timedelta(seconds=5)
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        run_tasks()
    assert KitBuild.objects.get(article=broken).ready


def test_letterhead_change_rebuilds_every_published_kit(editor, run_tasks, admin_client):
    article = _publish(_approved_release(), editor)
    run_tasks()
    response = admin_client.post(
        reverse("admin:presskits_letterhead_add"),
        {
            "name": "(재)경북테크노파크",
            "address": "경상북도 경산시 삼풍로 27",
            "homepage": "https://www.gbtp.or.kr",
            "phone": "053-819-3000",
            "licence": "1",
            "footer": "기업과 함께 성장하는 경북테크노파크",
        },
    )
    assert response.status_code == 302
    assert Letterhead.objects.count() == 1
    assert not KitBuild.objects.get(article=article).ready
    run_tasks()
    build = KitBuild.objects.get(article=article)
    assert build.ready and build.built == 2


def test_distributed_at_is_stamped_on_publish_never_copied_from_release_time(editor):
    morning = _approved_release(
        embargo_kind="morning", embargo_date=(timezone.localdate() + timedelta(days=1))
    )
    before = timezone.now()
    published = _publish(morning, editor)
    published.refresh_from_db()
    assert published.distributed_at is not None
    assert before <= published.distributed_at <= timezone.now()
    assert published.distributed_at != published.release_at


def test_first_share_link_stamps_distributed_at(editor):
    draft = make_article(status=Status.DRAFT)
    assert draft.distributed_at is None
    sharelink_create(link=ShareLink(target=draft, recipient_name="이기자"), by=editor)
    draft.refresh_from_db()
    stamped = draft.distributed_at
    assert stamped is not None
    sharelink_create(link=ShareLink(target=draft, recipient_name="박기자"), by=editor)
    draft.refresh_from_db()
    assert draft.distributed_at == stamped


def test_files_of_a_deleted_release_kit_are_pruned_and_shared_files_kept(editor, run_tasks):
    from django.core.files.storage import default_storage

    from presskits.models import KitFile
    from presskits.services import kit_files_prune

    kept = _publish(_approved_release(headline="남는 보도자료"), editor)
    gone = _publish(_approved_release(headline="지울 보도자료"), editor)
    run_tasks()
    gone_names = set(
        KitBuild.objects.get(article=gone).files.values_list("storage_name", flat=True)
    )
    kept_names = set(
        KitBuild.objects.get(article=kept).files.values_list("storage_name", flat=True)
    )
    Article.objects.filter(pk=gone.pk).delete()
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert kit_files_prune() >= 1
    for name in gone_names - kept_names:
        assert not default_storage.exists(name)
    for name in KitFile.objects.values_list("storage_name", flat=True):
        assert default_storage.exists(name)
    assert default_storage.exists(KitBuild.objects.get(article=kept).zip_name)


def test_kit_is_made_again_when_a_shared_quote_reaches_its_release_time(editor, run_tasks):
    """A quote also on an embargoed event joins the release's kit at that event's 보도시점."""
    from tests.factories import make_quote

    release = _publish(_approved_release(headline="먼저 공개되는 보도자료"), editor)
    event = make_event(status=Status.PUBLISHED, release_in=timedelta(hours=3))
    make_quote(article=release, event=event, text="행사 보도시점까지 기다리는 발언")
    kit_builds_request({"article": {release.pk}})
    run_tasks()

    def quotes_in_kit():
        build = KitBuild.objects.get(article=release)
        body = b"".join(Client().get(_kit_urls(release)[1]).streaming_content)
        names = zipfile.ZipFile(io.BytesIO(body)).namelist()
        archive = zipfile.ZipFile(io.BytesIO(body))
        return build, (archive.read("quotes.txt").decode() if "quotes.txt" in names else "")

    build, quotes = quotes_in_kit()
    assert "행사 보도시점까지" not in quotes
    scheduled = DBTaskResult.objects.get(status="READY")
    assert abs(scheduled.run_after - event.release_at) < timedelta(seconds=1)
    with time_machine.travel(event.release_at + timedelta(seconds=30)):
        run_tasks()
        rebuilt, quotes = quotes_in_kit()
    assert rebuilt.built == build.built + 1
    assert "행사 보도시점까지 기다리는 발언" in quotes
