"""The 보도자료 양식 (letterhead) as the document renderers take it, and checks on its logo.

The logo may be PNG or SVG. An SVG is accepted only when it is a plain drawing (no script, no
embedded HTML, no outside references), and documents that cannot hold SVG (DOCX, HWPX) get a PNG
drawn from it by WeasyPrint and PDFium.
"""

import io
from functools import lru_cache

from defusedxml import ElementTree
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from presskits.documents.letterhead import Letterhead as DocumentLetterhead
from presskits.documents.pdf import data_only

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 4000 * 4000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FORBIDDEN_SVG_ELEMENTS = {"script", "foreignobject", "iframe", "object", "embed", "audio", "video"}


def _svg_problem(data: bytes) -> str | None:
    try:
        root = ElementTree.fromstring(data)
    except Exception:  # defusedxml raises several types for entities, DTDs and bad XML
        return _("SVG 파일을 읽을 수 없습니다.")
    if not root.tag.lower().endswith("svg"):
        return _("SVG 파일이 아닙니다.")
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1].lower()
        if name in FORBIDDEN_SVG_ELEMENTS:
            return _("SVG 로고에 스크립트나 다른 문서를 넣을 수 없습니다.")
        for attribute, value in element.attrib.items():
            attribute = attribute.rsplit("}", 1)[-1].lower()
            if attribute.startswith("on"):
                return _("SVG 로고에 스크립트나 다른 문서를 넣을 수 없습니다.")
            if attribute == "href" and not value.startswith(("#", "data:image/png;")):
                return _("SVG 로고는 바깥 파일을 불러올 수 없습니다. 그림을 파일 안에 넣어 주세요.")
            if "url(" in value and "url(#" not in value.replace(" ", ""):
                return _("SVG 로고는 바깥 파일을 불러올 수 없습니다. 그림을 파일 안에 넣어 주세요.")
    return None


def logo_check(data: bytes) -> str:
    """'png' or 'svg' for a usable logo, or ValueError with a Korean reason."""
    if len(data) > LOGO_MAX_BYTES:
        raise ValueError(_("로고 파일은 2MB 이하여야 합니다."))
    if data.startswith(PNG_SIGNATURE):
        try:
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > LOGO_MAX_PIXELS:
                    raise ValueError(
                        _("로고 그림이 너무 큽니다. 4000×4000 화소 이하로 줄여 주세요.")
                    )
                image.load()
        except (UnidentifiedImageError, OSError, SyntaxError) as error:
            raise ValueError(_("PNG 파일을 읽을 수 없습니다. 손상되었을 수 있습니다.")) from error
        return "png"
    problem = _svg_problem(data)
    if problem is None:
        return "svg"
    if b"<svg" not in data[:4096].lower():
        raise ValueError(_("로고는 PNG 또는 SVG 파일이어야 합니다."))
    raise ValueError(problem)


@lru_cache(maxsize=4)
def svg_to_png(svg: bytes, height: int = 160) -> bytes:
    """A PNG of an SVG logo, `height` pixels tall, drawn without fetching anything."""
    import base64

    import pypdfium2
    from weasyprint import HTML

    source = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    html = (
        "<style>@page{size:auto;margin:0}html,body{margin:0}"
        f"img{{height:{height}px;display:block}}</style><img src='{source}'>"
    )

    pdf = HTML(string=html, url_fetcher=data_only()).write_pdf()
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        bitmap = page.render(scale=1.0, fill_color=(255, 255, 255, 0))
        image = bitmap.to_pil()
    finally:
        document.close()
    box = image.getchannel("A").getbbox() if image.mode == "RGBA" else image.getbbox()
    if box:
        image = image.crop(box)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def document_letterhead(letterhead) -> DocumentLetterhead:
    """The letterhead row (saved or default) as the document renderers take it."""
    logo_png = logo_svg = None
    if letterhead.logo:
        with letterhead.logo.open("rb") as logo:
            data = logo.read()
        if logo_check(data) == "png":
            logo_png = data
        else:
            logo_svg, logo_png = data, svg_to_png(data)
    return DocumentLetterhead(
        name=letterhead.name,
        logo_png=logo_png,
        logo_svg=logo_svg,
        address=letterhead.address,
        homepage=letterhead.homepage,
        phone=letterhead.phone,
        licence=letterhead.get_licence_display(),
        footer=letterhead.footer,
    )
