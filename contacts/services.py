"""CSV import and export of media contacts, and the audit lines of list changes.

An import runs in two steps over the same rows:

- `contacts_import_read()` decodes an uploaded file (UTF-8 with or without BOM, or CP949/EUC-KR,
  which Korean Excel writes) and parses it with the csv module into an `ImportUpload`: the cells by
  column, trimmed, nothing interpreted yet. That is what the admin keeps in the session between the
  preview and the confirmation; a file that cannot be read at all is a `ValidationError`.
- `contacts_import_plan()` validates every row and compares the file with the records: journalists
  to create, journalists to update (field by field), those already as the file says, rows merged
  because they share an e-mail address, outlets and lists to create, and each bad row's errors in
  Korean ("3행: 이메일 주소가 올바르지 않습니다: …"). Its `digest` names exactly that plan.
- `contacts_import_apply()` plans again inside one transaction with the matched journalists locked,
  and writes nothing if any row has an error or if the plan is no longer the one previewed (the
  records changed meanwhile); otherwise it writes everything and the audit lines.

An import adds and corrects, it never takes away: a blank cell leaves the stored value as it is,
and lists are only added to (removing someone from a list is done on the list). Journalists are
matched by e-mail address in any case, so importing the same file twice changes nothing the second
time. Outlets and lists named in the file are found by name in any case, or created.
"""

import codecs
import csv
import hashlib
import io
import json
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import Action
from audit.services import audit_record
from contacts.models import (
    Journalist,
    Language,
    MediaList,
    Outlet,
    OutletKind,
    normalise_email,
)
from core.filenames import ascii_name, download_name
from core.spreadsheet import BOM, FORMULA_STARTS, spreadsheet_cell

IMPORT_ACTION = Action.CONTACTS_IMPORT
LIST_ACTION = Action.MEDIA_LIST

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
LIST_SEPARATOR = ";"
YES = {"예", "네", "y", "yes", "true", "1", "o", "동의", "수신"}
NO = {"아니오", "아니요", "아니", "n", "no", "false", "0", "x", "미동의", "비동의", "거부"}
LANGUAGE_WORDS = {
    "ko": Language.KOREAN, "kr": Language.KOREAN, "한국어": Language.KOREAN,
    "국문": Language.KOREAN, "korean": Language.KOREAN,
    "en": Language.ENGLISH, "영어": Language.ENGLISH, "영문": Language.ENGLISH,
    "english": Language.ENGLISH,
}  # fmt: skip
KIND_ALIASES = {
    "신문": OutletKind.DAILY, "일간": OutletKind.DAILY, "종합일간지": OutletKind.DAILY,
    "통신": OutletKind.AGENCY, "방송사": OutletKind.BROADCAST, "tv": OutletKind.BROADCAST,
    "라디오": OutletKind.BROADCAST, "인터넷신문": OutletKind.ONLINE, "온라인": OutletKind.ONLINE,
    "인터넷 신문": OutletKind.ONLINE, "전문": OutletKind.TRADE, "업계지": OutletKind.TRADE,
}  # fmt: skip


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as exports write it: part of the file format, so always Korean
    aliases: tuple[str, ...]


COLUMNS = (
    Column("name", "이름", ("name", "성명", "기자명")),
    Column("outlet", "매체", ("outlet", "매체명", "언론사")),
    Column("outlet_kind", "매체 유형", ("outlet kind", "outlet type", "매체 종류", "유형")),
    Column("desk", "부서", ("desk", "beat", "부서·출입처", "부서/출입처", "출입처")),
    Column("email", "이메일", ("email", "e-mail", "이메일 주소", "전자우편", "메일")),
    Column("phone", "전화", ("phone", "전화번호", "휴대전화")),
    Column("language", "언어", ("language",)),
    Column("region", "지역", ("region",)),
    Column("embargo_consent", "엠바고 수신 동의", ("embargo consent", "엠바고 동의")),
    Column("lists", "명단", ("lists", "list", "명단 이름")),
)
REQUIRED = ("name", "email")
LABELS = {
    "name": gettext_lazy("이름"),
    "outlet": gettext_lazy("매체"),
    "outlet_kind": gettext_lazy("매체 유형"),
    "desk": gettext_lazy("부서·출입처"),
    "email": gettext_lazy("이메일"),
    "phone": gettext_lazy("전화"),
    "language": gettext_lazy("언어"),
    "region": gettext_lazy("지역"),
    "embargo_consent": gettext_lazy("엠바고 수신 동의"),
    "lists": gettext_lazy("명단"),
}
# Plain text fields of Journalist a file may set, checked against the model's lengths.
TEXT_FIELDS = ("name", "desk", "phone", "region")


def _header_key(text):
    return "".join(unicodedata.normalize("NFC", text).casefold().replace("-", "").split())


HEADERS = {
    _header_key(name): column.key
    for column in COLUMNS
    for name in (column.header, column.key, *column.aliases)
}


def _clean_cell(value):
    """A cell as the import reads it: NFC (files from a Mac carry decomposed Hangul), whitespace
    collapsed, and the apostrophe an export put before a formula-like value taken off."""
    value = " ".join(unicodedata.normalize("NFC", value).split())
    if value.startswith("'") and value[1:2] in FORMULA_STARTS:
        value = value[1:]
    return value


def _shown(value, limit=60):
    value = str(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


# Reading a file.


@dataclass
class ImportUpload:
    """An uploaded file as rows of cells, before any interpretation; JSON-serialisable."""

    filename: str
    encoding: str
    columns: list[str]
    # (row number as a spreadsheet shows it, cells by column key, cells found past the header)
    rows: list[tuple[int, dict[str, str], int]]
    ignored: list[str] = field(default_factory=list)
    add_to_list: str = ""

    def as_data(self):
        return {
            "filename": self.filename,
            "encoding": self.encoding,
            "columns": self.columns,
            "rows": [[line, cells, extra] for line, cells, extra in self.rows],
            "ignored": self.ignored,
            "add_to_list": self.add_to_list,
        }

    @classmethod
    def from_data(cls, data):
        return cls(
            filename=str(data["filename"]),
            encoding=str(data["encoding"]),
            columns=[str(key) for key in data["columns"]],
            rows=[(int(line), dict(cells), int(extra)) for line, cells, extra in data["rows"]],
            ignored=list(data["ignored"]),
            add_to_list=str(data["add_to_list"]),
        )


def _decode(data: bytes):
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ValidationError(
            _(
                "유니코드 텍스트(UTF-16) 파일은 읽지 않습니다. 엑셀에서 ‘CSV UTF-8(쉼표로 분리)’ 또는 "
                "‘CSV(쉼표로 분리)’로 저장해 올려 주세요."
            )
        )
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949"), "CP949"
    except UnicodeDecodeError:
        raise ValidationError(
            _(
                "파일의 글자를 읽을 수 없습니다. UTF-8 또는 CP949(EUC-KR)로 저장한 CSV 파일을 "
                "올려 주세요."
            )
        ) from None


def contacts_import_read(data: bytes, *, filename="", add_to_list="") -> ImportUpload:
    """Decode and parse an uploaded CSV file; a file that cannot be read is a ValidationError."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("파일이 너무 큽니다. %(size)s MB까지 올릴 수 있습니다.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    text, encoding = _decode(data)
    if "\x00" in text:
        raise ValidationError(_("CSV 파일이 아닙니다. 엑셀에서 CSV 형식으로 저장해 올려 주세요."))
    records = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for record in reader:
            records.append(record)
    except csv.Error:
        raise ValidationError(
            _(
                'CSV 파일의 %(line)s행을 읽을 수 없습니다. 따옴표(")가 제대로 닫혔는지 '
                "확인해 주세요."
            )
            % {"line": len(records) + 1}
        ) from None

    start = next(
        (i for i, record in enumerate(records) if any(cell.strip() for cell in record)), None
    )
    if start is None:
        raise ValidationError(_("파일이 비어 있습니다."))
    header = [_clean_cell(cell) for cell in records[start]]
    positions, ignored = {}, []
    for position, title in enumerate(header):
        key = HEADERS.get(_header_key(title))
        if key is None:
            if title:
                ignored.append(title)
            continue
        if key in positions:
            raise ValidationError(
                _("머리글에 ‘%(title)s’ 열이 두 번 있습니다.") % {"title": _shown(title)}
            )
        positions[key] = position
    missing = [str(LABELS[key]) for key in REQUIRED if key not in positions]
    if missing:
        raise ValidationError(
            _(
                "첫 행(머리글)에 꼭 있어야 할 열이 없습니다: %(columns)s. 내보낸 파일의 머리글을 "
                "그대로 써 주세요."
            )
            % {"columns": ", ".join(missing)}
        )

    rows = []
    for index, record in enumerate(records[start + 1 :], start=start + 2):
        cells = [_clean_cell(cell) for cell in record]
        if not any(cells):
            continue
        values = {
            key: (cells[position] if position < len(cells) else "")
            for key, position in positions.items()
        }
        extra = sum(1 for cell in cells[len(header) :] if cell)
        rows.append((index, values, extra))
        if len(rows) > MAX_ROWS:
            raise ValidationError(
                _("행이 너무 많습니다. 한 번에 %(count)s행까지 가져올 수 있습니다.")
                % {"count": f"{MAX_ROWS:,}"}
            )
    if not rows:
        raise ValidationError(_("머리글 아래에 가져올 행이 없습니다."))
    return ImportUpload(
        filename=filename[:200],
        encoding=encoding,
        columns=sorted(positions, key=positions.get),
        rows=rows,
        ignored=ignored,
        add_to_list=_clean_cell(add_to_list or ""),
    )


# Planning.


def _yes_no(value):
    word = value.casefold()
    if word in YES:
        return True
    if word in NO:
        return False
    return None


def _kind_words():
    with translation.override("ko"):
        words = {str(label).casefold(): value for value, label in OutletKind.choices}
    words.update({value: value for value in OutletKind.values})
    words.update(KIND_ALIASES)
    return words


def _max_length(model, name):
    return model._meta.get_field(name).max_length


def _list_names(cell):
    names, seen = [], set()
    for part in cell.split(LIST_SEPARATOR):
        name = " ".join(part.split())
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


def _row_values(line, cells, extra, kinds):
    """The row's values in the form they are stored, only those the file gives; and its errors."""
    errors, values = [], {}

    def error(message, **params):
        errors.append(_("%(line)s행: %(problem)s") % {"line": line, "problem": message % params})

    if extra:
        error(_("머리글보다 칸이 많습니다. 쉼표가 들어간 값은 큰따옴표로 감싸 주세요."))
    for key in REQUIRED:
        if not cells.get(key):
            error(
                _("이름이 비어 있습니다.") if key == "name" else _("이메일 주소가 비어 있습니다.")
            )
    email = normalise_email(cells.get("email", ""))
    if email:
        try:
            validate_email(email)
            if len(email) > _max_length(Journalist, "email"):
                raise ValidationError("too long")
        except ValidationError:
            error(_("이메일 주소가 올바르지 않습니다: %(value)s"), value=_shown(cells["email"]))
        else:
            values["email"] = email
    for key in TEXT_FIELDS:
        value = cells.get(key, "")
        if not value:
            continue
        limit = _max_length(Journalist, key)
        if len(value) > limit:
            error(
                _("%(label)s 값이 너무 깁니다(%(limit)s자까지): %(value)s"),
                label=LABELS[key],
                limit=limit,
                value=_shown(value),
            )
        else:
            values[key] = value
    if outlet := cells.get("outlet", ""):
        limit = _max_length(Outlet, "name")
        if len(outlet) > limit:
            error(
                _("%(label)s 값이 너무 깁니다(%(limit)s자까지): %(value)s"),
                label=LABELS["outlet"],
                limit=limit,
                value=_shown(outlet),
            )
        else:
            values["outlet"] = outlet
    if kind := cells.get("outlet_kind", ""):
        if kind.casefold() in kinds:
            values["outlet_kind"] = kinds[kind.casefold()]
        else:
            error(
                _("매체 유형을 알 수 없습니다: %(value)s (%(known)s 가운데 하나로 적어 주세요)"),
                value=_shown(kind),
                known=", ".join(str(label) for label in OutletKind.labels),
            )
    if language := cells.get("language", ""):
        if language.casefold() in LANGUAGE_WORDS:
            values["language"] = LANGUAGE_WORDS[language.casefold()].value
        else:
            error(
                _("언어를 알 수 없습니다: %(value)s (한국어 또는 영어로 적어 주세요)"),
                value=_shown(language),
            )
    if consent := cells.get("embargo_consent", ""):
        answer = _yes_no(consent)
        if answer is None:
            error(
                _("엠바고 수신 동의 값을 알 수 없습니다: %(value)s (예 또는 아니오로 적어 주세요)"),
                value=_shown(consent),
            )
        else:
            values["embargo_consent"] = answer
    if cells.get("lists", ""):
        names = _list_names(cells["lists"])
        limit = _max_length(MediaList, "name")
        too_long = [name for name in names if len(name) > limit]
        for name in too_long:
            error(
                _("명단 이름이 너무 깁니다(%(limit)s자까지): %(value)s"),
                limit=limit,
                value=_shown(name),
            )
        if names and not too_long:
            values["lists"] = names
    return values, errors


@dataclass
class PlannedRow:
    """One journalist of the file (several rows when they share an e-mail address)."""

    lines: list[int]
    email: str
    name: str
    action: str  # "create", "update" or "same"
    values: dict
    lists: list[str] = field(default_factory=list)  # lists the journalist is added to
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # label, before, after
    journalist: Journalist | None = None

    @property
    def line_label(self):
        return ", ".join(str(line) for line in self.lines)

    @property
    def outlet(self):
        return self.values.get("outlet", "")


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    new_outlets: dict[str, tuple[str, str]] = field(default_factory=dict)  # key: (name, kind)
    new_lists: dict[str, str] = field(default_factory=dict)  # key: name
    outlets: dict[str, Outlet] = field(default_factory=dict)  # stored ones the file names
    lists: dict[str, MediaList] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    row_count: int = 0

    @property
    def creates(self):
        return [row for row in self.rows if row.action == "create"]

    @property
    def updates(self):
        return [row for row in self.rows if row.action == "update"]

    @property
    def unchanged(self):
        return [row for row in self.rows if row.action == "same"]

    @property
    def new_outlet_names(self):
        with translation.override("ko"):
            return [
                f"{name} ({OutletKind(kind).label})" for name, kind in self.new_outlets.values()
            ]

    @property
    def new_list_names(self):
        return list(self.new_lists.values())

    @property
    def changes_anything(self):
        return bool(self.creates or self.updates or self.new_outlets or self.new_lists)

    @property
    def can_apply(self):
        return not self.errors and self.changes_anything

    @property
    def digest(self):
        """Names this plan exactly: what is created, what changes, from what to what."""
        summary = {
            "rows": [
                [row.action, row.email, sorted(row.values.items()), row.lists, row.changes]
                for row in self.rows
            ],
            "outlets": sorted(self.new_outlets.items()),
            "lists": sorted(self.new_lists.items()),
            "errors": self.errors,
        }
        encoded = json.dumps(summary, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _merge(first, later, line, first_line, plan):
    """Fold a later row with the same e-mail address into the first: the first row's values win,
    the later one fills what the first left blank, and the lists of both are kept."""
    different = []
    for key, value in later.items():
        if key == "lists":
            known = {name.lower() for name in first.get("lists", [])}
            first["lists"] = [
                *first.get("lists", []),
                *(name for name in value if name.lower() not in known),
            ]
        elif key not in first:
            first[key] = value
        elif str(first[key]).casefold() != str(value).casefold():
            different.append(str(LABELS[key]))
    plan.merged.append(
        _("%(line)s행: %(first)s행과 이메일 주소(%(email)s)가 같아 한 사람으로 합칩니다.")
        % {"line": line, "first": first_line, "email": first["email"]}
    )
    if different:
        plan.warnings.append(
            _("%(line)s행: %(fields)s 값이 %(first)s행과 달라 %(first)s행 값을 씁니다.")
            % {"line": line, "fields": ", ".join(different), "first": first_line}
        )


def _display(key, value):
    if key == "embargo_consent":
        return _("예") if value else _("아니오")
    if key == "language":
        return str(Language(value).label) if value else ""
    if key == "outlet_kind":
        return str(OutletKind(value).label)
    return str(value or "")


def contacts_import_plan(upload: ImportUpload, *, lock=False) -> ImportPlan:
    """What importing `upload` would change, row by row; writes nothing.

    With `lock` (inside a transaction) the journalists the file matches are locked until it ends.
    """
    plan = ImportPlan(ignored_columns=list(upload.ignored), row_count=len(upload.rows))
    kinds = _kind_words()
    by_email: dict[str, tuple[list[int], dict]] = {}
    for line, cells, extra in upload.rows:
        values, errors = _row_values(line, cells, extra, kinds)
        plan.errors.extend(errors)
        if errors:
            continue
        if upload.add_to_list:
            values["lists"] = [*values.get("lists", []), upload.add_to_list]
            values["lists"] = _list_names(LIST_SEPARATOR.join(values["lists"]))
        email = values["email"]
        if email in by_email:
            lines, first = by_email[email]
            _merge(first, values, line, lines[0], plan)
            lines.append(line)
        else:
            by_email[email] = ([line], values)

    # The records the file touches, each read once.
    journalists = Journalist.objects.filter(email__in=list(by_email)).select_related("outlet")
    if lock:  # in one order, so that two imports wait for each other instead of deadlocking
        journalists = journalists.select_for_update(of=("self",)).order_by("pk")
    existing = {j.email: j for j in journalists.prefetch_related("lists")}
    outlet_names = {v["outlet"].lower() for _lines, v in by_email.values() if v.get("outlet")}
    plan.outlets = {
        outlet.name.lower(): outlet
        for outlet in Outlet.objects.annotate(key=Lower("name")).filter(key__in=outlet_names)
    }
    list_names = {name.lower() for _lines, v in by_email.values() for name in v.get("lists", [])}
    plan.lists = {
        media_list.name.lower(): media_list
        for media_list in MediaList.objects.annotate(key=Lower("name")).filter(key__in=list_names)
    }

    with translation.override("ko"):
        for email, (lines, values) in by_email.items():
            plan.rows.append(_plan_row(plan, lines, email, values, existing.get(email)))
    return plan


def _plan_outlet(plan, line, values):
    """The outlet's name as it will be stored; records a new outlet or a kind that is not taken."""
    kind = values.get("outlet_kind")
    if not values.get("outlet"):
        if kind:
            plan.warnings.append(
                _("%(line)s행: 매체 없이 적힌 매체 유형은 쓰지 않습니다.") % {"line": line}
            )
        return ""
    key = values["outlet"].lower()
    if key in plan.outlets:
        outlet = plan.outlets[key]
        if kind and kind != outlet.kind:
            plan.warnings.append(
                _(
                    "%(line)s행: 등록된 매체 ‘%(name)s’의 유형(%(kind)s)은 가져오기로 바꾸지 "
                    "않습니다. 바꾸려면 매체 화면에서 고쳐 주세요."
                )
                % {"line": line, "name": outlet.name, "kind": outlet.get_kind_display()}
            )
        return outlet.name
    if key not in plan.new_outlets:
        plan.new_outlets[key] = (values["outlet"], kind or OutletKind.OTHER)
    elif kind and kind != plan.new_outlets[key][1]:
        name, first_kind = plan.new_outlets[key]
        plan.warnings.append(
            _("%(line)s행: 새 매체 ‘%(name)s’의 유형은 먼저 나온 ‘%(kind)s’로 합니다.")
            % {"line": line, "name": name, "kind": OutletKind(first_kind).label}
        )
    return plan.new_outlets[key][0]


def _plan_row(plan, lines, email, values, journalist):
    values = dict(values)
    outlet = _plan_outlet(plan, lines[0], values)
    values.pop("outlet_kind", None)
    if outlet:
        values["outlet"] = outlet
    wanted = []
    for name in values.pop("lists", []):
        key = name.lower()
        if key in plan.lists:
            wanted.append(plan.lists[key].name)
        else:
            plan.new_lists.setdefault(key, name)
            wanted.append(plan.new_lists[key])
    if journalist is None:
        return PlannedRow(
            lines=lines,
            email=email,
            name=values["name"],
            action="create",
            values=values,
            lists=wanted,
        )
    changes = []
    current = {
        "name": journalist.name,
        "outlet": journalist.outlet.name if journalist.outlet_id else "",
        "desk": journalist.desk,
        "phone": journalist.phone,
        "language": journalist.language,
        "region": journalist.region,
        "embargo_consent": journalist.embargo_consent,
    }
    for key, before in current.items():
        if key not in values:
            continue
        after = values[key]
        same = before.lower() == after.lower() if key == "outlet" else before == after
        if not same:
            changes.append((str(LABELS[key]), _display(key, before), _display(key, after)))
    held = [media_list.name for media_list in journalist.lists.all()]
    added = [name for name in wanted if name.lower() not in {n.lower() for n in held}]
    if added:
        changes.append((str(LABELS["lists"]), "; ".join(held), "; ".join([*held, *added])))
    return PlannedRow(
        lines=lines,
        email=email,
        name=values.get("name", journalist.name),
        action="update" if changes else "same",
        values=values,
        lists=added,
        changes=changes,
        journalist=journalist,
    )


# Applying.


class ImportRefused(Exception):
    """Nothing was written; `plan` (when there is one) is what the file would do now."""

    def __init__(self, message, plan=None):
        super().__init__(message)
        self.message = message
        self.plan = plan


def contacts_import_apply(upload: ImportUpload, *, expected_digest, by, request=None):
    """Write the plan previewed as `expected_digest`, all of it in one transaction, or nothing."""
    try:
        with transaction.atomic():
            plan = contacts_import_plan(upload, lock=True)
            if plan.errors:
                raise ImportRefused(
                    _(
                        "오류가 있는 행이 있어 아무것도 바꾸지 않았습니다. 파일을 고쳐 다시 올려 주세요."
                    ),
                    plan,
                )
            if plan.digest != expected_digest:
                raise ImportRefused(
                    _(
                        "미리 본 뒤에 연락처가 바뀌어 아무것도 바꾸지 않았습니다. 바뀐 내용을 "
                        "다시 확인해 주세요."
                    ),
                    plan,
                )
            _write(plan, upload, by=by, request=request)
    except IntegrityError:
        raise ImportRefused(
            _(
                "다른 사람이 같은 연락처를 동시에 바꾸어 아무것도 바꾸지 않았습니다. 파일을 다시 "
                "올려 주세요."
            )
        ) from None
    return plan


def _write(plan, upload, *, by, request):
    outlets = dict(plan.outlets)
    for key, (name, kind) in plan.new_outlets.items():
        outlets[key] = Outlet.objects.create(name=name, kind=kind, created_by=by, updated_by=by)
    lists = dict(plan.lists)
    for key, name in plan.new_lists.items():
        lists[key] = MediaList.objects.create(name=name, created_by=by, updated_by=by)

    fields = ("name", "desk", "phone", "language", "region")
    created = []
    for row in plan.creates:
        journalist = Journalist(email=row.email, created_by=by, updated_by=by)
        _assign(journalist, row.values, outlets, fields)
        journalist.clean()  # every value was checked when planned; this only normalises
        created.append(journalist)
        row.journalist = journalist
    Journalist.objects.bulk_create(created)
    for row in plan.updates:
        journalist = row.journalist
        _assign(journalist, row.values, outlets, fields)
        journalist.updated_by = by
        journalist.save()

    members = MediaList.members.through
    added_to: dict[str, list[Journalist]] = {}
    links = []
    for row in plan.rows:
        for name in row.lists:
            media_list = lists[name.lower()]
            links.append(members(medialist_id=media_list.pk, journalist_id=row.journalist.pk))
            added_to.setdefault(name.lower(), []).append(row.journalist)
    members.objects.bulk_create(links, ignore_conflicts=True)

    for key, journalists in added_to.items():
        audit_record(
            action=LIST_ACTION,
            actor=by,
            request=request,
            obj=lists[key],
            change="import",
            created=key in plan.new_lists or None,
            added=_people(journalists),
            added_count=len(journalists),
        )
    audit_record(
        action=IMPORT_ACTION,
        actor=by,
        request=request,
        file=upload.filename,
        encoding=upload.encoding,
        rows=plan.row_count,
        created=len(plan.creates),
        updated=len(plan.updates),
        unchanged=len(plan.unchanged),
        merged=len(plan.merged),
        outlets_created=[name for name, _kind in plan.new_outlets.values()],
        lists_created=list(plan.new_lists.values()),
        lists_added={lists[key].name: len(people) for key, people in added_to.items()},
    )


def _assign(journalist, values, outlets, fields):
    for name in fields:
        if name in values:
            setattr(journalist, name, values[name])
    if values.get("outlet"):
        journalist.outlet = outlets[values["outlet"].lower()]
    if "embargo_consent" in values:
        journalist.set_embargo_consent(values["embargo_consent"])


def _people(journalists, limit=200):
    """How an audit line names journalists: name and number, never the address."""
    return [f"{j.name} #{j.pk}" for j in journalists[:limit]]


# Export.


@dataclass
class ContactsFile:
    name: str
    ascii_name: str
    content: bytes
    count: int


def contacts_export_csv(journalists) -> str:
    """The journalists as CSV text: BOM, Korean header, one row per journalist, lists joined."""
    return _csv_of(journalists)[0]


def _csv_of(journalists):
    count = 0
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.header for column in COLUMNS])
    with translation.override("ko"):
        for journalist in journalists.for_listing():
            outlet = journalist.outlet
            row = [
                journalist.name,
                outlet.name if outlet else "",
                outlet.get_kind_display() if outlet else "",
                journalist.desk,
                journalist.email,
                journalist.phone,
                journalist.get_language_display(),
                journalist.region,
                _("예") if journalist.embargo_consent else _("아니오"),
                f"{LIST_SEPARATOR} ".join(media_list.name for media_list in journalist.lists.all()),
            ]
            writer.writerow([spreadsheet_cell(value) for value in row])
            count += 1
    return buffer.getvalue(), count


def contacts_export(journalists, *, by, request=None, media_lists=()) -> ContactsFile:
    """The file of `journalists` (a list's members, or a selection), recorded in the audit trail."""
    text, count = _csv_of(journalists)
    media_lists = list(media_lists)
    title = media_lists[0].name if len(media_lists) == 1 else _("기자 연락처")
    now = timezone.now()
    audit_record(
        action=Action.EXPORT,
        actor=by,
        request=request,
        obj=media_lists[0] if len(media_lists) == 1 else None,
        what="contacts-csv",
        count=count,
        lists=[media_list.name for media_list in media_lists] or None,
    )
    return ContactsFile(
        name=download_name(title, "csv", on=now),
        ascii_name=ascii_name(title, "csv", on=now),
        content=text.encode("utf-8"),
        count=count,
    )


# List changes made in the admin.


def media_list_change_record(
    *, media_list, members_before, by, request=None, created=False, fields=()
):
    """The audit line of a list saved in the admin: who was added and removed, what else changed.

    `members_before` is the set of member ids read before the form's members were saved.
    """
    after = set(media_list.members.values_list("pk", flat=True))
    added, removed = after - set(members_before), set(members_before) - after
    fields = [name for name in fields if name != "members"]
    if not (created or added or removed or fields):
        return None
    people = Journalist.objects.in_bulk(added | removed)
    return audit_record(
        action=LIST_ACTION,
        actor=by,
        request=request,
        obj=media_list,
        change="create" if created else "change",
        fields=fields or None,
        added=_people([people[pk] for pk in sorted(added)]) or None,
        removed=_people([people[pk] for pk in sorted(removed)]) or None,
        members=len(after),
    )


def media_lists_delete(media_lists, *, by, request=None):
    """Delete lists (never their journalists), each with an audit line."""
    with transaction.atomic():
        for media_list in media_lists:
            audit_record(
                action=LIST_ACTION,
                actor=by,
                request=request,
                obj=media_list,
                change="delete",
                members=media_list.members.count(),
            )
            media_list.delete()
