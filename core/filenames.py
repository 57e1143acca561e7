"""Names people can use outside the newsroom: file names for downloads and ASCII slugs for addresses.

A journalist saves a release as `20231011_경북테크노파크 이차전지 산업관.pdf`: the date first so files
sort by day, then the title cut at a word, cleaned of what Windows, macOS or an unzip tool refuses.
Where only ASCII will do (an old mail client, the `filename=` of a download header, an address), the
title is romanised with korean-romanizer: `20231011_gyeongbuktekeunopakeu-isajeonji.pdf`.
"""

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from korean_romanizer.romanizer import Romanizer

SEOUL = ZoneInfo("Asia/Seoul")
SLUG_LENGTH = 60
FALLBACK_NAME = "download"

# Refused by Windows (and ":" by the macOS Finder, "/" everywhere); unzip tools treat "\" as a path.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_NOT_ASCII_WORD = re.compile(r"[^a-z0-9]+")
# Names Windows keeps for devices, whatever the extension.
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$", re.IGNORECASE)
# What may not end a cut title: separators and opening brackets or quotes left without their pair.
_DANGLING = " .,;·-–—_([{‘“「『<《〈"


def romanize(text: str) -> str:
    """Hangul in Revised Romanisation (by korean-romanizer); every other character as it was."""
    text = unicodedata.normalize("NFC", text or "")
    if not _HANGUL.search(text):
        return text
    return Romanizer(text).romanize()


def ascii_words(text: str) -> list[str]:
    """The words of `text` in lower-case ASCII letters and digits, Korean romanised first.

    Accented Latin letters lose their accents; scripts with no ASCII form (Chinese, emoji) drop out.
    """
    latin = unicodedata.normalize("NFKD", romanize(text)).encode("ascii", "ignore").decode()
    return [word for word in _NOT_ASCII_WORD.split(latin.lower()) if word]


def _cut(words: list[str], limit: int, sep: str) -> str:
    """Whole words joined by `sep` up to `limit` characters; a first word longer than that is cut."""
    kept = []
    for word in words:
        if len(sep.join([*kept, word])) > limit:
            break
        kept.append(word)
    if not kept and words:
        return words[0][:limit]
    return sep.join(kept)


def slug_from(text: str, *, limit: int = SLUG_LENGTH) -> str:
    """A lower-case ASCII address part: romanised words and digits joined by hyphens, cut at a word."""
    return _cut(ascii_words(text), limit, "-")


def unique_slug(
    text: str, *, taken: Callable[[str], bool], fallback: str, limit: int = SLUG_LENGTH
) -> str:
    """`slug_from(text)`, or `fallback` when nothing of it is ASCII, made unique with -2, -3, ...

    `taken(candidate)` answers whether another item holds (or once held) that address.
    """
    base = slug_from(text, limit=limit) or slug_from(fallback, limit=limit)
    if not taken(base):
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = _cut(base.split("-"), limit - len(suffix), "-").rstrip("-") + suffix
        if not taken(candidate):
            return candidate
        number += 1


def _seoul_day(on: date | datetime | None) -> str:
    if on is None:
        return ""
    if isinstance(on, datetime):
        # An aware moment is read on the Korean calendar; a naive one is taken as Korean time.
        on = on.astimezone(SEOUL).date() if on.tzinfo else on.date()
    return on.strftime("%Y%m%d")


def _extension(ext: str) -> str:
    cleaned = re.sub(r"[^a-z0-9]", "", (ext or "").lower())
    return f".{cleaned}" if cleaned else ""


def _join(day: str, title: str, ext: str) -> str:
    stem = "_".join(part for part in (day, title) if part) or FALLBACK_NAME
    if _RESERVED.match(stem):
        stem += "_"
    return stem + ext


def clean_title(title: str) -> str:
    """The title as a file name may carry it: no characters file systems or unzip tools refuse, no
    invisible format characters, whitespace collapsed, and no leading or trailing dots or spaces."""
    text = unicodedata.normalize("NFC", title or "")
    text = "".join(
        " " if unicodedata.category(ch) in ("Zs", "Zl", "Zp", "Cc") else ch
        for ch in text
        if unicodedata.category(ch) not in ("Cf", "Cs", "Co", "Cn")
    )
    text = _UNSAFE.sub(" ", text)
    return " ".join(text.split()).strip(" .")


def download_name(title: str, ext: str, *, on: date | datetime | None, limit: int = 40) -> str:
    """`<YYYYMMDD>_<short title>.<ext>`: Korean kept, the title cut at a word within `limit`
    characters. `on` is read on the Seoul calendar; None leaves the date out (an item not yet
    released has no day to carry)."""
    return _join(_seoul_day(on), short_title(title, limit), _extension(ext))


_OPENING, _CLOSING = "([{‘“「『<《〈", ")]}’”」』>》〉"


def short_title(title: str, limit: int = 40) -> str:
    """The title as a file or folder name: cleaned, cut at a word within `limit` characters.

    A cut never leaves a bracket or quote open ("행사(IT" becomes "행사"), nor a separator at
    either end.
    """
    words = [w for w in clean_title(title).split(" ") if w]
    short = _cut(words, limit, " ")
    if len(short) < len(" ".join(words)):
        depth, cut_at = 0, None
        for index, ch in enumerate(short):
            if ch in _OPENING:
                if depth == 0:
                    cut_at = index
                depth += 1
            elif ch in _CLOSING and depth:
                depth -= 1
        if depth and cut_at:
            short = short[:cut_at]
    return short.rstrip(_DANGLING).lstrip(" .-")


def ascii_name(title: str, ext: str, *, on: date | datetime | None, limit: int = 40) -> str:
    """The ASCII fallback of `download_name`: `20231011_gyeongbuk-...pdf`, the extension kept."""
    return _join(_seoul_day(on), slug_from(title, limit=limit), _extension(ext))


def content_disposition(filename: str, *, ascii_fallback: str, inline: bool = False) -> str:
    """A Content-Disposition value naming the file twice (RFC 6266): `filename="..."` in ASCII for
    old clients, and `filename*=UTF-8''...` (RFC 5987) with the real name for every current one."""
    fallback = (
        "".join(ch for ch in ascii_fallback if " " <= ch <= "~" and ch not in '"\\').strip()
        or FALLBACK_NAME
    )
    encoded = quote(unicodedata.normalize("NFC", filename), safe="")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
