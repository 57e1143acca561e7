"""What every public page tells platforms about itself: canonical URL, Open Graph, Twitter, JSON-LD."""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

DEFAULT_IMAGE = "img/og-default.png"
DEFAULT_IMAGE_SIZE = (1200, 630)


def absolute(path: str) -> str:
    """An absolute URL on the public site (SITE_URL), never built from the request's Host header."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path


def summary(text: str, length: int = 150) -> str:
    """Plain text on one line, cut at `length` characters. Rich text goes through `plain_text` first:
    stripping tags here would also eat a `<` or turn "R&D" into "R&D;" in plain fields."""
    return Truncator(" ".join((text or "").split())).chars(length)


@dataclass
class PageMeta:
    title: str
    description: str
    path: str
    kind: str = "website"  # og:type
    image: dict | None = None  # {"path", "size", "alt"}, as photos' preview_image() gives it
    json_ld: list[dict] = field(default_factory=list)

    @property
    def url(self):
        return absolute(self.path)

    @property
    def image_url(self):
        return absolute(self.image["path"] if self.image else static(DEFAULT_IMAGE))

    @property
    def image_dimensions(self):
        return self.image["size"] if self.image else DEFAULT_IMAGE_SIZE

    @property
    def image_alt(self):
        return self.image["alt"] if self.image else "경북테크노파크 뉴스룸"

    @property
    def json_ld_script(self):
        if not self.json_ld:
            return ""
        data = (
            self.json_ld[0]
            if len(self.json_ld) == 1
            else {"@context": "https://schema.org", "@graph": self.json_ld}
        )
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder)
        # A data block, not a script: escaped so no text inside can close the element.
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return mark_safe(f'<script type="application/ld+json">{text}</script>')


def collection(name: str, path: str, item_paths) -> dict:
    """A list page as schema.org CollectionPage holding an ItemList of the items shown."""
    return {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": str(name),
        "url": absolute(path),
        "inLanguage": "ko-KR",
        "mainEntity": {
            "@type": "ItemList",
            "itemListElement": [
                {"@type": "ListItem", "position": i, "url": absolute(p)}
                for i, p in enumerate(item_paths, start=1)
            ],
        },
    }


def publisher() -> dict:
    office = settings.PRESS_OFFICE
    return {
        "@type": "Organization",
        "name": "(재)경북테크노파크",
        "alternateName": ["경북TP", "Gyeongbuk Technopark"],
        "url": settings.SITE_URL + "/",
        "logo": {
            "@type": "ImageObject",
            "url": absolute(static("img/gbtp-logo.png")),
            "width": 512,
            "height": 512,
        },
        "contactPoint": {
            "@type": "ContactPoint",
            "contactType": "press",
            "telephone": office["phone"],
            "areaServed": "KR",
            "availableLanguage": ["ko"],
        },
    }


def quotation(quote, about_url=None) -> dict:
    speaker = {"@type": "Person", "name": quote.speaker.name}
    if quote.speaker_title:
        speaker["jobTitle"] = quote.speaker_title
    if quote.organisation:
        speaker["worksFor"] = {"@type": "Organization", "name": quote.organisation.name}
    if quote.speaker.is_spokesperson:
        speaker["url"] = absolute(quote.speaker.get_absolute_url())
    data = {
        "@type": "Quotation",
        "text": quote.text,
        "creator": speaker,
        "spokenByCharacter": speaker,
        "dateCreated": quote.said_on.isoformat(),
        "inLanguage": "ko",
    }
    if about_url:
        data["isPartOf"] = about_url
    return data
