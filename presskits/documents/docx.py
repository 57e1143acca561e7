"""The release as DOCX (python-docx), with an East Asian font set so Korean renders everywhere."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from presskits.documents.release import ReleaseSheet

KOREAN_FONT = "Noto Sans CJK KR"
FALLBACK_FONT = "맑은 고딕"


def _korean(run, size=None, bold=False):
    run.font.name = FALLBACK_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), KOREAN_FONT)
    if size:
        run.font.size = Pt(size)
    run.bold = bold
    return run


def _paragraph(document, text, size=None, bold=False, align=None):
    paragraph = document.add_paragraph()
    _korean(paragraph.add_run(text), size, bold)
    if align:
        paragraph.alignment = align
    return paragraph


def _table(document, rows, header=False):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = ""
            _korean(cell.paragraphs[0].add_run(value), 10, bold=header and r == 0)
    return table


def release_docx(
    sheet: ReleaseSheet, facts_by_event: dict[str, list[tuple[str, str]]] | None = None
) -> bytes:
    document = Document()
    styles = document.styles["Normal"]
    styles.font.name = FALLBACK_FONT
    styles.element.rPr.rFonts.set(qn("w:eastAsia"), KOREAN_FONT)
    styles.font.size = Pt(11)
    _paragraph(document, sheet.kind, 20, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _table(
        document,
        [
            ["보도시점", sheet.embargo, "배포", sheet.distributed or "-"],
            ["담당부서", sheet.department or "-", "구분", sheet.kind],
        ],
    )
    _paragraph(document, sheet.headline, 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for line in sheet.deck:
        _paragraph(document, f"- {line} -", 13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if sheet.lead:
        _paragraph(document, f"□ {sheet.lead}")
    for paragraph in sheet.paragraphs:
        _paragraph(document, f"ㅇ {paragraph}")
    if sheet.captions:
        _paragraph(document, "[사진 설명]", bold=True)
        for caption in sheet.captions:
            _paragraph(document, f"* {caption}", 10)
    for name, facts in (facts_by_event or {}).items():
        _paragraph(document, f"[행사 개요] {name}", 12, bold=True)
        _table(document, [[label, value] for label, value in facts])
    if sheet.attachments:
        _paragraph(
            document, "붙임  " + "  ".join(f"{i}. {t}" for i, t in enumerate(sheet.attachments, 1))
        )
    if sheet.contacts:
        rows = [["구분", "담당 부서", "직급", "성명", "전화"]]
        rows += [[c.role, c.department, c.position, c.name, c.phone] for c in sheet.contacts]
        _table(document, rows, header=True)
    _paragraph(document, sheet.copyright, 9)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
