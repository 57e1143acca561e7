"""The press office's day, done in a real browser as 작성자 and 편집자 and counted.

The writer opens the add form and, without another page load or a pop-up window, writes a release
with three photos (dropped in at once, each described), a quote and two 담당자, and submits it: at
most 15 interactions (a click, a fill, a file choice each count one). The editor finds it on the desk
and sends it back with a reason; the writer sees the reason, fixes the headline and submits again;
the editor sets 조간 for tomorrow, approves, publishes and finds it in the calendar.

Every admin page of the day is checked as it is shown: no English interface word and no (으)로-style
particle pattern in the text the browser renders, and nothing wider than a 390 px phone. With
`SCREENSHOTS=1` the desk, the calendar and the form are saved to docs/screenshots/ (desktop and phone).
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, ContactRole
from core.models import Status
from tests.browser.test_admin_phone import PHONE, width_after_layout
from tests.factories import jpeg_bytes, make_contact, make_person
from tests.test_admin_korean import FORMATS_AND_NAMES, LATIN_WORD, PARTICLE_PATTERN, _content_words

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1366, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MAX_INTERACTIONS = 15

HEADLINE = "경북TP, 지역 창업기업 해외 수출상담회 개최"
FIXED_HEADLINE = "경북테크노파크, 지역 창업기업 해외 수출상담회 개최"
# Typed as a writer types it: a heading and a list by the editor's own shortcuts ("## ", "- "), an
# Enter on an empty list item to leave the list.
BODY = [
    "경북테크노파크는 12일 지역 창업기업 30곳과 해외 바이어 15개사가 참여하는 수출상담회를 열었다.",
    "## 상담회 개요",
    "- 일시: 12월 12일 10:00",
    "장소: 경북테크노파크 본부",
    "",
    "이번 상담회는 이차전지와 반도체 소재 기업의 해외 판로 개척을 돕기 위해 마련됐다.",
]
ALTS = ["상담회장 전경", "기업 대표와 바이어가 상담하는 모습", "참가자 기념 촬영"]
QUOTE = "지역 창업기업이 세계 시장에 자리 잡을 때까지 함께하겠습니다."
REASON = "제목의 '경북TP'를 '경북테크노파크'로 바꿔 주세요."


class Day:
    """Counts the user's interactions and checks each admin page the day shows."""

    def __init__(self, page, live_server, allowed_words):
        self.page = page
        self.live_server = live_server
        self.allowed = {word.casefold() for word in allowed_words}
        self.interactions = []
        self.problems = []
        self.shots = os.environ.get("SCREENSHOTS") == "1"

    def act(self, what, action):
        self.interactions.append(what)
        return action()

    def check(self, label, shot=None):
        """Korean text on the desktop, nothing wider than a phone; a screenshot of each if asked."""
        page = self.page
        page.wait_for_load_state("networkidle")
        text = page.evaluate("document.body.innerText")
        # innerText applies the page's text-transform: the user name is shown in capitals.
        english = sorted(
            word for word in set(LATIN_WORD.findall(text)) if word.casefold() not in self.allowed
        )
        if english:
            lines = [line for line in text.splitlines() if any(word in line for word in english)]
            self.problems.append((label, "English", english, lines[:8]))
        particles = sorted({m.group(0) for m in PARTICLE_PATTERN.finditer(text)})
        if particles:
            self.problems.append((label, "particle pattern", particles))
        if self.shots and shot:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=True)
        page.set_viewport_size(PHONE)
        try:
            found = width_after_layout(page)
            if found["scroll"] > found["width"] or found["wide"]:
                self.problems.append((label, "wider than a phone", found))
            if self.shots and shot:
                page.screenshot(path=str(SCREENSHOTS / f"{shot}-phone.png"), full_page=True)
        finally:
            page.set_viewport_size(DESKTOP)


@pytest.fixture
def office(writer, tmp_path):
    writer.email = "kim.bodo@gbtp.or.kr"
    writer.save()
    own = make_contact(name="김보도", department="기업지원팀", position="선임", email=writer.email)
    head = make_contact(name="박팀장", department="기업지원팀", position="팀장")
    make_contact(name="이협력", department="대외협력팀", position="책임")
    speaker = make_person(name="하인성", title="원장")
    files = []
    for n, colour in enumerate([(200, 80, 40), (40, 120, 200), (60, 160, 90)], start=1):
        path = tmp_path / f"상담회{n}.jpg"
        path.write_bytes(jpeg_bytes(size=(1200, 800), colour=colour))
        files.append(str(path))
    return {"own": own, "head": head, "speaker": speaker, "files": files}


def test_the_press_office_day(login_as, writer, editor, page, live_server, office):
    page.set_viewport_size(DESKTOP)
    # Latin words in the content are data, not interface: those stored, and those this test writes.
    written = set(
        LATIN_WORD.findall(" ".join([HEADLINE, FIXED_HEADLINE, *BODY, *ALTS, QUOTE, REASON]))
    )
    day = Day(
        page, live_server, FORMATS_AND_NAMES | _content_words() | written | {"editor", "writer"}
    )

    # The writer opens the add form: from here on, every interaction and page load is counted.
    login_as(writer, "/admin/articles/article/add/")
    expect(page.locator("#id_headline")).to_be_visible()
    day.check("add form")
    loads, popups = [], []
    page.on("framenavigated", lambda frame: frame == page.main_frame and loads.append(frame.url))
    page.context.on("page", lambda popup: popups.append(popup.url))

    day.act("제목", lambda: page.fill("#id_headline", HEADLINE))
    body = page.locator(".ck-editor__editable").first
    day.act("본문 누르기", lambda: body.click())
    day.act("본문 쓰기", lambda: page.keyboard.type("\n".join(BODY)))
    day.act(
        "사진 세 장 고르기",
        lambda: page.locator(".photo-drop-input").set_input_files(office["files"]),
    )
    staged = page.locator("#photo_links-group .dynamic-photo_links.photo-staged")
    expect(staged).to_have_count(3)
    for index, alt in enumerate(ALTS):
        field = staged.nth(index).locator("input[name$='-alt_text']")
        day.act(f"대체 텍스트 {index + 1}", lambda field=field, alt=alt: field.fill(alt))
    quote = page.locator("#quotes-0")
    day.act("발언자 열기", lambda: quote.locator(".field-speaker .select2-selection").click())
    day.act(
        "발언자 고르기",
        lambda: page.locator(".select2-results__option", has_text="하인성").first.click(),
    )
    day.act("발언", lambda: quote.locator("textarea[name$='-text']").fill(QUOTE))
    for contact in (office["head"], office["own"]):
        box = page.locator(f"#contact-pick-{contact.pk}")
        day.act(f"담당자 {contact.name}", lambda box=box: box.check())
    day.check("filled form", shot="release-form")
    day.act("저장 후 검토 요청", lambda: page.click("button[value=submit]"))
    expect(page.locator(".messagelist .success").first).to_be_visible()
    page.wait_for_load_state("load")

    count = len(day.interactions)
    print(f"\nInteractions from the open add form to submission: {count}: {day.interactions}")
    print(f"Page loads: {len(loads)}; pop-up windows: {len(popups)}")
    assert count <= MAX_INTERACTIONS, day.interactions
    assert len(loads) == 1, loads
    assert popups == []
    assert page.console_errors == []

    article = Article.objects.get(headline=HEADLINE)
    assert article.status == Status.REVIEW and article.created_by == writer
    assert article.department == "기업지원팀"
    photos = [link.photo for link in article.photo_links.select_related("photo")]
    assert [photo.alt_text for photo in photos] == ALTS
    assert [photo.original_filename for photo in photos] == [
        "상담회1.jpg",
        "상담회2.jpg",
        "상담회3.jpg",
    ]
    assert all(photo.credit == "사진=경북테크노파크" for photo in photos)
    roles = {
        link.contact.name: link.role for link in article.contact_links.select_related("contact")
    }
    assert roles == {"박팀장": ContactRole.RESPONSIBLE, "김보도": ContactRole.CONTACT}
    saved_quote = article.quotes.get()
    assert saved_quote.speaker == office["speaker"] and saved_quote.speaker_title == "원장"
    assert "해외 바이어" in article.body
    assert "<h2>상담회 개요</h2>" in article.body
    assert (
        "<ul><li>일시: 12월 12일 10:00</li><li>장소: 경북테크노파크 본부</li></ul>" in article.body
    )
    day.allowed |= set(article.slug.split("-"))  # the romanised address, shown on the form
    day.check("release after submission")

    # The editor finds it on the desk and returns it with a reason.
    page.wait_for_load_state("networkidle")
    login_as(editor, "/admin/")
    queue = page.locator(".desk-review_queue")
    expect(queue).to_contain_text(HEADLINE)
    expect(queue).to_contain_text("writer")
    day.check("editor's desk", shot="desk")
    queue.get_by_role("link", name=HEADLINE).click()
    expect(page.locator("#id_transition_note")).to_be_visible()
    day.check("release under review")
    page.fill("#id_transition_note", REASON)
    page.click("button[value=return]")
    expect(page.locator(".messagelist .success").first).to_contain_text("돌려보내기")

    # The writer sees why, on the desk and on the form, fixes the headline and submits again.
    page.wait_for_load_state("networkidle")
    login_as(writer, "/admin/")
    returned = page.locator(".desk-returned")
    expect(returned).to_contain_text(REASON)
    day.check("writer's desk", shot="desk-writer")
    returned.get_by_role("link", name=HEADLINE).click()
    expect(page.locator(".return-note")).to_contain_text(REASON)
    day.check("returned release")
    page.fill("#id_headline", FIXED_HEADLINE)
    page.click("button[value=submit]")
    expect(page.locator(".messagelist .success").first).to_be_visible()
    article.refresh_from_db()
    assert article.status == Status.REVIEW and article.headline == FIXED_HEADLINE

    # The editor publishes it for tomorrow's morning papers and sees it in the calendar.
    page.wait_for_load_state("networkidle")
    login_as(editor, "/admin/")
    page.locator(".desk-review_queue").get_by_role("link", name=FIXED_HEADLINE).click()
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.select_option("#id_embargo_kind", "morning")
    page.fill("#id_embargo_date", tomorrow.isoformat())
    expect(page.locator("#embargo_preview")).to_contain_text("06:00")
    page.click("button[value=approve]")
    expect(page.locator(".messagelist .success").first).to_contain_text("승인")
    page.click("button[value=publish]")
    expect(page.locator(".messagelist .success").first).to_contain_text("게시")
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.is_scheduled
    assert timezone.localtime(article.release_at).strftime("%H:%M") == "06:00"

    page.goto(f"{live_server.url}/admin/desk/calendar/?view=week&date={tomorrow.isoformat()}")
    cell = page.locator(f"td:has(time[datetime='{tomorrow.isoformat()}'])")
    expect(cell).to_contain_text(FIXED_HEADLINE)
    expect(cell).to_contain_text("06:00")
    day.check("calendar", shot="calendar")

    assert page.console_errors == []
    assert day.problems == [], "\n".join(map(str, day.problems))
