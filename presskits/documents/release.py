"""What every release document says, gathered once: the 보도자료 layout's facts in reading order.

HWPX, DOCX, PDF and text renderers all format this same `ReleaseSheet`, so they cannot disagree.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from core.sanitize import plain_text
from core.templatetags.korean import release_date


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
    paragraphs: list[str]
    captions: list[str]
    attachments: list[str]
    contacts: list[Contact]
    quotes: list[str]
    copyright: str
    url: str
    facts: list[tuple[str, str]] = field(default_factory=list)


def body_paragraphs(html: str) -> list[str]:
    text = plain_text(html)
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def embargo_text(article) -> str:
    if article.embargo_kind == "immediate":
        return "즉시"
    moment = release_date(article.release_at or article.embargo_time())
    if article.embargo_kind in ("morning", "evening"):
        return f"{moment[:-6]} {article.get_embargo_kind_display()}"  # 2023. 10. 11.(수) 조간
    return moment


def sheet_for(article) -> ReleaseSheet:
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
    distributed = article.distributed_at or article.release_at
    return ReleaseSheet(
        kind=article.get_kind_display(),
        headline=article.headline,
        deck=article.deck_lines,
        embargo=embargo_text(article),
        distributed=release_date(distributed) if distributed else "",
        department=article.department or (contacts[0].department if contacts else ""),
        lead=article.lead,
        paragraphs=body_paragraphs(article.body),
        captions=[
            f"{link.photo.caption} {link.photo.credit_line}".strip()
            for link in article.photo_links.all()
        ],
        attachments=[a.title for a in article.attachments.all()],
        contacts=contacts,
        quotes=[f"“{q.text}” — {q.attribution}" for q in article.quotes.all()],
        copyright=article.copyright_line
        or "이 보도자료는 공공누리 제1유형(출처표시) 조건으로 이용할 수 있습니다.",
        url=settings.SITE_URL + article.get_absolute_url(),
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
