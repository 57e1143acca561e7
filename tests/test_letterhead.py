"""The 보도자료 양식: staff upload the institution's logo (PNG or SVG), every document shows it."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from PIL import Image

from presskits.documents.docx import release_docx
from presskits.documents.release import sheet_for
from presskits.letterhead import document_letterhead
from presskits.models import Letterhead
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SVG_LOGO = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100">
  <rect x="0" y="0" width="100" height="100" fill="#00468c"/>
  <text x="110" y="65" font-size="40" fill="#00468c">GBTP</text>
</svg>"""


def _png(size=(240, 80)):
    out = io.BytesIO()
    Image.new("RGB", size, (0, 70, 140)).save(out, "PNG")
    return out.getvalue()


def _form(editor_client, logo):
    return editor_client.post(
        reverse("admin:presskits_letterhead_add"),
        {
            "name": "(재)경북테크노파크",
            "logo": logo,
            "address": "경상북도 경산시 삼풍로 27",
            "homepage": "https://www.gbtp.or.kr",
            "phone": "053-819-3000",
            "licence": "1",
            "footer": "",
        },
    )


@pytest.mark.parametrize(
    "name, data",
    [("logo.png", _png()), ("logo.svg", SVG_LOGO)],
)
def test_png_or_svg_logo_reaches_the_word_document_header(editor_client, name, data):
    response = _form(editor_client, SimpleUploadedFile(name, data))
    assert response.status_code == 302
    letterhead = document_letterhead(Letterhead.current())
    assert letterhead.logo_png.startswith(b"\x89PNG")
    with Image.open(io.BytesIO(letterhead.logo_png)) as drawn:
        colours = drawn.convert("RGB").getcolors(maxcolors=1 << 16) or []
        assert any(rgb == (0, 70, 140) for _count, rgb in colours)  # the logo's blue, drawn
    document = Document(io.BytesIO(release_docx(sheet_for(make_article(), letterhead=letterhead))))
    header = document.sections[0].header
    assert "<pic:pic" in header._element.xml
    media = zipfile.ZipFile(
        io.BytesIO(release_docx(sheet_for(make_article(), letterhead=letterhead)))
    )
    assert any(n.startswith("word/media/") and n.endswith(".png") for n in media.namelist())


@pytest.mark.parametrize(
    "data, message",
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "스크립트",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
            "스크립트",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
            b'<image x:href="http://169.254.169.254/latest/meta-data/"/></svg>',
            "바깥 파일",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
            "읽을 수 없습니다",
        ),
        (b"%PDF-1.4 not a logo", "PNG 또는 SVG"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "PNG 파일을 읽을 수 없습니다"),
    ],
    ids=["script", "event-handler", "outside-reference", "entity", "pdf", "broken-png"],
)
def test_unsafe_or_broken_logo_is_refused_in_korean_and_nothing_is_saved(
    editor_client, data, message
):
    response = _form(editor_client, SimpleUploadedFile("logo.svg", data))
    assert response.status_code == 200
    assert message in response.text
    assert not Letterhead.objects.exists()
