"""Write caption, credit and rights into photo files for press kits: XMP in JPEG, PNG and WebP, and
IPTC IIM in JPEG as well, where older newsroom systems look for them.

exiv2 (through pyexiv2) edits the metadata blocks of the file and copies the picture data as it is,
so an original is never decoded or re-encoded. It needs the whole file in memory, which is one photo
at a time while a kit is written.

The stored file is first cleaned again as an upload is (`photos.imaging.strip_private_metadata`):
a photo stored before today's cleaning (a doubled "Exif" header that hid its orientation) goes out
repaired, and the copy handed out is checked once more, after the credits are written, for anything
that places the photo or names its device.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import pyexiv2
from django.core.exceptions import ValidationError

from photos.imaging import UNREADABLE, find_private_metadata, strip_private_metadata

CHUNK = 256 * 1024
FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}  # extension → format in photos.imaging
UTF8 = "\x1b%G"  # IPTC 1:90, CodedCharacterSet: the text records are UTF-8


@dataclass(frozen=True)
class PhotoCredits:
    caption: str
    credit: str
    rights_holder: str
    copyright: str
    licence: str
    alt_text: str


def _alt(value: str) -> dict:
    return {'lang="x-default"': value}


def xmp_values(meta: PhotoCredits) -> dict:
    """The XMP properties a press kit's photo carries, keyed as exiv2 names them."""
    values = {
        "Xmp.dc.description": _alt(meta.caption),
        "Xmp.dc.rights": _alt(meta.copyright),
        "Xmp.dc.creator": [meta.rights_holder],
        "Xmp.photoshop.Credit": meta.credit,
        "Xmp.photoshop.Source": meta.rights_holder,
        "Xmp.xmpRights.Marked": "True",
        "Xmp.xmpRights.UsageTerms": _alt(meta.licence),
        "Xmp.iptc.AltTextAccessibility": _alt(meta.alt_text),
    }
    return {key: value for key, value in values.items() if value and value != _alt("")}


def iptc_values(meta: PhotoCredits) -> dict:
    """IPTC IIM records, each within the record's length limit (counted in UTF-8 bytes)."""
    values = {
        "Iptc.Application2.Caption": (meta.caption, 2000),
        "Iptc.Application2.Credit": (meta.credit, 32),
        "Iptc.Application2.Copyright": (meta.copyright, 128),
        "Iptc.Application2.Byline": (meta.rights_holder, 32),
    }
    records = {"Iptc.Envelope.CharacterSet": UTF8}
    for key, (value, limit) in values.items():
        if value:
            cut = value.encode("utf-8")[:limit].decode("utf-8", "ignore")
            records[key] = [cut] if key == "Iptc.Application2.Byline" else cut
    return records


def credited(data: bytes, fmt: str, meta: PhotoCredits) -> bytes:
    """`data` with credits embedded.

    Raises ValueError if the file cannot be cleaned or edited, or if the result still tells where
    the photo was taken or which device took it.
    """
    kind = FORMATS[fmt]
    try:
        data = strip_private_metadata(data, kind)
    except ValidationError as exc:
        raise ValueError(f"the photo cannot be cleaned ({exc.code})") from exc
    try:
        image = pyexiv2.ImageData(data)
    except RuntimeError as exc:
        raise ValueError(f"exiv2 cannot read the photo: {exc}") from exc
    try:
        image.modify_xmp(xmp_values(meta))
        if fmt == "jpg":
            image.modify_iptc(iptc_values(meta))
        result = image.get_bytes()
    except RuntimeError as exc:
        raise ValueError(f"exiv2 cannot write credits: {exc}") from exc
    finally:
        image.close()
    try:
        private = find_private_metadata(result, kind)
    except UNREADABLE as exc:
        raise ValueError(f"the credited photo cannot be read back: {exc}") from exc
    if private:
        raise ValueError(f"the credited photo still carries {', '.join(private)}")
    return result


def with_credits(open_file, fmt: str, meta: PhotoCredits) -> Iterator[bytes]:
    """The file's bytes with credits embedded; `open_file()` returns a fresh binary file each call.

    One photo is held in memory while exiv2 writes (at most PHOTO_MAX_BYTES), whatever the kit's size.
    """
    with open_file() as source:
        data = source.read()
    if fmt in FORMATS:
        data = credited(data, fmt, meta)
    for start in range(0, len(data), CHUNK):
        yield data[start : start + CHUNK]
