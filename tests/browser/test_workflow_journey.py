"""A writer drafts and submits a release; an editor sets 보도시점, approves and schedules it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, ArticleContact
from core.models import Status
from tests.factories import make_contact

pytestmark = pytest.mark.django_db(transaction=True)


def test_writer_submits_and_editor_schedules(login_as, writer, editor):
    page = login_as(writer, "/admin/articles/article/add/")
    page.fill("#id_headline", "경북TP, 지역 창업기업 수출상담회 개최")
    page.locator("#id_headline").press("Tab")
    page.locator("#id_slug").select_text()
    page.locator("#id_slug").press_sequentially("export-consultation-2026")
    page.locator(".ck-editor__editable").first.click()
    page.keyboard.type("경북테크노파크는 지역 창업기업의 해외 진출을 돕는 수출상담회를 연다.")
    # A writer has no publish button, only "save and submit".
    expect(page.locator("button[value=publish]")).to_have_count(0)
    page.click("button[value=submit]")
    expect(page.locator(".messagelist .success").first).to_be_visible()
    article = Article.objects.get(slug="export-consultation-2026")
    assert article.status == Status.REVIEW and article.created_by == writer
    # Its 담당자, which the pre-publish checklist requires before 승인 and 게시.
    ArticleContact.objects.create(article=article, contact=make_contact())

    page = login_as(editor, "/admin/articles/article/")
    # Waiting for review comes first in the editor's list.
    expect(page.locator("#result_list tbody tr").first).to_contain_text(
        "경북TP, 지역 창업기업 수출상담회 개최"
    )
    page.locator("#result_list tbody tr").first.locator("th a").click()
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.select_option("#id_embargo_kind", "morning")
    page.fill("#id_embargo_date", tomorrow.isoformat())
    page.click("button[value=approve]")
    expect(page.locator(".messagelist .success").first).to_contain_text("승인")
    # The form stays open with the next step offered.
    page.click("button[value=publish]")
    expect(page.locator(".messagelist .success").first).to_contain_text("게시")
    page.goto(page.url.split("/admin/")[0] + "/admin/articles/article/")

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.is_scheduled
    assert timezone.localtime(article.release_at).date() == tomorrow
    expect(page.locator("#result_list")).to_contain_text("예약됨 (보도시점 대기)")
