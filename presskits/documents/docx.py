"""The release as DOCX (python-docx), set up as a Korean Word document.

- Language: Korean (`w:lang w:val="ko-KR" w:eastAsia="ko-KR"`) in the document defaults, the
  Normal style and on every run, and the theme's East Asian language; a run of Latin letters (a
  name like "IT Park", an address) is marked English, so no renderer breaks it as if Korean.
- Font: 맑은 고딕 (Malgun Gothic), what every Korean Windows has, for Korean and Latin text; the
  font table names it with its English alternative name, panose and Hangul charset, so Word and
  LibreOffice find it (or substitute a Korean sans-serif) under either name.
- Line breaking: `w:wordWrap` on (Word keeps 어절 whole), `w:autoSpaceDE`/`w:autoSpaceDN` off (no
  quarter-em Word adds between Hangul and Latin letters or digits: "10월 5일" stays as typed).
  LibreOffice's DOCX importer skips all three (see the note in tests/test_documents.py).

The body is the sheet's outline: marks and hanging indents by depth, headings bold, lists with
their numbers, tables as tables, links as hyperlinks, photos inline with caption and credit.
"""

import io
import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from presskits.documents.outline import Heading, Image, Note, Paragraph, Run, Table
from presskits.documents.release import ReleaseSheet, fit_mm, photo_jpeg, png_size

KOREAN_FONT = "맑은 고딕"
KOREAN_FONT_ALT = "Malgun Gothic"
KOREAN = "ko-KR"
ENGLISH = "en-US"
LINK_COLOUR = RGBColor(0x06, 0x45, 0xAD)
STEP_MM = 5  # indent per outline level; the mark hangs in the first step
LATIN_WORD = re.compile(r"([A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*)")
BODY_WIDTH_MM = 160


def _el(tag: str, **attributes) -> OxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _replace(parent, element, *, before: tuple[str, ...] = ()):
    """Put `element` in `parent`, replacing one with its tag, ahead of the first of `before`."""
    for old in parent.findall(element.tag):
        parent.remove(old)
    for tag in before:
        anchor = parent.find(qn(tag))
        if anchor is not None:
            anchor.addprevious(element)
            return element
    parent.append(element)
    return element


def _fonts(rpr):
    return _replace(
        rpr,
        _el(
            "w:rFonts",
            ascii=KOREAN_FONT,
            hAnsi=KOREAN_FONT,
            eastAsia=KOREAN_FONT,
            cs=KOREAN_FONT,
        ),
        before=("w:b", "w:i", "w:color", "w:sz", "w:u", "w:lang"),
    )


def _lang(rpr, latin: str = KOREAN):
    return _replace(rpr, _el("w:lang", val=latin, eastAsia=KOREAN, bidi="ar-SA"))


def _korean_paragraph_rules(ppr):
    """Word's Korean line rules: 어절 kept whole, no automatic space around Latin and digits."""
    order = ("w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:jc")
    _replace(ppr, _el("w:wordWrap", val="1"), before=("w:autoSpaceDE", *order))
    _replace(ppr, _el("w:autoSpaceDE", val="0"), before=("w:autoSpaceDN", *order))
    _replace(ppr, _el("w:autoSpaceDN", val="0"), before=order)


def _setup(document) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr)
    _lang(rpr)
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = defaults.makeelement(qn("w:pPrDefault"), {})
        defaults.append(ppr_default)
    ppr = ppr_default.find(qn("w:pPr"))
    if ppr is None:
        ppr = ppr_default.makeelement(qn("w:pPr"), {})
        ppr_default.append(ppr)
    _korean_paragraph_rules(ppr)
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    normal_rpr = normal.element.get_or_add_rPr()
    _fonts(normal_rpr)
    _lang(normal_rpr)
    _korean_paragraph_rules(normal.element.get_or_add_pPr())
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.3
    for style in document.styles:
        element = style.element.rPr
        if element is not None and element.find(qn("w:rFonts")) is not None:
            _fonts(element)
    settings = document.settings.element
    _replace(
        settings,
        _el("w:themeFontLang", val=ENGLISH, eastAsia=KOREAN),
        before=("w:clrSchemeMapping", "w:doNotAutoCompressPictures", "w:shapeDefaults"),
    )
    _font_table(document)


def _font_table(document) -> None:
    """Name 맑은 고딕 in the font table: English alternative name, Hangul charset, fallbacks."""
    part = next(
        rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.FONT_TABLE
    )
    root = etree.fromstring(part.blob)
    for old in root.findall(qn("w:font")):
        if old.get(qn("w:name")) == KOREAN_FONT:
            root.remove(old)
    font = etree.SubElement(root, qn("w:font"), {qn("w:name"): KOREAN_FONT})
    for tag, value in (
        ("altName", KOREAN_FONT_ALT),
        ("panose1", "020B0503020000020004"),
        ("charset", "81"),
        ("family", "swiss"),
        ("pitch", "variable"),
    ):
        etree.SubElement(font, qn(f"w:{tag}"), {qn("w:val"): value})
    etree.SubElement(
        font,
        qn("w:sig"),
        {
            qn("w:usb0"): "9000002F",
            qn("w:usb1"): "29D77CFB",
            qn("w:usb2"): "00000012",
            qn("w:usb3"): "00000000",
            qn("w:csb0"): "00080001",
            qn("w:csb1"): "00000000",
        },
    )
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _text_run(paragraph, text: str, *, bold=False, italic=False, size=None, colour=None):
    """Runs for `text`, Latin words marked English and the rest Korean."""
    runs = []
    for piece in LATIN_WORD.split(text):
        if not piece:
            continue
        run = paragraph.add_run(piece)
        run.bold = bold or None
        run.italic = italic or None
        if size:
            run.font.size = Pt(size)
        if colour:
            run.font.color.rgb = colour
            run.font.underline = True
        _lang(run._element.get_or_add_rPr(), ENGLISH if LATIN_WORD.fullmatch(piece) else KOREAN)
        runs.append(run)
    return runs


def _hyperlink(paragraph, run: Run, size=None):
    r_id = paragraph.part.relate_to(run.href, RT.HYPERLINK, is_external=True)
    link = _el("w:hyperlink")
    link.set(qn("r:id"), r_id)
    paragraph._p.append(link)
    for made in _text_run(
        paragraph, run.text, bold=run.bold, italic=run.italic, size=size, colour=LINK_COLOUR
    ):
        link.append(made._element)


def _runs(paragraph, runs: list[Run], *, size=None, bold=False):
    for run in runs:
        if run.href:
            _hyperlink(paragraph, run, size)
            continue
        lines = run.text.split("\n")
        for i, line in enumerate(lines):
            if i:
                paragraph.add_run().add_break()
            _text_run(paragraph, line, bold=bold or run.bold, italic=run.italic, size=size)


def _paragraph(container, text="", size=None, bold=False, align=None, space_after=None):
    paragraph = container.add_paragraph()
    if text:
        _text_run(paragraph, text, bold=bold, size=size)
    if align is not None:
        paragraph.alignment = align
    if space_after is not None:
        paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def _shade(cell, fill="EEF2F6"):
    cell._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    )


def _table(document, rows, header=False, shade_first_column=False):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = ""
            is_head = (header and r == 0) or (shade_first_column and c % 2 == 0)
            _text_run(cell.paragraphs[0], value, size=10, bold=header and r == 0)
            if is_head:
                _shade(cell)
    return table


def _outline_table(document, block: Table):
    columns = block.columns
    if not columns:
        return
    if block.caption:
        _paragraph(document, block.caption, size=10, bold=True, space_after=2)
    table = document.add_table(rows=len(block.rows), cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, c, cell in block.grid():
        target = table.cell(r, c)
        last = table.cell(
            min(r + cell.rowspan, len(block.rows)) - 1, min(c + cell.colspan, columns) - 1
        )
        if last._tc is not target._tc:
            target = target.merge(last)
        paragraph = target.paragraphs[0]
        _runs(paragraph, cell.runs, size=10, bold=cell.header)
        if cell.header:
            _shade(target)
    document.add_paragraph().paragraph_format.space_after = Pt(2)


def _outline_text(document, block):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    indent = Mm(STEP_MM * (block.depth + 1))
    if block.label:
        fmt.left_indent = indent
        fmt.first_line_indent = -Mm(STEP_MM)
        fmt.tab_stops.add_tab_stop(indent)
        _text_run(
            paragraph, block.label + "\t", bold=isinstance(block, Heading) or block.depth == 0
        )
    else:
        fmt.left_indent = Mm(STEP_MM * block.depth)
    size = 10 if isinstance(block, Note) else None
    if isinstance(block, Heading):
        fmt.space_before = Pt(8)
        fmt.keep_with_next = True
        size = 12 if block.depth == 0 else None
    bold = isinstance(block, Heading) or (isinstance(block, Paragraph) and block.depth == 0)
    _runs(paragraph, block.runs, size=size, bold=bold)
    if isinstance(block, Paragraph) and block.quote:
        for run in paragraph.runs:
            run.italic = True


def _outline_image(document, block: Image):
    data, width, height = photo_jpeg(block.photo)
    width_mm, height_mm = fit_mm(width, height, 150, 110)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(data), width=Mm(width_mm), height=Mm(height_mm))
    picture = paragraph._p.find(".//" + qn("wp:docPr"))
    if picture is not None and block.alt:
        picture.set("descr", block.alt)
    _paragraph(document, block.line, size=9, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8)


def _border(side: str, size: int, colour: str):
    return parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:{side} w:val="single" w:sz="{size}" w:space="4"'
        f' w:color="{colour}"/></w:pBdr>'
    )


def _letterhead(section, sheet: ReleaseSheet):
    letterhead = sheet.letterhead
    header = section.header
    paragraph = header.paragraphs[0]
    paragraph.text = ""
    if letterhead.logo_png:
        width, height = png_size(letterhead.logo_png)
        logo_w, logo_h = fit_mm(width, height, 40, 10)
        paragraph.add_run().add_picture(
            io.BytesIO(letterhead.logo_png), width=Mm(logo_w), height=Mm(logo_h)
        )
        paragraph.add_run("  ")
    _text_run(paragraph, letterhead.name, bold=True, size=12, colour=None)
    paragraph._p.get_or_add_pPr().insert_element_before(
        _border("bottom", 12, "1F3A68"), "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc"
    )
    footer = section.footer
    first = True
    for line in sheet.footer_lines:
        target = footer.paragraphs[0] if first else footer.add_paragraph()
        first = False
        target.alignment = WD_ALIGN_PARAGRAPH.CENTER
        target.paragraph_format.space_after = Pt(0)
        _text_run(target, line, size=8)
    pages = footer.add_paragraph()
    pages.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    )
    pages._p.append(field)
    footer.paragraphs[0]._p.get_or_add_pPr().insert_element_before(
        _border("top", 4, "777777"), "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc"
    )


def release_docx(
    sheet: ReleaseSheet, facts_by_event: dict[str, list[tuple[str, str]]] | None = None
) -> bytes:
    document = Document()
    _setup(document)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(25), Mm(25)
    _letterhead(section, sheet)
    core = document.core_properties
    core.title = sheet.headline
    core.language = KOREAN
    core.author = sheet.letterhead.name

    _paragraph(document, sheet.kind, 20, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _table(
        document,
        [
            ["보도시점", sheet.embargo, "배포", sheet.distributed_or_dash],
            ["담당부서", sheet.department or "-", "구분", sheet.kind],
        ],
        shade_first_column=True,
    )
    _paragraph(document, sheet.headline, 20, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for line in sheet.deck:
        _paragraph(document, f"- {line} -", 13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, space_after=2)
    for block in sheet.outline:
        if isinstance(block, Image):
            _outline_image(document, block)
        elif isinstance(block, Table):
            _outline_table(document, block)
        else:
            _outline_text(document, block)
    if sheet.captions:
        _paragraph(document, "[사진 설명]", bold=True)
        for caption in sheet.captions:
            _paragraph(document, f"* {caption}", 10)
    for name, facts in (facts_by_event or {}).items():
        _paragraph(document, f"[행사 개요] {name}", 12, bold=True)
        _table(document, [[label, value] for label, value in facts], shade_first_column=True)
    if sheet.attachments:
        _paragraph(
            document, "붙임  " + "  ".join(f"{i}. {t}" for i, t in enumerate(sheet.attachments, 1))
        )
    if sheet.contacts:
        rows = [["구분", "담당 부서", "직급", "성명", "전화"]]
        rows += [[c.role, c.department, c.position, c.name, c.phone] for c in sheet.contacts]
        _table(document, rows, header=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
