"""The release as PDF through WeasyPrint, Noto CJK fonts embedded.

WeasyPrint ignores `word-break: keep-all`, so every 어절 (space-separated word) is wrapped in a
no-wrap span: lines break only between words, as Korean readers expect.
"""

from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from weasyprint import HTML

from presskits.documents.release import ReleaseSheet


def keep_words(text: str):
    return mark_safe(
        " ".join(f'<span class="w">{conditional_escape(word)}</span>' for word in text.split())
    )


def release_pdf(
    sheet: ReleaseSheet, facts_by_event: dict[str, list[tuple[str, str]]] | None = None
) -> bytes:
    context = {
        "sheet": sheet,
        "headline": keep_words(sheet.headline),
        "deck": [keep_words(line) for line in sheet.deck],
        "lead": keep_words(sheet.lead),
        "paragraphs": [keep_words(p) for p in sheet.paragraphs],
        "captions": [keep_words(c) for c in sheet.captions],
        "facts": {
            name: [(label, keep_words(value)) for label, value in facts]
            for name, facts in (facts_by_event or {}).items()
        },
    }
    html = render_to_string("presskits/release.pdf.html", context)
    return HTML(string=html).write_pdf()
