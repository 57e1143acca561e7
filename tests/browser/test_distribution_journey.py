"""An editor sends a release to the press corps in a real browser: from the release, through the
preview, to the report. Saves docs/screenshots/distribution-send.png and distribution-report.png."""

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from contacts.models import Journalist, MediaList, Outlet
from core.models import Status
from distribution.models import Delivery, Mailing, Mode
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_an_editor_previews_and_queues_a_send_and_reads_the_report(
    page, live_server, login_as, editor
):
    outlet = Outlet.objects.create(name="경북일보", kind="daily", region="대구·경북")
    corps = MediaList.objects.create(name="출입기자단")
    for i, (name, consent) in enumerate([("김도윤", True), ("이서연", False), ("박준호", False)]):
        journalist = Journalist.objects.create(
            name=name, outlet=outlet, desk="경제부", email=f"reporter{i}@example.com",
            embargo_consent=consent, embargo_consent_on="2026-11-01" if consent else None,
        )  # fmt: skip
        corps.members.add(journalist)
    article = make_article(
        status=Status.PUBLISHED,
        release_in=timedelta(hours=20),
        headline="경북테크노파크, 이차전지 기업 해외 수출상담회 개최",
        deck="도내 이차전지 기업 12개사 참가\n바이어 30개사와 1:1 상담",
        lead="경북테크노파크는 도내 이차전지 기업 12개사와 해외 바이어 30개사를 잇는 수출상담회를 연다.",
        contacts=1,
    )
    login_as(editor, f"/admin/articles/article/{article.pk}/change/")
    page.get_by_role("link", name="기자에게 배포").click()
    expect(page.get_by_role("heading", name="받는 사람이 보게 될 메일")).to_be_visible()
    page.get_by_label("엠바고 동의 기자에게는 지금, 나머지는 보도시점에").check()
    page.get_by_label("출입기자단").check()
    page.get_by_role("button", name="받는 사람 확인").click()
    expect(page.get_by_role("heading", name="엠바고 사전 발송: 받는 사람 1명")).to_be_visible()
    expect(page.get_by_role("heading", name="보도시점에 발송: 받는 사람 2명")).to_be_visible()
    page.set_viewport_size({"width": 1366, "height": 1400})
    page.screenshot(path=str(SCREENSHOTS / "distribution-send.png"), full_page=True)
    page.get_by_role("button", name="발송 예약").click()
    expect(page.get_by_role("heading", name="언론보도")).to_be_visible()
    assert sorted(Mailing.objects.values_list("mode", flat=True)) == [Mode.ADVANCE, Mode.ON_TIME]
    assert Delivery.objects.count() == 3
    expect(page.get_by_role("table", name="받는 사람")).to_contain_text("김도윤")
    page.screenshot(path=str(SCREENSHOTS / "distribution-report.png"), full_page=True)
