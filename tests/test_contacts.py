"""Media contacts: CSV export and import through the admin, as the press office uses them.

Every import goes through the preview and the confirmation exactly as a browser does: upload, read the
token from the preview page, post it back. Nothing is written before the confirmation, a file with
any bad row writes nothing at all, and the same file twice changes nothing the second time.
"""

import csv
import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import Action, AuditEvent
from contacts.models import Journalist, MediaList, Outlet, OutletKind
from contacts.services import IMPORT_ACTION, LIST_ACTION

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/contacts/journalist/"
IMPORT_URL = "/admin/contacts/journalist/import/"
CONFIRM_URL = "/admin/contacts/journalist/import/confirm/"
LIST_CHANGELIST = "/admin/contacts/medialist/"
HEADER = [
    "이름", "매체", "매체 유형", "부서", "이메일", "전화", "언어", "지역", "엠바고 수신 동의", "명단",
]  # fmt: skip
GOOD_ROWS = [
    ["김영남", "영남일보", "일간지", "경제부", "kim@yeongnam.example", "010-1111-2222", "한국어",
     "대구·경북", "예", "출입기자단; 지역 언론"],
    ["이통신", "연합뉴스", "통신사", "대구경북취재본부", "lee@yna.example", "", "ko", "대구·경북",
     "아니오", "출입기자단"],
    ["Jane Park", "Korea Tech Weekly", "전문지", "", "jane@ktw.example", "+82-2-555-0101", "영어",
     "해외", "N", "해외; 산업 전문지"],
]  # fmt: skip


def _csv(rows, header=HEADER, encoding="utf-8-sig"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def _upload(client, data, name="기자명단.csv", **fields):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data, "text/csv"), **fields})


def _token(response):
    match = re.search(r'name="token" value="([^"]+)"', response.text)
    assert match, response.text[:2000]
    return match.group(1)


def _confirm(client, token, **extra):
    return client.post(CONFIRM_URL, {"token": token, "_confirm": "1", **extra}, follow=True)


def _import(client, data, **fields):
    preview = _upload(client, data, **fields)
    assert preview.status_code == 200
    assert "이대로 가져오기" in preview.text, preview.text
    return _confirm(client, _token(preview))


def _counts():
    return (
        Journalist.objects.count(),
        Outlet.objects.count(),
        MediaList.objects.count(),
        MediaList.members.through.objects.count(),
    )


def _snapshot():
    return sorted(
        Journalist.objects.values_list(
            "email", "name", "outlet__name", "desk", "phone", "language", "region",
            "embargo_consent", "embargo_consent_on", "version",
        )
    )  # fmt: skip


def _export(client, pks, url=CHANGELIST, action="export_selected"):
    return client.post(url, {"action": action, "_selected_action": [str(pk) for pk in pks]})


def _read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


# Export.


def test_export_has_bom_korean_header_and_reads_back_with_csv(editor_client, editor):
    daily = Outlet.objects.create(name="매일신문", kind=OutletKind.DAILY, region="대구·경북")
    press = MediaList.objects.create(name="출입기자단")
    local = MediaList.objects.create(name="지역 언론")
    kim = Journalist.objects.create(
        name="김매일", outlet=daily, desk="경제부", email="kim@imaeil.example",
        phone="053-251-1234", region="대구", embargo_consent=True,
        embargo_consent_on=date(2026, 11, 2),
    )  # fmt: skip
    kim.lists.set([press, local])
    bare = Journalist.objects.create(name='=HYPERLINK("x")', email="free@example.com")

    response = _export(editor_client, [kim.pk, bare.pk])
    rows = _read_csv(response)
    assert rows[0] == HEADER
    assert rows[1:] == [
        ["'=HYPERLINK(\"x\")", "", "", "", "free@example.com", "", "한국어", "", "아니오", ""],
        ["김매일", "매일신문", "일간지", "경제부", "kim@imaeil.example", "053-251-1234", "한국어",
         "대구", "예", "지역 언론; 출입기자단"],
    ]  # fmt: skip
    assert "attachment;" in response["Content-Disposition"]
    assert ".csv" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]

    line = AuditEvent.objects.get(action=Action.EXPORT)
    assert line.actor == editor and line.details["count"] == 2


def test_export_of_a_chosen_list_holds_only_its_members(editor_client, editor):
    press = MediaList.objects.create(name="출입기자단")
    member = Journalist.objects.create(name="기자 하나", email="one@example.com")
    Journalist.objects.create(name="기자 둘", email="two@example.com")
    press.members.add(member)

    rows = _read_csv(_export(editor_client, [press.pk], LIST_CHANGELIST, "export_members"))
    assert [row[4] for row in rows[1:]] == ["one@example.com"]
    line = AuditEvent.objects.get(action=Action.EXPORT)
    assert line.object_repr == "출입기자단" and line.details["lists"] == ["출입기자단"]


# Import.


def test_good_import_previews_then_applies_creating_outlets_and_lists(editor_client, editor):
    Outlet.objects.create(name="연합뉴스", kind=OutletKind.AGENCY)
    preview = _upload(editor_client, _csv(GOOD_ROWS))
    assert preview.status_code == 200
    page = preview.text
    assert "새로 만들 기자 3명" in page
    assert "영남일보 (일간지)" in page and "Korea Tech Weekly (전문지)" in page
    assert "출입기자단" in page and "산업 전문지" in page
    assert _counts() == (0, 1, 0, 0), "the preview writes nothing"

    done = _confirm(editor_client, _token(preview))
    assert "새 기자 3명" in done.text
    assert Journalist.objects.count() == 3
    kim = Journalist.objects.get(email="kim@yeongnam.example")
    assert kim.outlet.name == "영남일보" and kim.outlet.kind == OutletKind.DAILY
    assert kim.embargo_consent and kim.embargo_consent_on == timezone.localdate()
    assert kim.created_by == editor
    assert sorted(kim.lists.values_list("name", flat=True)) == ["지역 언론", "출입기자단"]
    lee = Journalist.objects.get(email="lee@yna.example")
    assert (
        lee.outlet.kind == OutletKind.AGENCY and Outlet.objects.filter(name="연합뉴스").count() == 1
    )
    assert not lee.embargo_consent and lee.embargo_consent_on is None
    jane = Journalist.objects.get(email="jane@ktw.example")
    assert jane.language == "en" and jane.phone == "+82-2-555-0101"
    assert set(MediaList.objects.values_list("name", flat=True)) == {
        "출입기자단", "지역 언론", "해외", "산업 전문지",
    }  # fmt: skip
    assert MediaList.objects.get(name="출입기자단").members.count() == 2

    line = AuditEvent.objects.get(action=IMPORT_ACTION)
    assert line.actor == editor
    assert line.details["created"] == 3 and line.details["file"] == "기자명단.csv"
    assert set(line.details["lists_created"]) == {"출입기자단", "지역 언론", "해외", "산업 전문지"}
    assert AuditEvent.objects.filter(action=LIST_ACTION).count() == 4
    assert editor_client.session.get("contacts_import") is None


def test_reimporting_the_same_file_changes_nothing(editor_client):
    _import(editor_client, _csv(GOOD_ROWS))
    before, counts = _snapshot(), _counts()

    preview = _upload(editor_client, _csv(GOOD_ROWS))
    assert "새로 만들 기자 0명" in preview.text and "고칠 기자 0명" in preview.text
    assert "이미 같은 기자 3명" in preview.text
    assert "바꿀 내용이 없습니다" in preview.text and "이대로 가져오기" not in preview.text
    assert _snapshot() == before and _counts() == counts


def test_export_then_import_round_trips_unchanged(editor_client):
    _import(editor_client, _csv(GOOD_ROWS))
    Journalist.objects.create(name="=1+2", email="formula@example.com", phone="+82 10 1234 5678")
    before = _snapshot()
    exported = _export(editor_client, Journalist.objects.values_list("pk", flat=True)).content

    preview = _upload(editor_client, exported)
    assert "이미 같은 기자 4명" in preview.text and "바꿀 내용이 없습니다" in preview.text
    assert _snapshot() == before


def test_duplicates_by_email_merge_in_the_file_and_with_records_in_any_case(editor_client):
    existing = Journalist.objects.create(name="박기자", email="park@daegu.example", desk="사회부")
    rows = [
        [
            "박기자",
            "대구일보",
            "일간지",
            "경제부",
            "Park@Daegu.Example",
            "",
            "",
            "",
            "",
            "지역 언론",
        ],
        ["최기자", "", "", "", "choi@example.com", "", "", "", "", ""],
        ["박 기자", "", "", "", " PARK@daegu.example ", "053-000-1111", "", "", "", "출입기자단"],
        ["최기자", "", "", "", "CHOI@EXAMPLE.COM", "", "", "", "예", ""],
    ]

    preview = _upload(editor_client, _csv(rows))
    page = preview.text
    assert "새로 만들 기자 1명" in page and "고칠 기자 1명" in page
    assert "4행: 2행과 이메일 주소(park@daegu.example)가 같아 한 사람으로 합칩니다." in page
    assert "5행: 3행과 이메일 주소(choi@example.com)가 같아" in page
    assert "4행: 이름 값이 2행과 달라 2행 값을 씁니다." in page
    assert "사회부" in page and "경제부" in page  # the changed field, before and after

    _confirm(editor_client, _token(preview))
    assert Journalist.objects.count() == 2
    existing.refresh_from_db()
    assert existing.name == "박기자" and existing.desk == "경제부"
    assert existing.phone == "053-000-1111" and existing.outlet.name == "대구일보"
    assert sorted(existing.lists.values_list("name", flat=True)) == ["지역 언론", "출입기자단"]
    choi = Journalist.objects.get(email="choi@example.com")
    assert choi.embargo_consent

    # The same file again: nothing to do, and nobody doubled.
    again = _upload(editor_client, _csv(rows))
    assert "이미 같은 기자 2명" in again.text and "바꿀 내용이 없습니다" in again.text
    assert Journalist.objects.count() == 2


def test_blank_cells_keep_values_and_lists_are_only_added_to(editor_client):
    press = MediaList.objects.create(name="출입기자단")
    kept = Journalist.objects.create(
        name="정기자", email="jung@example.com", phone="010-9999-0000", embargo_consent=True,
        embargo_consent_on=date(2026, 1, 5),
    )  # fmt: skip
    press.members.add(kept)
    rows = [["정기자", "", "", "", "jung@example.com", "", "", "", "", "해외"]]

    _import(editor_client, _csv(rows))
    kept.refresh_from_db()
    assert kept.phone == "010-9999-0000"
    assert kept.embargo_consent and kept.embargo_consent_on == date(2026, 1, 5)
    assert sorted(kept.lists.values_list("name", flat=True)) == ["출입기자단", "해외"]


def test_whole_file_goes_into_the_list_named_on_the_form(editor_client):
    _import(editor_client, _csv(GOOD_ROWS), add_to_list="보도자료 2026")
    assert MediaList.objects.get(name="보도자료 2026").members.count() == 3


def test_malformed_import_changes_nothing_and_reports_each_bad_row_in_korean(editor_client):
    Journalist.objects.create(name="기존 기자", email="old@example.com")
    before, counts = _snapshot(), _counts()
    rows = [
        GOOD_ROWS[0],
        ["", "매일신문", "일간지", "", "noname@example.com", "", "", "", "", ""],
        ["메일없음", "", "", "", "", "", "", "", "", ""],
        ["잘못된메일", "", "", "", "kim@@example", "", "", "", "", ""],
        ["유형오류", "뉴스타임", "주간지", "", "type@example.com", "", "", "", "", ""],
        ["동의오류", "", "", "", "consent@example.com", "", "", "", "몰라요", ""],
        ["언어오류", "", "", "", "lang@example.com", "", "일본어", "", "", ""],
        ["이름이너무김" * 20, "", "", "", "long@example.com", "", "", "", "", ""],
        ["기존 기자", "", "", "", "old@example.com", "", "", "", "", "출입기자단; " + "가" * 101],
        ["열과다", "", "", "", "extra@example.com", "", "", "", "", "", "남는 칸"],
    ]

    preview = _upload(editor_client, _csv(rows))
    page = preview.text
    expected = [
        "3행: 이름이 비어 있습니다.",
        "4행: 이메일 주소가 비어 있습니다.",
        "5행: 이메일 주소가 올바르지 않습니다: kim@@example",
        "6행: 매체 유형을 알 수 없습니다: 주간지",
        "7행: 엠바고 수신 동의 값을 알 수 없습니다: 몰라요 (예 또는 아니오로 적어 주세요)",
        "8행: 언어를 알 수 없습니다: 일본어",
        "9행: 이름 값이 너무 깁니다(100자까지)",
        "10행: 명단 이름이 너무 깁니다(100자까지)",
        "11행: 머리글보다 칸이 많습니다.",
    ]
    for message in expected:
        assert message in page, message
    assert "오류 9건" in page
    assert "이대로 가져오기" not in page
    assert _counts() == counts

    # Posting the confirmation anyway (the token is on the page) still writes nothing.
    done = _confirm(editor_client, _token(preview))
    assert "오류가 있는 행이 있어 아무것도 바꾸지 않았습니다" in done.text
    assert _snapshot() == before and _counts() == counts
    assert not AuditEvent.objects.filter(action=IMPORT_ACTION).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "CSV 파일이 아닙니다"),
        (b"", "파일이 비어 있습니다"),
        ("이름,전화\r\n김기자,010\r\n".encode(), "꼭 있어야 할 열이 없습니다: 이메일"),
        ('이름,이메일\r\n김기자,"kim@example.com\r\n'.encode(), "2행을 읽을 수 없습니다"),
        ("이름,이메일\r\n".encode(), "가져올 행이 없습니다"),
        ("이름,이메일,메일\r\n".encode(), "‘메일’ 열이 두 번 있습니다"),
        ("\ufeff이름,이메일\r\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_unreadable_files_are_refused_in_korean(editor_client, data, message):
    response = _upload(editor_client, data)
    assert response.status_code == 200
    assert message in response.text
    assert 'name="token"' not in response.text
    assert "contacts_import" not in editor_client.session
    assert _counts() == (0, 0, 0, 0)


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr"])
def test_a_cp949_file_from_korean_excel_imports(editor_client, encoding):
    data = _csv(GOOD_ROWS[:2], encoding=encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    preview = _upload(editor_client, data)
    assert "(CP949, 2행)" in preview.text
    _confirm(editor_client, _token(preview))
    kim = Journalist.objects.get(email="kim@yeongnam.example")
    assert kim.name == "김영남" and kim.region == "대구·경북" and kim.outlet.name == "영남일보"
    assert MediaList.objects.filter(name="지역 언론").exists()


def test_utf8_without_bom_and_decomposed_hangul_import(editor_client):
    import unicodedata

    text = "이름,이메일,명단\r\n" + unicodedata.normalize(
        "NFD", "한글기자,nfd@example.com,지역 언론"
    )
    _import(editor_client, text.encode("utf-8"))
    journalist = Journalist.objects.get(email="nfd@example.com")
    assert journalist.name == "한글기자"
    assert journalist.lists.get().name == "지역 언론"


# Permissions.


def test_a_writer_may_view_but_cannot_import_export_or_change_lists(writer_client, writer):
    press = MediaList.objects.create(name="출입기자단")
    journalist = Journalist.objects.create(name="보기만", email="view@example.com")
    press.members.add(journalist)

    listing = writer_client.get(CHANGELIST)
    assert listing.status_code == 200 and "보기만" in listing.text
    assert "CSV 파일 가져오기" not in listing.text and "export_selected" not in listing.text
    assert writer_client.get(f"{CHANGELIST}{journalist.pk}/change/").status_code == 200

    assert writer_client.get(IMPORT_URL).status_code == 403
    assert _upload(writer_client, _csv(GOOD_ROWS)).status_code == 403
    assert writer_client.post(CONFIRM_URL, {"token": "x", "_confirm": "1"}).status_code == 403
    for forged in (
        _export(writer_client, [journalist.pk]),
        _export(writer_client, [press.pk], LIST_CHANGELIST, "export_members"),
    ):
        assert "Content-Disposition" not in forged and "text/csv" not in forged["Content-Type"]
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()

    response = writer_client.post(
        f"{LIST_CHANGELIST}{press.pk}/change/", {"name": "바꾼 이름", "members": []}
    )
    assert response.status_code == 403
    assert writer_client.post(f"{LIST_CHANGELIST}add/", {"name": "새 명단"}).status_code == 403
    press.refresh_from_db()
    assert press.name == "출입기자단" and press.members.count() == 1
    assert _counts() == (1, 0, 1, 1)


# The preview's round trip.


def test_the_preview_cannot_be_forged(editor_client, editor, django_user_model):
    preview = _upload(editor_client, _csv(GOOD_ROWS[:1]))
    token = _token(preview)
    # Only the token travels through the page; the rows stay in the session.
    assert "kim@yeongnam.example" in preview.text
    form = re.search(r'id="contacts-import-confirm".*?</form>', preview.text, re.S).group(0)
    assert set(re.findall(r'<input[^>]*name="([^"]+)"', form)) == {
        "csrfmiddlewaretoken", "token", "_confirm", "_cancel",
    }  # fmt: skip

    # A made-up token, or none, writes nothing.
    for forged in ("", "x" * 43, token[:-1] + ("A" if token[-1] != "A" else "B")):
        response = _confirm(editor_client, forged)
        assert "확인할 가져오기를 찾을 수 없습니다" in response.text
    assert _counts() == (0, 0, 0, 0)

    # Rows posted beside the right token are ignored: what was previewed is what is imported.
    forged_rows = {"rows": "악성,evil@example.com", "email": "evil@example.com", "upload": "{}"}
    _confirm(editor_client, token, **forged_rows)
    assert list(Journalist.objects.values_list("email", flat=True)) == ["kim@yeongnam.example"]

    # A token is good once, and only in the session that made it.
    assert "확인할 가져오기를 찾을 수 없습니다" in _confirm(editor_client, token).text
    other = django_user_model.objects.create_user("editor2", is_staff=True)
    other.groups.set(editor.groups.all())
    from django.test import Client

    other_client = Client()
    other_client.force_login(other)
    second = _upload(editor_client, _csv(GOOD_ROWS[1:2]))
    response = _confirm(other_client, _token(second))
    assert "확인할 가져오기를 찾을 수 없습니다" in response.text
    assert Journalist.objects.count() == 1


def test_records_changed_after_the_preview_are_not_overwritten_unseen(editor_client):
    Journalist.objects.create(name="한기자", email="han@example.com", desk="사회부")
    rows = [["한기자", "", "", "경제부", "han@example.com", "", "", "", "", ""]]
    preview = _upload(editor_client, _csv(rows))
    token = _token(preview)
    # Meanwhile someone else corrects the record in the admin.
    journalist = Journalist.objects.get(email="han@example.com")
    journalist.desk = "문화부"
    journalist.save()

    refused = _confirm(editor_client, token)
    assert "미리 본 뒤에 연락처가 바뀌어 아무것도 바꾸지 않았습니다" in refused.text
    assert "문화부" in refused.text  # the new preview shows what would change now
    journalist.refresh_from_db()
    assert journalist.desk == "문화부"

    # Confirming what is now shown applies it.
    _confirm(editor_client, _token(refused))
    journalist.refresh_from_db()
    assert journalist.desk == "경제부"


def test_cancel_forgets_the_file(editor_client):
    token = _token(_upload(editor_client, _csv(GOOD_ROWS)))
    response = editor_client.post(CONFIRM_URL, {"token": token, "_cancel": "1"}, follow=True)
    assert "가져오기를 취소했습니다" in response.text
    assert "contacts_import" not in editor_client.session
    assert _counts() == (0, 0, 0, 0)


# Lists in the admin, and the rules on the records.


def test_list_changes_in_the_admin_are_audited(editor_client, editor):
    one = Journalist.objects.create(name="하나", email="one@example.com")
    two = Journalist.objects.create(name="둘", email="two@example.com")
    response = editor_client.post(
        f"{LIST_CHANGELIST}add/", {"name": "지역 언론", "description": "", "members": [one.pk]}
    )
    assert response.status_code == 302
    media_list = MediaList.objects.get(name="지역 언론")
    created = AuditEvent.objects.get(action=LIST_ACTION)
    assert created.details["change"] == "create" and created.details["added"] == [f"하나 #{one.pk}"]

    response = editor_client.post(
        f"{LIST_CHANGELIST}{media_list.pk}/change/",
        {"name": "지역 언론", "description": "대구·경북", "members": [two.pk]},
    )
    assert response.status_code == 302
    changed = AuditEvent.objects.filter(action=LIST_ACTION).order_by("-id").first()
    assert changed.details["added"] == [f"둘 #{two.pk}"]
    assert changed.details["removed"] == [f"하나 #{one.pk}"]
    assert changed.details["fields"] == ["description"]

    editor_client.post(
        LIST_CHANGELIST,
        {"action": "delete_selected", "_selected_action": [media_list.pk], "post": "yes"},
    )
    assert not MediaList.objects.exists() and Journalist.objects.count() == 2
    deleted = AuditEvent.objects.filter(action=LIST_ACTION).order_by("-id").first()
    assert deleted.details["change"] == "delete" and deleted.object_repr == "지역 언론"


def test_admin_pages_open_for_an_editor(editor_client):
    outlet = Outlet.objects.create(name="경북일보", kind=OutletKind.DAILY, region="경북")
    media_list = MediaList.objects.create(name="출입기자단")
    journalist = Journalist.objects.create(name="윤기자", outlet=outlet, email="yoon@example.com")
    media_list.members.add(journalist)
    for url in (
        CHANGELIST,
        f"{CHANGELIST}?lists__id__exact={media_list.pk}",
        f"{CHANGELIST}?outlet__kind__exact=daily&embargo_consent__exact=0",
        f"{CHANGELIST}?region=경북&q=윤기자",
        f"{CHANGELIST}add/",
        f"{CHANGELIST}{journalist.pk}/change/",
        "/admin/contacts/outlet/",
        f"/admin/contacts/outlet/{outlet.pk}/change/",
        LIST_CHANGELIST,
        f"{LIST_CHANGELIST}{media_list.pk}/change/",
        IMPORT_URL,
    ):
        response = editor_client.get(url)
        assert response.status_code == 200, url
    assert "윤기자" in editor_client.get(f"{CHANGELIST}?lists__id__exact={media_list.pk}").text
    found = editor_client.get(
        "/admin/autocomplete/",
        {"app_label": "contacts", "model_name": "medialist", "field_name": "members", "term": "윤"},
    ).json()
    assert [item["text"] for item in found["results"]] == ["윤기자 (경북일보)"]


def test_the_admin_form_normalises_the_address_and_dates_the_consent(editor_client):
    Journalist.objects.create(name="먼저", email="first@example.com")
    data = {
        "name": " 새  기자 ", "email": "New.Reporter@Example.COM", "language": "ko",
        "embargo_consent": "on", "active": "on",
    }  # fmt: skip
    assert editor_client.post(f"{CHANGELIST}add/", data).status_code == 302
    made = Journalist.objects.get(email="new.reporter@example.com")
    assert made.name == "새 기자" and made.embargo_consent_on == timezone.localdate()

    duplicate = editor_client.post(f"{CHANGELIST}add/", {**data, "email": "FIRST@example.com"})
    assert duplicate.status_code == 200
    assert "이 이메일 주소의 기자가 이미 있습니다." in duplicate.text


def test_the_database_refuses_doubles_and_undated_consent():
    Journalist.objects.create(name="하나", email="same@example.com")
    for fields in (
        {"email": "same@example.com"},
        {"email": "Upper@example.com"},
        {"email": "consent@example.com", "embargo_consent": True},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Journalist.objects.create(name="둘", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Outlet.objects.create(name="A News")
        Outlet.objects.create(name="a news")


def test_consenting_journalists_are_active_and_consenting():
    Journalist.objects.create(
        name="동의", email="yes@example.com", embargo_consent=True,
        embargo_consent_on=date(2026, 3, 1),
    )  # fmt: skip
    Journalist.objects.create(
        name="쉼", email="rest@example.com", embargo_consent=True,
        embargo_consent_on=date(2026, 3, 1), active=False,
    )  # fmt: skip
    Journalist.objects.create(name="미동의", email="no@example.com")
    assert list(Journalist.objects.embargo_consenting().values_list("name", flat=True)) == ["동의"]


# The forged-POST walk of tests/test_role_fields.py, over contact records it has no samples of.


WALKED = [
    (label, form)
    for label in ("contacts.Outlet", "contacts.Journalist", "contacts.MediaList")
    for form in ("change", "add")
    # The walk copies e-mail addresses unchanged, so it cannot add a second journalist: below.
    if (label, form) != ("contacts.Journalist", "add")
]


@pytest.mark.parametrize("role", ["writer", "editor"])
@pytest.mark.parametrize(("label", "form"), WALKED)
def test_forged_posts_cannot_set_withheld_contact_fields(
    label, role, form, writer, editor, writer_client, editor_client
):
    import tests.test_role_fields as walk

    outlets = [
        Outlet.objects.create(name=f"매체 {n}", kind=OutletKind.DAILY, region="경북")
        for n in (1, 2)
    ]
    people = [
        Journalist.objects.create(
            name=f"기자 {n}", outlet=outlets[n - 1], email=f"reporter{n}@example.com",
            desk="경제부", phone="053-000-0000", region="대구",
        )
        for n in (1, 2)
    ]  # fmt: skip
    for n in (1, 2):
        MediaList.objects.create(name=f"명단 {n}", description="설명").members.add(people[n - 1])
    test = {
        "change": walk.test_forged_change_post_cannot_set_withheld_fields,
        "add": walk.test_forged_add_post_cannot_set_withheld_fields,
    }[form]
    test(label, role, writer, editor, writer_client, editor_client)


def test_a_forged_journalist_add_cannot_set_stamps(editor_client, editor, writer):
    data = {
        "name": "새 기자", "email": "new@example.com", "language": "ko", "active": "on",
        "created_by": str(writer.pk), "updated_by": str(writer.pk), "version": "9",
        "created_at": "2020-01-02 03:04", "updated_at": "2020-01-02 03:04",
    }  # fmt: skip
    assert editor_client.post(f"{CHANGELIST}add/", data).status_code == 302
    made = Journalist.objects.get(email="new@example.com")
    assert made.created_by == editor and made.updated_by == editor and made.version == 1
    assert made.created_at.year == timezone.now().year


def test_the_contacts_pages_are_korean(editor_client):
    """The same check as tests/test_admin_korean.py, over the pages of this app."""
    import tests.test_admin_korean as korean

    outlet = Outlet.objects.create(name="경북일보", kind=OutletKind.DAILY, region="경북")
    journalist = Journalist.objects.create(name="윤기자", outlet=outlet, email="yoon@example.com")
    media_list = MediaList.objects.create(name="출입기자단")
    media_list.members.add(journalist)
    rows = [
        *GOOD_ROWS,
        ["윤 기자", "", "주간", "", "yoon@example.com", "", "", "", "", "해외"],
        ["윤기자", "", "", "", "YOON@example.com", "", "", "", "몰라", ""],
    ]
    content = set(korean.LATIN_WORD.findall(" ".join(" ".join(row) for row in rows)))
    allowed = (
        korean.FORMATS_AND_NAMES | content | {"CSV", "csv", "UTF", "CP", "EUC", "KR", "editor"}
    )
    pages = {
        url: editor_client.get(url).text
        for url in (
            CHANGELIST,
            f"{CHANGELIST}{journalist.pk}/change/",
            f"{CHANGELIST}add/",
            "/admin/contacts/outlet/",
            f"/admin/contacts/outlet/{outlet.pk}/change/",
            LIST_CHANGELIST,
            f"{LIST_CHANGELIST}{media_list.pk}/change/",
            IMPORT_URL,
        )
    }
    pages["preview"] = _upload(editor_client, _csv(rows)).text
    pages["refused file"] = _upload(editor_client, b"name,phone\r\nx,1\r\n").text
    problems = []
    for url, page in pages.items():
        text = korean._visible_text(page)
        english = sorted(set(korean.LATIN_WORD.findall(text)) - allowed)
        particles = sorted({m.group(0) for m in korean.PARTICLE_PATTERN.finditer(text)})
        if english or particles:
            problems.append((url, english, particles))
    assert problems == []


@pytest.mark.parametrize(
    "url", [CHANGELIST, LIST_CHANGELIST, "/admin/contacts/outlet/", CHANGELIST + "?q=기자"]
)
def test_the_lists_cost_the_same_for_few_and_many(editor_client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(first, last):
        for n in range(first, last):
            outlet = Outlet.objects.create(name=f"매체 {n}", region=f"지역 {n % 3}")
            journalist = Journalist.objects.create(
                name=f"기자 {n}", outlet=outlet, email=f"r{n}@example.com"
            )
            MediaList.objects.create(name=f"명단 {n}").members.add(journalist)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert editor_client.get(url).status_code == 200
        return len(context)

    make(0, 3)
    few = queries()
    make(3, 40)
    assert queries() == few
