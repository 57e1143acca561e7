"""The release as HWPX, in the Korean public-sector 보도자료 layout, made with python-hwpx.

The institution's logo and name stand above the 보도자료 title; the page header repeats the name and
the page footer carries the footer line, address, telephone, homepage, licence and short address.
The licence line and short address also close the body. Headline and deck are centred through their own paragraph shape (paraPr); the outline's depth is a
hanging indent, so wrapped lines align after the mark. Photos are embedded pictures (BinData).

The package's preview parts are filled as 한글 fills them, so 한글's file dialog and Windows
Explorer show the release: `Preview/PrvText.txt` holds the start of the text (UTF-8 with CRLF line
ends, as in the skeleton 한글 itself made for python-hwpx; the UTF-16 form belongs to the binary
.hwp format) and `Preview/PrvImage.png` the first page, rasterised from the PDF of the same sheet
at the size 한글 uses (724 px wide).
"""

import io

import pypdfium2
from hwpx import HwpxDocument
from PIL import Image as PILImage

from presskits.documents.outline import Heading, Image, Note, Paragraph, Table
from presskits.documents.pdf import release_pdf
from presskits.documents.release import ReleaseSheet, fit_mm, photo_jpeg, png_size
from presskits.documents.text import release_text

STEP_MM = 5
PREVIEW_WIDTH = 724  # 한글's own preview images are 724 x 1024 (A4)
PREVIEW_TEXT_CHARS = 1000


class _Writer:
    def __init__(self, sheet: ReleaseSheet):
        self.sheet = sheet
        self.document = HwpxDocument.new()
        self.styles = self.document.styles

    def paragraph(self, *, align: str | None = None, indent_mm: float = 0, hang_mm: float = 0):
        paragraph = self.document.add_paragraph("", inherit_style=False)
        self.styles.apply_paragraph_format(
            paragraphs=[paragraph],
            alignment=align or "LEFT",
            indent_left_mm=indent_mm,
            first_line_indent_mm=-hang_mm,
        )
        return paragraph

    def line(self, text: str, *, align=None, bold=False, size=None, indent_mm=0.0):
        paragraph = self.paragraph(align=align, indent_mm=indent_mm)
        if text:
            paragraph.add_run(text, bold=bold, size=size)
        return paragraph

    def runs(self, paragraph, runs, *, bold=False, italic=False, size=None):
        for run in runs:
            if run.href:
                paragraph.add_hyperlink(run.href, run.text)
            else:
                paragraph.add_run(
                    run.text, bold=bold or run.bold, italic=italic or run.italic, size=size
                )

    def table(self, rows: list[list[str]], *, header_row=False, header_columns=False):
        table = self.document.add_table(len(rows), len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                cell.text = ""
                head = (header_row and r == 0) or (header_columns and c % 2 == 0)
                cell.paragraphs[0].add_run(value, bold=head)
                if head:
                    table.set_cell_shading(r, c, "#EEF2F6")
        return table

    def outline_table(self, block: Table):
        columns = block.columns
        if not columns:
            return
        if block.caption:
            self.line(block.caption, bold=True, indent_mm=STEP_MM * block.depth)
        table = self.document.add_table(len(block.rows), columns)
        merges = []
        for r, c, cell in block.grid():
            target = table.cell(r, c)
            target.text = ""
            self.runs(target.paragraphs[0], cell.runs, bold=cell.header)
            if cell.header:
                table.set_cell_shading(r, c, "#EEF2F6")
            last_row = min(r + cell.rowspan, len(block.rows)) - 1
            last_col = min(c + cell.colspan, columns) - 1
            if (last_row, last_col) != (r, c):
                merges.append((r, c, last_row, last_col))
        for r, c, last_row, last_col in reversed(merges):
            table.merge_cells(r, c, last_row, last_col)

    def outline_text(self, block):
        if block.label:
            paragraph = self.paragraph(indent_mm=STEP_MM * (block.depth + 1), hang_mm=STEP_MM)
            paragraph.add_run(
                block.label + " ",
                bold=isinstance(block, Heading) or block.depth == 0,
            )
        else:
            paragraph = self.paragraph(indent_mm=STEP_MM * block.depth)
        bold = isinstance(block, Heading) or (isinstance(block, Paragraph) and block.depth == 0)
        size = 9 if isinstance(block, Note) else (12 if isinstance(block, Heading) else None)
        italic = isinstance(block, Paragraph) and block.quote
        self.runs(paragraph, block.runs, bold=bold, italic=italic, size=size)

    def outline_image(self, block: Image):
        data, width, height = photo_jpeg(block.photo)
        width_mm, height_mm = fit_mm(width, height, 150, 110)
        self.document.add_picture(
            data, "jpg", width_mm=width_mm, height_mm=height_mm, align="CENTER"
        )
        self.line(block.line, align="CENTER", size=9)

    def letterhead(self):
        letterhead = self.sheet.letterhead
        if letterhead.logo_png:
            width, height = png_size(letterhead.logo_png)
            logo_w, logo_h = fit_mm(width, height, 40, 12)
            self.document.add_picture(
                letterhead.logo_png, "png", width_mm=logo_w, height_mm=logo_h, align="LEFT"
            )
        self.line(letterhead.name, bold=True, size=13)
        self.document.page.set_header(
            content=[{"align": "RIGHT", "children": [{"type": "run", "text": letterhead.name}]}]
        )
        footer = [
            {"align": "CENTER", "children": [{"type": "run", "text": line, "size": 8}]}
            for line in self.sheet.footer_lines
        ]
        footer.append({"align": "CENTER", "children": [{"page_number": "page/total"}]})
        self.document.page.set_footer(content=footer)


def _preview_text(sheet: ReleaseSheet) -> bytes:
    text = release_text(sheet)[:PREVIEW_TEXT_CHARS]
    return "\r\n".join(text.splitlines()).encode("utf-8")


def _preview_image(sheet: ReleaseSheet, facts_by_event) -> bytes:
    pdf = pypdfium2.PdfDocument(release_pdf(sheet, facts_by_event))
    try:
        page = pdf[0]
        scale = PREVIEW_WIDTH / page.get_width()
        image = page.render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()
    small = image.quantize(colors=64, method=PILImage.Quantize.MEDIANCUT)
    out = io.BytesIO()
    small.save(out, "PNG", optimize=True)
    return out.getvalue()


def release_hwpx(
    sheet: ReleaseSheet, facts_by_event: dict[str, list[tuple[str, str]]] | None = None
) -> bytes:
    writer = _Writer(sheet)
    document = writer.document
    writer.letterhead()
    writer.line(sheet.kind, align="CENTER", bold=True, size=20)
    # Header block: 보도시점 next to 배포 date, then the department.
    writer.table(
        [
            ["보도시점", sheet.embargo, "배포", sheet.distributed_or_dash],
            ["담당부서", sheet.department or "-", "구분", sheet.kind],
        ],
        header_columns=True,
    )
    writer.line(sheet.headline, align="CENTER", bold=True, size=26)
    for line in sheet.deck:
        writer.line(f"- {line} -", align="CENTER", bold=True, size=14)
    writer.line("")
    for block in sheet.outline:
        if isinstance(block, Image):
            writer.outline_image(block)
        elif isinstance(block, Table):
            writer.outline_table(block)
        else:
            writer.outline_text(block)
    if sheet.captions:
        writer.line("")
        writer.line("[사진 설명]", bold=True)
        for caption in sheet.captions:
            writer.line(f"* {caption}", size=9)
    for name, facts in (facts_by_event or {}).items():
        writer.line("")
        writer.line(f"[행사 개요] {name}", bold=True)
        writer.table([[label, value] for label, value in facts], header_columns=True)
    if sheet.attachments:
        writer.line("")
        writer.line("붙임  " + "  ".join(f"{i}. {t}" for i, t in enumerate(sheet.attachments, 1)))
    if sheet.contacts:
        writer.line("")
        rows = [["구분", "담당 부서", "직급", "성명", "전화"]]
        rows += [[c.role, c.department, c.position, c.name, c.phone] for c in sheet.contacts]
        writer.table(rows, header_row=True)
    # The licence and the short address close the body too: text extraction (and many HWPX
    # readers) skip the page footer, and the address is what a journalist copies.
    writer.line("")
    writer.line(sheet.copyright, size=9)
    writer.line(sheet.url, size=9)
    document.package.write("Preview/PrvText.txt", _preview_text(sheet))
    document.package.write("Preview/PrvImage.png", _preview_image(sheet, facts_by_event))
    return document.to_bytes()
