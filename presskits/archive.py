"""Build a press kit ZIP as a stream: constant memory whatever the kit's size.

Every member is measured first (size, CRC-32, SHA-256) without being kept, then written: photos and
documents that are already compressed are stored, not recompressed; the manifest, written last, lists
every file's hash. A member that cannot be read is left out and named in problems.txt, so nothing
half-written is ever served.
"""

import hashlib
import json
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone
from stream_zip import NO_COMPRESSION_64, ZIP_AUTO, stream_zip

from core.filenames import download_name, short_title
from core.spreadsheet import excel_csv
from events.calendar import events_to_ics
from photos import renditions
from photos.embedding import PhotoCredits, with_credits
from presskits.contents import KitContents
from presskits.documents.docx import release_docx
from presskits.documents.hwpx import release_hwpx
from presskits.documents.outline import body_outline
from presskits.documents.pdf import release_pdf
from presskits.documents.release import ReleaseSheet, event_facts, licence_sentence, sheet_for
from presskits.documents.text import release_text
from presskits.letterhead import document_letterhead
from presskits.models import Letterhead
from spokespeople.vcard import person_to_vcard

STORED_SUFFIXES = {
    ".jpg",
    ".jpeg",
    ".png",
    ".webp",
    ".pdf",
    ".docx",
    ".hwpx",
    ".zip",
    ".hwp",
    ".xlsx",
    ".pptx",
}


@dataclass
class Member:
    path: str
    chunks: Callable[[], Iterable[bytes]]  # called twice: once to measure, once to write

    @property
    def stored(self):
        return PurePath(self.path).suffix.lower() in STORED_SUFFIXES


def _memo(make: Callable[[], bytes]) -> Callable[[], Iterable[bytes]]:
    """For generated documents: made once, kept only until the member has been written."""
    cache = []

    def chunks():
        if not cache:
            cache.append(make())
        return [cache[0]]

    return chunks


def _file(opener) -> Callable[[], Iterator[bytes]]:
    def chunks():
        with opener() as source:
            while block := source.read(256 * 1024):
                yield block

    return chunks


def _credits(photo) -> PhotoCredits:
    return PhotoCredits(
        caption=photo.caption,
        credit=photo.credit,
        rights_holder=photo.rights_holder,
        copyright=f"ⓒ {photo.rights_holder}",
        licence=photo.get_licence_display(),
        alt_text=photo.alt_text,
    )


def _event_sheet(event, letterhead) -> ReleaseSheet:
    return ReleaseSheet(
        kind="행사 개요",
        headline=event.full_title,
        deck=[],
        embargo="즉시",
        distributed="",
        department="",
        lead=event.summary,
        blocks=body_outline(event.description),
        captions=[
            f"{link.photo.caption} {link.photo.credit_line}".strip()
            for link in event.photo_links.all()
        ],
        attachments=[],
        contacts=[],
        quotes=[],
        copyright=licence_sentence(letterhead),
        url=settings.SITE_URL + event.get_short_url(),
        letterhead=letterhead,
    )


def _photo_names(contents: KitContents):
    names = {}
    for number, photo in enumerate(contents.photos, start=1):
        label = short_title(photo.caption or photo.alt_text, 40) or "사진"
        suffix = PurePath(photo.image.name).suffix.lower() or ".jpg"
        names[photo.pk] = (
            f"사진/원본/{number:02d}_{label}{suffix}",
            f"사진/웹용/{number:02d}_{label}.jpg",
        )
    return names


def photo_paths(contents: KitContents) -> dict[str, int]:
    """Each photo file's path in the kit, with the photo it shows."""
    return {path: pk for pk, paths in _photo_names(contents).items() for path in paths}


def kit_members(contents: KitContents, problems: list[str]) -> Iterator[Member]:
    """The kit's files in order; documents are produced only when their turn comes."""
    in_kit = {event.pk for event in contents.events}
    for number, article in enumerate(contents.articles, start=1):
        folder = f"{number:02d}_{short_title(article.headline, 60)}/"
        sheet = sheet_for(article, letterhead=contents.letterhead)
        if not sheet.contacts:
            problems.append(
                f"{article.headline}: 담당자가 지정되지 않았습니다. 보도자료의 담당자 표가 비어 있습니다."
            )
        facts = {
            e.full_title: event_facts(e)
            for e in contents.events
            if e.pk in {r.pk for r in article.related_events.all()} & in_kit
        }
        on = article.release_at or article.distributed_at or article.created_at
        makers = {
            "hwpx": lambda s=sheet, f=facts: release_hwpx(s, f),
            "docx": lambda s=sheet, f=facts: release_docx(s, f),
            "pdf": lambda s=sheet, f=facts: release_pdf(s, f),
            "txt": lambda s=sheet: release_text(s).encode("utf-8"),
        }
        for ext, make in makers.items():
            yield Member(
                folder + download_name(article.headline, ext, on=on, limit=60), _memo(make)
            )
        for attachment in article.attachments.all():
            name = (short_title(attachment.title, 60) or "붙임") + PurePath(
                attachment.file.name
            ).suffix.lower()
            yield Member(folder + "붙임/" + name, _file(lambda a=attachment: a.file.open("rb")))
    names = _photo_names(contents)
    for photo in contents.photos:
        original, web = names[photo.pk]
        fmt = PurePath(photo.image.name).suffix.lower().lstrip(".").replace("jpeg", "jpg")
        meta = _credits(photo)
        yield Member(
            original,
            lambda p=photo, f=fmt, m=meta: with_credits(lambda: p.image.open("rb"), f, m),
        )
        if photo.width * photo.height > settings.PHOTO_MAX_PIXELS:
            problems.append(
                f"{original}: 사진이 너무 커서({photo.width}×{photo.height}) 웹용 사본을 만들지 않았습니다."
            )
            continue
        yield Member(
            web,
            lambda p=photo, m=meta: with_credits(
                lambda: default_storage.open(renditions.ensure_long_side(p), "rb"), "jpg", m
            ),
        )
    for event in contents.events:
        folder = f"행사/{short_title(event.full_title, 60)}/"
        sheet = _event_sheet(event, contents.letterhead)
        facts = {event.full_title: event_facts(event)}
        first = min((s.starts_at for s in event.sessions.all()), default=event.created_at)
        title = f"{event.full_title} 행사개요"
        yield Member(
            folder + download_name(title, "pdf", on=first, limit=60),
            _memo(lambda s=sheet, f=facts: release_pdf(s, f)),
        )
        yield Member(
            folder + download_name(title, "docx", on=first, limit=60),
            _memo(lambda s=sheet, f=facts: release_docx(s, f)),
        )
        yield Member(
            folder + "일정.ics",
            _memo(
                lambda e=event: events_to_ics([e], site_url=settings.SITE_URL, name=e.full_title)
            ),
        )
    for person in contents.people:
        yield Member(
            f"대변인/{short_title(person.name) or person.pk}.vcf",
            _memo(
                lambda p=person: person_to_vcard(
                    p, site_url=settings.SITE_URL, office_phone=settings.PRESS_OFFICE["phone"]
                ).encode("utf-8")
            ),
        )
    if contents.quotes:
        yield Member("quotes.txt", _memo(lambda: _quotes_text(contents).encode("utf-8")))
    if contents.photos:
        yield Member("captions.csv", _memo(lambda: _captions_csv(contents, names)))


def _quotes_text(contents):
    blocks = []
    for quote in contents.quotes:
        org = quote.organisation.name if quote.organisation else ""
        source = (
            quote.article.headline
            if quote.article
            else (quote.event.full_title if quote.event else "")
        )
        blocks.append(
            f"“{quote.text}”\n- 발언자: {quote.speaker.name}\n- 직함(발언 당시): {quote.speaker_title}\n"
            f"- 소속: {org}\n- 발언일: {quote.said_on:%Y-%m-%d}\n- 출처: {source}\n"
            f"- 재사용: {'승인됨' if quote.approved_for_reuse else '출처와 함께 인용'}\n"
        )
    return "\n".join(blocks)


def _captions_csv(contents, names):
    header = [
        "원본 파일",
        "웹용 파일",
        "사진 설명",
        "출처 표기",
        "저작권자",
        "이용 조건",
        "대체 텍스트",
    ]
    rows = (
        [
            *names[photo.pk],
            photo.caption,
            photo.credit_line,
            photo.rights_holder,
            photo.get_licence_display(),
            photo.alt_text,
        ]
        for photo in contents.photos
    )
    return excel_csv(header, rows)


def _ninjs(article, contents, names):
    url = settings.SITE_URL + article.get_absolute_url()
    embargoed = (
        article.release_at if article.release_at and article.release_at > timezone.now() else None
    )
    sheet = sheet_for(article, letterhead=contents.letterhead)
    related = {event.pk for event in article.related_events.all()}
    cities = [
        s.venue.city
        for e in contents.events
        if e.pk in related
        for s in e.sessions.all()
        if s.venue
    ]
    return {
        "uri": url,
        "standard": {
            "name": "ninjs",
            "version": "2.0",
            "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json",
        },
        "type": "text",
        "language": "ko",
        "versioncreated": (article.last_corrected_at or article.updated_at).isoformat(),
        "firstcreated": article.created_at.isoformat(),
        "embargoed": embargoed.isoformat() if embargoed else None,
        "pubstatus": "usable",
        "headlines": [
            {"role": "main", "value": article.headline},
            *[{"role": "sub", "value": d} for d in article.deck_lines],
        ],
        "bylines": [
            {
                "byline": f"{article.reporter} 기자"
                if article.reporter
                else (article.outlet or "(재)경북테크노파크")
            }
        ],
        "located": cities[0] if cities else "경산",
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/plain",
                "value": sheet.plain_body(),
            }
        ],
        "associations": [
            {
                "name": f"photo{i}",
                "type": "picture",
                "uri": settings.SITE_URL + link.photo.get_absolute_url(),
                "headlines": [{"role": "main", "value": link.photo.caption}],
                "bylines": [{"byline": link.photo.credit}],
                "renditions": [
                    {"name": "original", "href": names[link.photo_id][0]},
                    {"name": "web", "href": names[link.photo_id][1], "contenttype": "image/jpeg"},
                ],
            }
            for i, link in enumerate(article.photo_links.all(), start=1)
            if link.photo_id in names
        ],
    }


def _closing_members(contents, entries, problems, generated_at):
    names = _photo_names(contents)
    if problems:
        text = (
            "이 키트를 만들며 발견한 문제입니다. 나머지 파일은 모두 들어 있습니다.\n\n"
            + "\n".join(f"- {p}" for p in problems)
            + "\n"
        )
        yield Member("problems.txt", _memo(lambda: text.encode("utf-8")))
    written = {entry["path"] for entry in entries}
    releases = [
        (article, [e["path"] for e in entries if e["path"].startswith(f"{number:02d}_")])
        for number, article in enumerate(contents.articles, start=1)
    ]
    photos = [
        (photo, *names[photo.pk]) for photo in contents.photos if names[photo.pk][0] in written
    ]
    context = {
        "contents": contents,
        "entries": entries,
        "problems": problems,
        "releases": releases,
        "photos": photos,
        "generated_at": timezone.localtime(generated_at),
    }
    index = render_to_string("presskits/index.html", context)
    yield Member("index.html", _memo(lambda: index.encode("utf-8")))


def _manifest(contents, entries, problems, generated_at):
    names = _photo_names(contents)
    data = {
        "kit": {
            "title": contents.title,
            "slug": contents.slug,
            "url": contents.url,
            "generated_at": generated_at.isoformat(),
            "embargoed_until": contents.embargoed_until.isoformat()
            if contents.embargoed_until and contents.embargoed_until > generated_at
            else None,
        },
        "files": entries,
        "problems": problems,
        "releases": [_ninjs(article, contents, names) for article in contents.articles],
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def _measure(chunks: Iterable[bytes]) -> tuple[int, int, str]:
    size, crc, digest = 0, 0, hashlib.sha256()
    for block in chunks:
        size += len(block)
        crc = zlib.crc32(block, crc)
        digest.update(block)
    return size, crc & 0xFFFFFFFF, digest.hexdigest()


def presskit_stream(
    contents: KitContents,
    *,
    problems: list[str] | None = None,
    generated_at: datetime | None = None,
) -> Iterator[bytes]:
    """The kit as ZIP bytes, produced while it is read. `problems` collects what had to be left out."""
    problems = [] if problems is None else problems
    generated_at = generated_at or timezone.now()
    if contents.letterhead is None:  # read (and a logo drawn) only when documents are made
        contents.letterhead = document_letterhead(Letterhead.current())
    modified = timezone.localtime(generated_at).replace(tzinfo=None, microsecond=0)
    entries = []

    def members():
        def prepared(member):
            try:
                size, crc, sha256 = _measure(member.chunks())
            except (OSError, ValueError) as error:
                problems.append(
                    f"{member.path}: 파일을 읽지 못해 넣지 않았습니다 ({type(error).__name__})."
                )
                return None
            entries.append({"path": member.path, "size": size, "sha256": sha256})
            method = NO_COMPRESSION_64(size, crc) if member.stored else ZIP_AUTO(size)
            return member.path, modified, 0o644, method, member.chunks()

        for member in kit_members(contents, problems):
            if (item := prepared(member)) is not None:
                yield item
        for member in _closing_members(contents, entries, problems, generated_at):
            if (item := prepared(member)) is not None:
                yield item
        manifest = _manifest(contents, entries, problems, generated_at)
        yield "manifest.json", modified, 0o644, ZIP_AUTO(len(manifest)), [manifest]

    yield from stream_zip(members())
