"""Quotes: who may write which, and where they may appear.

A quote is public only when every release or event it belongs to is public, and a standalone quote
only once an editor has published it. Writers reach quotes through two forms (the quote admin and the
quote inline of a release); both are checked on the server, for the quote as stored and as posted.
"""

import io
import zipfile

import pytest
from django.db.models import F
from django.test import Client

from core.models import Status
from presskits.archive import presskit_stream
from presskits.contents import contents_of_kit
from presskits.models import PressKit
from search.models import SearchEntry
from spokespeople.models import Quote
from tests.factories import make_article, make_event, make_person, make_quote
from tests.forms import change_form, form_data

pytestmark = [pytest.mark.django_db, pytest.mark.production_paths]
QUOTE_ADD = "/admin/spokespeople/quote/add/"
SECRET_HEADLINE = "아직 공개되면 안 되는 보도자료 제목"
SECRET_QUOTE = "엠바고 전에는 새면 안 되는 발언"


def _quote_data(person, **extra):
    return {
        "text": "새 발언입니다",
        "speaker": person.pk,
        "said_on": "2026-11-30",
        "order": 0,
        **extra,
    }


def _add_quote(client, data):
    form = form_data(client.get(QUOTE_ADD), "quote_form")
    form.update(data)
    return client.post(QUOTE_ADD, form)


# Search: a save queues indexing for the task worker; the web request analyses nothing.


def test_creating_a_standalone_quote_is_indexed_by_the_task_worker(editor_client, run_tasks):
    person = make_person(name="하인성")
    response = _add_quote(
        editor_client, _quote_data(person, text="지역 산업과 함께 성장하겠습니다")
    )
    assert response.status_code == 302, response.content.decode()[:800]
    quote = Quote.objects.get(text="지역 산업과 함께 성장하겠습니다")
    entry = SearchEntry.objects.get(kind="quote", object_id=quote.pk)
    assert entry.indexed < entry.wanted and entry.terms_b == ""
    run_tasks()
    entry.refresh_from_db()
    assert entry.indexed == entry.wanted and "성장" in entry.terms_b
    assert entry.url == person.get_absolute_url()


def test_release_saved_with_a_new_quote_inline_keeps_everything(editor_client):
    person = make_person()
    article = make_article(status=Status.DRAFT, headline="인라인 발언 보도자료")
    url, data = change_form(editor_client, article)
    prefix = "quotes"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-speaker": person.pk,
            f"{prefix}-0-said_on": "2026-11-30",
            f"{prefix}-0-text": "인라인으로 쓴 발언",
            f"{prefix}-0-order": "0",
            "headline": "인라인 발언 보도자료 (수정)",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:800]
    article.refresh_from_db()
    assert article.headline == "인라인 발언 보도자료 (수정)"
    assert article.quotes.get().text == "인라인으로 쓴 발언"
    waiting = SearchEntry.objects.filter(kind="quote", indexed__lt=F("wanted"))
    assert waiting.count() == 1  # queued for the task worker with its release


# Writers may not bypass review through quotes.


def test_writer_cannot_change_an_editors_public_standalone_quote(writer_client, editor):
    quote = make_quote(text="편집자가 공개한 발언", standalone_published=True, created_by=editor)
    url = f"/admin/spokespeople/quote/{quote.pk}/change/"
    response = writer_client.post(url, _quote_data(quote.speaker, text="작성자가 바꾼 발언"))
    assert response.status_code == 403
    quote.refresh_from_db()
    assert quote.text == "편집자가 공개한 발언"
    page = Client().get(quote.speaker.get_absolute_url()).content.decode()
    assert "편집자가 공개한 발언" in page and "작성자가 바꾼 발언" not in page


def test_writers_standalone_quote_waits_for_an_editor(writer_client, editor_client):
    person = make_person()
    response = _add_quote(
        writer_client,
        _quote_data(person, text="작성자의 단독 발언", standalone_published="on"),
    )
    assert response.status_code == 302
    quote = Quote.objects.get(text="작성자의 단독 발언")
    assert not quote.standalone_published  # the forged field is not in a writer's form
    assert "작성자의 단독 발언" not in Client().get(person.get_absolute_url()).content.decode()
    url, data = change_form(editor_client, quote)
    data["standalone_published"] = "on"
    assert editor_client.post(url, data).status_code == 302
    assert "작성자의 단독 발언" in Client().get(person.get_absolute_url()).content.decode()


def test_writer_cannot_attach_a_quote_to_someone_elses_public_release(writer_client, editor):
    article = make_article(
        status=Status.PUBLISHED, created_by=editor, headline="편집자의 공개 자료"
    )
    person = make_person()
    response = _add_quote(
        writer_client, _quote_data(person, text="끼워 넣은 발언", article=article.pk)
    )
    assert response.status_code == 200
    assert "권한이 없습니다" in response.content.decode()
    assert not Quote.objects.filter(text="끼워 넣은 발언").exists()
    assert "끼워 넣은 발언" not in Client().get(article.get_absolute_url()).content.decode()


def test_writer_cannot_move_a_quote_from_their_draft_onto_a_public_release(
    writer_client, writer, editor
):
    own = make_article(status=Status.DRAFT, created_by=writer)
    public = make_article(status=Status.PUBLISHED, created_by=editor)
    quote = make_quote(article=own, text="옮기려는 발언", created_by=writer)
    url, data = change_form(writer_client, quote)
    data["article"] = public.pk
    response = writer_client.post(url, data)
    assert response.status_code == 200 and "권한이 없습니다" in response.content.decode()
    quote.refresh_from_db()
    assert quote.article == own
    assert "옮기려는 발언" not in Client().get(public.get_absolute_url()).content.decode()


def test_writer_cannot_clear_a_quote_for_reuse_through_the_release_inline(writer_client, writer):
    article = make_article(status=Status.DRAFT, created_by=writer)
    person = make_person()
    url, data = change_form(writer_client, article)
    data.update(
        {
            "quotes-TOTAL_FORMS": "1",
            "quotes-0-speaker": person.pk,
            "quotes-0-said_on": "2026-11-30",
            "quotes-0-text": "재사용 승인을 노린 발언",
            "quotes-0-order": "0",
            "quotes-0-approved_for_reuse": "on",
        }
    )
    assert writer_client.post(url, data).status_code == 302
    quote = Quote.objects.get(text="재사용 승인을 노린 발언")
    assert quote.article == article and not quote.approved_for_reuse


def test_writer_cannot_clear_reuse_through_the_quote_admin(writer_client, writer):
    quote = make_quote(article=make_article(status=Status.DRAFT, created_by=writer))
    url, data = change_form(writer_client, quote)
    data["approved_for_reuse"] = "on"
    assert writer_client.post(url, data).status_code == 302
    quote.refresh_from_db()
    assert not quote.approved_for_reuse


# Quotes never carry an unpublished item onto a public page or into a public kit.


@pytest.fixture
def shared_quote():
    """A public event and an unpublished release share one quote, as every demo quote does."""
    event = make_event(status=Status.PUBLISHED, title="공개된 행사")
    secret = make_article(status=Status.APPROVED, headline=SECRET_HEADLINE)
    own = make_quote(event=event, text="행사에서만 한 공개 발언")
    shared = make_quote(event=event, article=secret, text=SECRET_QUOTE)
    return event, secret, own, shared


def test_public_kit_of_a_public_event_leaves_out_quotes_of_unpublished_releases(shared_quote):
    event, _secret, _own, _shared = shared_quote
    kit = PressKit.objects.create(title="행사 키트", slug="event-kit", status=Status.PUBLISHED)
    kit.events.add(event)
    assert PressKit.objects.published().filter(pk=kit.pk).exists()
    archive = zipfile.ZipFile(io.BytesIO(b"".join(presskit_stream(contents_of_kit(kit)))))
    text = "\n".join(
        archive.read(name).decode("utf-8", "replace")
        for name in archive.namelist()
        if name.endswith((".txt", ".html", ".json", ".csv"))
    )
    assert "행사에서만 한 공개 발언" in text
    assert SECRET_QUOTE not in text and SECRET_HEADLINE not in text
    page = Client().get(kit.get_absolute_url()).content.decode()
    assert SECRET_QUOTE not in page and SECRET_HEADLINE not in page


def test_release_page_hides_quotes_shared_with_an_unpublished_event():
    event = make_event(status=Status.DRAFT, title="아직 비공개인 행사")
    article = make_article(status=Status.PUBLISHED, headline="공개된 보도자료")
    make_quote(article=article, text="보도자료에만 딸린 발언")
    make_quote(article=article, event=event, text="비공개 행사에도 딸린 발언")
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "보도자료에만 딸린 발언" in page
    assert "비공개 행사에도 딸린 발언" not in page  # neither in the page nor in its JSON-LD


def test_event_page_hides_quotes_shared_with_an_embargoed_release(shared_quote):
    event, _secret, _own, _shared = shared_quote
    page = Client().get(event.get_absolute_url()).content.decode()
    assert "행사에서만 한 공개 발언" in page and SECRET_QUOTE not in page


def test_staff_preview_of_a_release_shows_its_own_quotes(editor_client):
    article = make_article(status=Status.APPROVED)
    make_quote(article=article, text="미리보기에서 보여야 할 발언")
    page = editor_client.get(article.get_absolute_url())
    assert page.status_code == 200 and "미리보기에서 보여야 할 발언" in page.content.decode()


def test_writer_cannot_delete_a_public_events_quote_through_their_draft(writer_client, writer):
    article = make_article(status=Status.DRAFT, created_by=writer)
    event = make_event(status=Status.PUBLISHED, title="공개 행사")
    quote = make_quote(article=article, event=event, text="행사 페이지에도 실린 발언")
    url, data = change_form(writer_client, article)
    data["quotes-0-DELETE"] = "on"
    response = writer_client.post(url, data)
    assert response.status_code == 200 and "편집자만 지울 수 있습니다" in response.content.decode()
    assert Quote.objects.filter(pk=quote.pk).exists()


def test_writer_deletes_a_quote_of_their_own_draft(writer_client, writer):
    article = make_article(status=Status.DRAFT, created_by=writer)
    quote = make_quote(article=article, text="지워도 되는 발언")
    url, data = change_form(writer_client, article)
    data["quotes-0-DELETE"] = "on"
    assert writer_client.post(url, data).status_code == 302
    assert not Quote.objects.filter(pk=quote.pk).exists()


def test_writer_saves_their_draft_beside_a_quote_they_may_not_change(writer_client, writer):
    article = make_article(status=Status.DRAFT, created_by=writer, headline="처음")
    make_quote(article=article, event=make_event(status=Status.PUBLISHED), text="공유된 발언")
    url, data = change_form(writer_client, article)
    data["headline"] = "고친 제목"
    assert writer_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.headline == "고친 제목"
