"""What every release document says, gathered once: the 보도자료 layout's facts in reading order.

HWPX, DOCX, PDF and text renderers all format this same `ReleaseSheet`, so they cannot disagree.
The body is an outline of typed blocks (`presskits.documents.outline`), the lead its first □.
"""

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image as PILImage

from core.templatetags.korean import release_date
from photos import renditions
from presskits.documents.letterhead import DEFAULT_LETTERHEAD, Letterhead
from presskits.documents.outline import (
    Block,
    Heading,
    Paragraph,
    block_text,
    body_outline,
    lead_block,
    plain,
)

# Longest side of a photo placed in a document: sharp on paper at the width it is printed.
DOCUMENT_PHOTO_SIDE = 1600


@dataclass
class Contact:
    role: str
    department: str
    position: str
    name: str
    phone: str
    email: str


@dataclass
class ReleaseSheet:
    kind: str
    headline: str
    deck: list[str]
    embargo: str
    distributed: str
    department: str
    lead: str
    blocks: list[Block]
    captions: list[str]
    attachments: list[str]
    contacts: list[Contact]
    quotes: list[str]
    copyright: str
    url: str
    letterhead: Letterhead = DEFAULT_LETTERHEAD
    facts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def outline(self) -> list[Block]:
        """The lead as the first □, then the body's blocks."""
        lead = lead_block(self.lead)
        return [lead, *self.blocks] if lead else list(self.blocks)

    @property
    def paragraphs(self) -> list[str]:
        """The body (without the lead) as plain text, one string per block.

        Paragraphs and headings lose the outline marks (□, ㅇ, -, ·) that only the printed
        layout needs; list items keep their numbers and bullets, notes their ※.
        """
        return [
            plain(block.runs, addresses=True)
            if isinstance(block, (Paragraph, Heading))
            else block_text(block, addresses=True)
            for block in self.blocks
        ]

    def plain_body(self) -> str:
        """Lead and body as plain text, blocks separated by blank lines (for ninjs and feeds)."""
        return "\n\n".join([self.lead.strip(), *self.paragraphs]).strip()

    @property
    def distributed_or_dash(self) -> str:
        return self.distributed or "-"

    @property
    def footer_lines(self) -> list[str]:
        """The footer: footer line, 기관명 · 주소 · 대표 전화 · 홈페이지, licence line, short URL."""
        lines = [self.letterhead.footer, self.letterhead.contact_line, self.copyright, self.url]
        return [line for line in lines if line]


def embargo_text(article) -> str:
    if article.embargo_kind == "immediate":
        return "즉시"
    moment = release_date(article.release_at or article.embargo_time())
    if article.embargo_kind in ("morning", "evening"):
        return f"{moment[:-6]} {article.get_embargo_kind_display()}"  # 2023. 10. 11.(수) 조간
    return moment


def licence_sentence(letterhead: Letterhead) -> str:
    return f"이 보도자료는 {letterhead.licence} 조건으로 이용할 수 있습니다."


def sheet_for(article, letterhead: Letterhead | None = None) -> ReleaseSheet:
    letterhead = letterhead or DEFAULT_LETTERHEAD
    contacts = [
        Contact(
            link.get_role_display(),
            link.contact.department,
            link.contact.position,
            link.contact.name,
            link.contact.phone,
            link.contact.email,
        )
        for link in article.contact_links.all()
    ]
    return ReleaseSheet(
        kind=article.get_kind_display(),
        headline=article.headline,
        deck=article.deck_lines,
        embargo=embargo_text(article),
        distributed=release_date(article.distributed_at) if article.distributed_at else "",
        department=article.department or (contacts[0].department if contacts else ""),
        lead=article.lead,
        blocks=body_outline(article.body),
        captions=[
            f"{link.photo.caption} {link.photo.credit_line}".strip()
            for link in article.photo_links.all()
        ],
        attachments=[a.title for a in article.attachments.all()],
        contacts=contacts,
        quotes=[f"“{q.text}” — {q.attribution}" for q in article.quotes.all()],
        copyright=article.copyright_line or licence_sentence(letterhead),
        url=settings.SITE_URL + article.get_short_url(),
        letterhead=letterhead,
    )


def event_facts(event) -> list[tuple[str, str]]:
    """The event fact sheet: dates, places, organisers, figures."""
    rows = []
    for session in event.sessions.all():
        start = timezone.localtime(session.starts_at)
        when = release_date(start.date()) if session.all_day else release_date(start)
        where = (
            ", ".join(p for p in (session.venue.name, session.venue.city) if p)
            if session.venue
            else ""
        )
        rows.append((session.title or "일정", f"{when} {where}".strip()))
    for role in event.organisation_roles.all():
        rows.append((role.get_role_display(), role.organisation.name))
    rows += [(fact.label, fact.value) for fact in event.facts.all()]
    return rows


def photo_jpeg(photo) -> tuple[bytes, int, int]:
    """An upright JPEG of `photo` for documents, with its pixel width and height."""
    name = renditions.ensure_long_side(photo, DOCUMENT_PHOTO_SIDE)
    with default_storage.open(name, "rb") as source:
        data = source.read()
    with PILImage.open(io.BytesIO(data)) as image:
        width, height = image.size
    return data, width, height


def png_size(data: bytes) -> tuple[int, int]:
    with PILImage.open(io.BytesIO(data)) as image:
        return image.size


def fit_mm(width: int, height: int, max_width: float, max_height: float) -> tuple[float, float]:
    """A picture's printed size in millimetres: as wide as allowed, never taller than allowed."""
    if not width or not height:
        return max_width, max_height
    scale = min(max_width / width, max_height / height)
    return width * scale, height * scale
