"""Server-side cleaning of rich text, and the one way rich text becomes plain text.

CKEditor 5 stores whatever the browser posts, so the editor is no defence: every rich-text value is
passed through nh3 (the Ammonia sanitiser) before it reaches the database. The allow-list is what a
press release needs and nothing more: no scripts, no inline styles, no event handlers, and images only
from the newsroom's own photo routes (a third-party image would let a writer plant a tracking pixel in
every feed reader and press kit that shows the text).
"""

import html
import re
from urllib.parse import unquote, urlsplit

import nh3
from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "mark",
    "h2", "h3", "h4", "blockquote", "ul", "ol", "li",
    "a", "figure", "figcaption", "img",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_CLASSES = {"figure": {"image", "table"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
PHOTO_PREFIX = "/photos/"

# nh3 serialises every attribute as name="value" with `"` escaped and `<` in text escaped, so an <img>
# in its output is exactly this shape; one without src is what the filter below left of a foreign image.
_IMG_TAG = re.compile(r'<img(?:\s+[a-z-]+="[^"]*")*\s*/?>')
_BLOCK_END = re.compile(
    r"</(?:p|h[1-6]|li|blockquote|figcaption|caption|tr)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE
)
_CELL_END = re.compile(r"</t[dh]>", re.IGNORECASE)


def photo_path(src: str) -> str | None:
    """The newsroom photo address `src` points at, as a site-relative path; None for anything else.

    An absolute address on SITE_URL (what a pasted link gives) becomes the relative path, so the
    stored text keeps working when the site moves.
    """
    src = src.strip()
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
            return None
    elif not src.startswith("/") or src.startswith("//"):
        return None
    path = parts.path
    # Browsers resolve `..` (also spelt %2e%2e) and `\` before requesting, which could leave /photos/.
    if not path.startswith(PHOTO_PREFIX) or "\\" in unquote(path):
        return None
    if any(segment in (".", "..") for segment in unquote(path).split("/")):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace != "photos" or match.url_name not in ("file", "rendition"):
        return None
    return path


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        return photo_path(value)
    return value


def clean_html(value: str) -> str:
    if not value:
        return ""
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_attribute_filter,
    )
    cleaned = _IMG_TAG.sub(lambda m: m.group(0) if ' src="' in m.group(0) else "", cleaned)
    return cleaned.strip()


def plain_text(value: str) -> str:
    """What a reader sees of stored rich text, as plain characters: one line per block.

    Stored rich text is HTML, so `&` is `&amp;` in it; tags are dropped first and entities decoded
    once afterwards, so whatever writes the result (template, XML, JSON) escapes it exactly once.
    Decoding before stripping would turn an escaped `&lt;b&gt;` the writer typed into a tag and lose it.
    """
    text = strip_tags(_BLOCK_END.sub("\n", _CELL_END.sub(" ", value or "")))
    return html.unescape(text)
