"""The release as HWPX, in the Korean public-sector 보도자료 layout, made with python-hwpx."""

from hwpx import HwpxDocument

from presskits.documents.release import ReleaseSheet


def _table(document, rows):
    table = document.add_table(len(rows), len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.set_cell_text(r, c, value)
    return table


def release_hwpx(
    sheet: ReleaseSheet, facts_by_event: dict[str, list[tuple[str, str]]] | None = None
) -> bytes:
    document = HwpxDocument.new()
    title = document.add_paragraph("")
    title.add_run(sheet.kind, bold=True, size=20)
    # Header block: 보도시점 next to 배포 date, then the department.
    _table(
        document,
        [
            ["보도시점", sheet.embargo, "배포", sheet.distributed or "-"],
            ["담당부서", sheet.department or "-", "구분", sheet.kind],
        ],
    )
    headline = document.add_paragraph("")
    headline.add_run(sheet.headline, bold=True, size=26)
    for line in sheet.deck:
        deck = document.add_paragraph("")
        deck.add_run(f"- {line} -", bold=True, size=14)
    document.add_paragraph("")
    if sheet.lead:
        document.add_paragraph(f"□ {sheet.lead}")
    for paragraph in sheet.paragraphs:
        document.add_paragraph(f"ㅇ {paragraph}")
    if sheet.captions:
        document.add_paragraph("")
        document.add_paragraph("[사진 설명]")
        for caption in sheet.captions:
            document.add_paragraph(f"* {caption}")
    for name, facts in (facts_by_event or {}).items():
        document.add_paragraph("")
        document.add_paragraph(f"[행사 개요] {name}")
        _table(document, [[label, value] for label, value in facts])
    if sheet.attachments:
        document.add_paragraph("")
        document.add_paragraph(
            "붙임  " + "  ".join(f"{i}. {t}" for i, t in enumerate(sheet.attachments, 1))
        )
    if sheet.contacts:
        document.add_paragraph("")
        rows = [["구분", "담당 부서", "직급", "성명", "전화"]]
        rows += [[c.role, c.department, c.position, c.name, c.phone] for c in sheet.contacts]
        _table(document, rows)
    document.add_paragraph("")
    document.add_paragraph(sheet.copyright)
    return document.to_bytes()
