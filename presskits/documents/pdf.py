"""The release as PDF through WeasyPrint, Noto CJK fonts embedded.

WeasyPrint ignores `word-break: keep-all`, so every 어절 (space-separated word) is wrapped in a
no-wrap span: lines break only between words, as Korean readers expect. A word whose letters carry
different styles (bold and plain, a link) is still one span. A link's address follows its text in
brackets, in a span of its own that may break anywhere, so a long address cannot overflow the line.

Photos and the logo are handed to WeasyPrint as data: URIs; nothing is fetched from the network.
"""

import base64
import re

from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from presskits.documents.outline import Heading, Image, ListItem, Note, Paragraph, Run, Table
from presskits.documents.release import ReleaseSheet, photo_jpeg

WORD_SPLIT = re.compile(r"(\s+)")


def keep_words(text: str):
    return mark_safe(
        " ".join(f'<span class="w">{conditional_escape(word)}</span>' for word in text.split())
    )


def _styled(text: str, run: Run) -> str:
    html = str(conditional_escape(text))
    if run.italic:
        html = f"<em>{html}</em>"
    if run.bold:
        html = f"<strong>{html}</strong>"
    if run.href:
        html = f'<a href="{conditional_escape(run.href)}">{html}</a>'
    return html


def runs_html(runs: list[Run]):
    """Runs as HTML, each 어절 in one no-wrap span even where its letters change style."""
    words: list[list[str]] = [[]]
    out: list[str] = []

    def close_word():
        if words[-1]:
            out.append('<span class="w">' + "".join(words[-1]) + "</span>")
        words[-1] = []

    for run in runs:
        for piece in WORD_SPLIT.split(run.text):
            if not piece:
                continue
            if piece.isspace():
                close_word()
                out.append("<br>" if "\n" in piece else " ")
            else:
                words[-1].append(_styled(piece, run))
        if run.link_suffix:
            close_word()
            out.append(f'<span class="url">{conditional_escape(run.link_suffix)}</span>')
    close_word()
    return mark_safe("".join(out))


def _data_uri(data: bytes, media_type: str) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def _block_context(block) -> dict:
    if isinstance(block, Image):
        data, _, _ = photo_jpeg(block.photo)
        return {
            "type": "image",
            "src": _data_uri(data, "image/jpeg"),
            "alt": block.alt,
            "caption": keep_words(block.caption),
            "credit": keep_words(block.credit),
        }
    if isinstance(block, Table):
        return {
            "type": "table",
            "depth": block.depth,
            "caption": keep_words(block.caption),
            "rows": [
                [
                    {
                        "html": runs_html(cell.runs),
                        "header": cell.header,
                        "colspan": cell.colspan,
                        "rowspan": cell.rowspan,
                    }
                    for cell in row
                ]
                for row in block.rows
            ],
        }
    kind = {Heading: "heading", ListItem: "item", Note: "note", Paragraph: "paragraph"}[type(block)]
    return {
        "type": kind,
        "depth": min(block.depth, 5),
        "label": block.label,
        "html": runs_html(block.runs),
        "quote": getattr(block, "quote", False),
    }


def release_pdf(
    sheet: ReleaseSheet, facts_by_event: dict[str, list[tuple[str, str]]] | None = None
) -> bytes:
    letterhead = sheet.letterhead
    logo = ""
    if letterhead.logo_svg:
        logo = _data_uri(letterhead.logo_svg, "image/svg+xml")
    elif letterhead.logo_png:
        logo = _data_uri(letterhead.logo_png, "image/png")
    context = {
        "sheet": sheet,
        "letterhead": letterhead,
        "logo": logo,
        "headline": keep_words(sheet.headline),
        "deck": [keep_words(line) for line in sheet.deck],
        "blocks": [_block_context(block) for block in sheet.outline],
        "captions": [keep_words(c) for c in sheet.captions],
        "facts": {
            name: [(label, keep_words(value)) for label, value in facts]
            for name, facts in (facts_by_event or {}).items()
        },
        "footer": [keep_words(line) for line in sheet.footer_lines],
    }
    html = render_to_string("presskits/release.pdf.html", context)
    return HTML(string=html, url_fetcher=data_only()).write_pdf()


def data_only() -> URLFetcher:
    """A WeasyPrint fetcher that refuses everything but data: URIs: a PDF never reaches the
    network or the file system, whatever a logo or a body might name."""
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
