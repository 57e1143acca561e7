"""Text that passes through rich text, templates, JSON, XML and documents reaches the reader unchanged.

"R&D" is in many GBTP releases: every output is read back with the reader a platform or journalist
uses (json, feedparser, python-docx, the HWPX XML, pdftotext, an HTML parser), and the reader must see
exactly the characters the writer typed, neither "R&amp;D" nor "R&D;".
"""

import html
import io
import json
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree

import docx
import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import ArticlePhoto, Attachment
from events.models import EventPhoto
from presskits.archive import presskit_stream
from presskits.contents import contents_for_items
from search.services import search_index_item
from tests.factories import make_article, make_event, make_photo, make_quote

pytestmark = pytest.mark.django_db

# What writers type: "R&D", angle brackets, quotes, and now and then something that looks like markup.
TRICKY = 'R&D <연구> & "인용" <b>굵게</b> &lt;'
# How CKEditor posts the same words as rich text.
TRICKY_HTML = f"<p>{html.escape(TRICKY, quote=False)}</p>"


def double_escaped(text):
    """The marks of text escaped twice (or entity-mangled) as a reader would see them."""
    return any(mark in text for mark in ("R&amp;D", "&lt;연구", "&amp;lt;", "R&D;"))


def tricky(label):
    return f"{label} {TRICKY}"


class _Text(HTMLParser):
    """What a browser shows of an HTML fragment, plus the attributes of every element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.elements = [], []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def read_html(markup):
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return parser


def shown_text(markup):
    return " ".join("".join(read_html(markup).parts).split())


def meta_content(markup, name):
    for tag, attrs in read_html(markup).elements:
        if tag == "meta" and name in (attrs.get("property"), attrs.get("name")):
            return attrs["content"]
    return None


def json_ld(markup):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', markup, re.S)
    data = json.loads(blocks[0])
    return data.get("@graph", [data])


@pytest.fixture
def release(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = make_article(
        headline=tricky("제목"),
        deck=tricky("부제"),
        lead=tricky("리드"),
        body=TRICKY_HTML + "<p>둘째 문단</p>",
    )
    ArticlePhoto.objects.create(
        article=article, photo=make_photo(caption=tricky("사진 설명")), order=0
    )
    Attachment.objects.create(
        article=article,
        title=tricky("붙임"),
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    )
    make_quote(article=article, text=tricky("발언"))
    return article


def test_release_page_shows_original_characters_in_meta_and_json_ld(client, release):
    markup = client.get(release.get_absolute_url()).text
    assert meta_content(markup, "og:description") == tricky("리드")
    assert meta_content(markup, "og:title") == tricky("제목")
    graph = json_ld(markup)
    article = next(item for item in graph if item["@type"] == "NewsArticle")
    assert article["headline"] == tricky("제목")
    assert article["description"] == tricky("리드")
    assert article["articleBody"] == f"{TRICKY} 둘째 문단"
    quote = next(item for item in graph if item["@type"] == "Quotation")
    assert quote["text"] == tricky("발언")
    assert TRICKY in shown_text(markup)
    assert not double_escaped(shown_text(markup))


def test_description_from_body_is_unescaped_once(client):
    article = make_article(lead="", deck="", body=TRICKY_HTML)
    markup = client.get(article.get_absolute_url()).text
    assert meta_content(markup, "og:description") == TRICKY
    assert meta_content(markup, "twitter:description") == TRICKY
    news = next(item for item in json_ld(markup) if item["@type"] == "NewsArticle")
    assert news["description"] == TRICKY


def test_event_page_description_from_rich_text(client):
    event = make_event(title=tricky("행사"), summary="", description=TRICKY_HTML)
    markup = client.get(event.get_absolute_url()).text
    assert meta_content(markup, "og:description") == TRICKY
    data = next(item for item in json_ld(markup) if item["@type"] == "Event")
    assert data["description"] == TRICKY
    assert data["name"] == tricky("행사")


@pytest.mark.parametrize("url", ["/releases/feed/rss/", "/releases/feed/atom/"])
def test_feeds_carry_original_characters(client, url):
    make_article(headline=tricky("제목"), lead=tricky("리드"), slug="with-lead")
    make_article(headline=tricky("본문만"), lead="", body=TRICKY_HTML, slug="body-only")
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo, feed.get("bozo_exception")
    entries = {entry.title: entry for entry in feed.entries}
    assert set(entries) == {tricky("제목"), tricky("본문만")}
    # Descriptions are HTML to a feed reader: what it displays is the parsed text.
    assert shown_text(entries[tricky("제목")].summary) == tricky("리드")
    assert shown_text(entries[tricky("본문만")].summary) == TRICKY


def test_search_snippet_and_title_show_original_characters(client, release):
    search_index_item(release)
    markup = client.get("/search/", {"q": "둘째"}).text
    hit = re.search(
        r'<h2><a href="[^"]*">(.*?)</a></h2>\s*<p class="snippet">(.*?)</p>', markup, re.S
    )
    assert hit, markup
    assert shown_text(hit.group(1)) == tricky("제목")
    snippet = shown_text(hit.group(2))
    assert f"{tricky('리드')} {TRICKY} 둘째 문단" in snippet
    assert "<mark>둘째</mark>" in hit.group(2)


def _tool(name):
    path = shutil.which(name)
    if not path:
        pytest.fail(
            f"{name} is needed to read the kit as a journalist would (.ci/run installs it)."
        )
    return path


def _kit(**items):
    data = b"".join(presskit_stream(contents_for_items(**items), problems=[]))
    return zipfile.ZipFile(io.BytesIO(data))


def _member(archive, suffix):
    """The release's document of this format (the kit's event has documents of its own)."""
    return next(n for n in archive.namelist() if n.startswith("01_") and n.endswith(suffix))


def _hwpx_text(data):
    """Every run of text in the HWPX sections, read as XML the way Hancom reads it."""
    package = zipfile.ZipFile(io.BytesIO(data))
    texts = []
    for name in sorted(n for n in package.namelist() if re.match(r"Contents/section\d+\.xml", n)):
        root = ElementTree.fromstring(package.read(name))
        texts += [el.text or "" for el in root.iter() if el.tag.endswith("}t")]
    return texts


def _docx_text(data):
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return texts


EXPECTED_IN_RELEASE = [
    tricky("제목"),
    f"- {tricky('부제')} -",
    tricky("리드"),
    TRICKY,
    tricky("사진 설명"),
    tricky("붙임"),
]


def test_kit_documents_read_back_exactly(release, tmp_path):
    archive = _kit(articles=[release])
    hwpx = "\n".join(_hwpx_text(archive.read(_member(archive, ".hwpx"))))
    docx_text = "\n".join(_docx_text(archive.read(_member(archive, ".docx"))))
    pdf = tmp_path / "release.pdf"
    pdf.write_bytes(archive.read(_member(archive, ".pdf")))
    pdf_text = " ".join(
        subprocess.run(
            [_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    plain = archive.read(_member(archive, ".txt")).decode()
    for name, text in (("hwpx", hwpx), ("docx", docx_text), ("txt", plain)):
        for expected in EXPECTED_IN_RELEASE:
            assert expected in text, (name, expected)
        assert not double_escaped(text), name
    for expected in (tricky("제목"), tricky("리드"), TRICKY, tricky("사진 설명")):
        assert expected in pdf_text, expected
    assert not double_escaped(pdf_text)
    quotes = archive.read("quotes.txt").decode()
    assert f"“{tricky('발언')}”" in quotes
    manifest = json.loads(archive.read("manifest.json"))
    body = manifest["releases"][0]["bodies"][0]["value"]
    assert body == f"{tricky('리드')}\n\n{TRICKY}\n\n둘째 문단"


def test_kit_index_shows_original_characters(release):
    archive = _kit(articles=[release])
    shown = shown_text(archive.read("index.html").decode())
    for expected in (tricky("제목"), f"- {tricky('부제')} -", tricky("리드"), tricky("발언")):
        assert expected in shown, expected
    assert tricky("사진 설명") in shown
    assert not double_escaped(shown)


def test_event_kit_documents_read_back_exactly(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = make_event(title=tricky("행사"), summary=tricky("요약"), description=TRICKY_HTML)
    EventPhoto.objects.create(event=event, photo=make_photo(caption=tricky("현장")), order=0)
    archive = _kit(events=[event])
    docx_text = "\n".join(
        _docx_text(
            archive.read(
                next(n for n in archive.namelist() if n.startswith("행사/") and n.endswith(".docx"))
            )
        )
    )
    for expected in (tricky("행사"), tricky("요약"), tricky("현장")):
        assert expected in docx_text, expected
    assert not double_escaped(docx_text)
