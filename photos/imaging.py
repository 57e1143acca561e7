"""Pure functions on image bytes: inspect an upload, and remove what must not be published.

The picture itself is never decoded and re-encoded, so a photographer's original keeps its quality.
Cleaning runs in three steps:

1. The container is rebuilt from an allow-list (JPEG segments, PNG chunks, WebP RIFF chunks): only
   what draws the picture, its colour profile and the metadata blocks exiv2 rewrites next survive.
   Everything after the first image's end goes: a second JPEG appended by a phone or an editor (MPO
   frames, thumbnails with their own GPS), data after PNG's IEND, padding after WebP's RIFF.
2. exiv2 (through pyexiv2, a maintained library that understands EXIF, IPTC and XMP in all three
   formats) reads the metadata, and writes only an allow-list back, afresh, onto the picture rebuilt
   without any metadata block: orientation, dates, camera model, caption, credit, copyright. A block
   exiv2 cannot parse or clear therefore cannot pass through as it was. The orientation written is the one
   Pillow reads, as `inspect_image` and the web copies do, so the original, its kit copy and its web
   copies turn the same way. Pillow also reads EXIF that exiv2 cannot (a doubled "Exif" header from
   older tools, a PNG eXIf chunk that starts with the JPEG header), so such a photo keeps its
   orientation and dates in a block every reader understands instead of losing them.
3. The result is read again with Pillow, which shares no code with exiv2, and with exiv2; if any
   location, serial number or owner remains anywhere, the upload is refused rather than published.
"""

import io
import re
import struct
import threading
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import pyexiv2
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import ExifTags, Image, ImageFile, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ROTATED = {5, 6, 7, 8}  # EXIF orientations that turn the picture a quarter
NOT_AN_IMAGE = gettext_lazy("사진 파일로 읽을 수 없습니다. 손상되었거나 사진이 아닌 파일입니다.")
NOT_CLEANED = gettext_lazy(
    "사진에서 위치(GPS)나 기기 정보를 지우지 못해 저장하지 않았습니다. "
    "사진 편집 프로그램에서 다른 이름으로 저장(내보내기)한 뒤 다시 올려 주세요."
)

# Pillow and exiv2 raise these for files they cannot make sense of; each means "not a photo we take".
UNREADABLE = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
    zlib.error,
    IndexError,
    KeyError,
    TypeError,
)

pyexiv2.set_log_level(4)  # exiv2 reports problems as exceptions; its own stderr chatter is noise

# What survives in a published file, by exiv2 key. Nothing here names a place, a device or a person
# other than the credited author.
KEPT_EXIF = frozenset(
    {
        "Exif.Image.Orientation",
        "Exif.Image.ImageDescription",
        "Exif.Image.Copyright",
        "Exif.Image.Make",
        "Exif.Image.Model",
        "Exif.Image.DateTime",
        "Exif.Image.XResolution",
        "Exif.Image.YResolution",
        "Exif.Image.ResolutionUnit",
        "Exif.Photo.DateTimeOriginal",
        "Exif.Photo.DateTimeDigitized",
        "Exif.Photo.OffsetTimeOriginal",
        "Exif.Photo.ExposureTime",
        "Exif.Photo.FNumber",
        "Exif.Photo.ISOSpeedRatings",
        "Exif.Photo.FocalLength",
        "Exif.Photo.ColorSpace",
    }
)
KEPT_IPTC = frozenset(
    {
        "Iptc.Application2.Caption",
        "Iptc.Application2.Headline",
        "Iptc.Application2.ObjectName",
        "Iptc.Application2.Credit",
        "Iptc.Application2.Source",
        "Iptc.Application2.Copyright",
        "Iptc.Application2.DateCreated",
    }
)
KEPT_XMP = frozenset(
    {
        "Xmp.dc.title",
        "Xmp.dc.description",
        "Xmp.dc.rights",
        "Xmp.photoshop.Credit",
        "Xmp.photoshop.Source",
        "Xmp.photoshop.Headline",
        "Xmp.photoshop.DateCreated",
        "Xmp.xmpRights.Marked",
        "Xmp.xmpRights.UsageTerms",
        "Xmp.xmpRights.WebStatement",
        "Xmp.iptc.AltTextAccessibility",
    }
)
# The camera's own values Pillow can supply, by exiv2 key: (IFD, tag), None for the first IFD.
# Orientation is written from here whenever Pillow reads one (see the module's docstring).
ORIENTATION_KEY = "Exif.Image.Orientation"
PILLOW_KEPT = {
    ORIENTATION_KEY: (None, ExifTags.Base.Orientation),
    "Exif.Image.Make": (None, ExifTags.Base.Make),
    "Exif.Image.Model": (None, ExifTags.Base.Model),
    "Exif.Image.DateTime": (None, ExifTags.Base.DateTime),
    "Exif.Photo.DateTimeOriginal": (ExifTags.IFD.Exif, ExifTags.Base.DateTimeOriginal),
    "Exif.Photo.DateTimeDigitized": (ExifTags.IFD.Exif, ExifTags.Base.DateTimeDigitized),
}
# A stored file is refused if any metadata key or XMP property name still mentions one of these.
# Artist is the photographer's own name: a person, so it goes with the owner (kit copies credit the
# rights holder through XMP and IPTC instead).
PRIVATE_WORDS = re.compile(
    rb"gps|serial|owner|makernote|location|city|country|artist", re.IGNORECASE
)
XMP_NAMES = re.compile(rb"<[/?]?([\w.-]+:[\w.-]+)|\s([\w.-]+:[\w.-]+)\s*=")
PRIVATE_EXIF_TAGS = (
    ExifTags.Base.BodySerialNumber,
    ExifTags.Base.LensSerialNumber,
    ExifTags.Base.CameraSerialNumber,
    ExifTags.Base.CameraOwnerName,
    ExifTags.Base.Artist,
    ExifTags.Base.MakerNote,
    ExifTags.Base.ImageUniqueID,
)


@dataclass(frozen=True)
class ImageInfo:
    """What an upload is. `width` and `height` are as displayed, after the camera's EXIF rotation."""

    format: str
    width: int
    height: int
    taken_at: datetime | None

    @property
    def extension(self):
        return FORMATS[self.format]


def _too_many_pixels(width=None, height=None):
    limit = settings.PHOTO_MAX_PIXELS // 10_000
    if width is None:
        message = _("사진의 화소 수가 너무 많습니다. %(limit)d만 화소 이하로 줄여서 올려 주세요.")
        return ValidationError(message % {"limit": limit}, code="too_many_pixels")
    message = _(
        "사진의 화소 수가 너무 많습니다(%(width)d×%(height)d). "
        "%(limit)d만 화소 이하로 줄여서 올려 주세요."
    )
    return ValidationError(
        message % {"width": width, "height": height, "limit": limit}, code="too_many_pixels"
    )


def inspect_image(data: bytes) -> ImageInfo:
    """Check that the bytes are a photo we accept; explain in Korean when they are not.

    The picture is decoded once, so a truncated or corrupt file is refused here rather than failing
    later on a public page; JPEG is decoded at an eighth of its size, which finds the same faults.
    """
    if len(data) > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            _("파일이 너무 큽니다(%(size)d MB). %(limit)d MB 이하의 사진을 올려 주세요.")
            % {
                "size": len(data) // (1024 * 1024),
                "limit": settings.PHOTO_MAX_BYTES // (1024 * 1024),
            },
            code="file_too_large",
        )
    try:
        with _strict_decoding(), Image.open(io.BytesIO(data)) as image:
            # A phone's MPO is a JPEG followed by more JPEGs; cleaning keeps the first one.
            fmt = "JPEG" if image.format == "MPO" else image.format
            width, height = image.size
            if fmt not in FORMATS:
                raise ValidationError(
                    _("JPEG, PNG, WebP 형식의 사진만 올릴 수 있습니다(올린 파일: %(format)s).")
                    % {"format": image.format or _("알 수 없음")},
                    code="bad_format",
                )
            if fmt == "WEBP" and getattr(image, "n_frames", 1) > 1:
                raise ValidationError(
                    _(
                        "움직이는 WebP 이미지는 올릴 수 없습니다. 한 장짜리 사진으로 저장해 올려 주세요."
                    ),
                    code="animated",
                )
            if width * height > settings.PHOTO_MAX_PIXELS:
                raise _too_many_pixels(width, height)
            check_density(len(data), width, height)
            if fmt == "WEBP" and width * height > settings.PHOTO_WEBP_MAX_PIXELS:
                raise ValidationError(
                    _(
                        "WebP 사진은 %(limit)d만 화소까지 올릴 수 있습니다(올린 사진: "
                        "%(width)d×%(height)d). JPEG로 저장하거나 크기를 줄여서 올려 주세요."
                    )
                    % {
                        "width": width,
                        "height": height,
                        "limit": settings.PHOTO_WEBP_MAX_PIXELS // 10_000,
                    },
                    code="webp_too_many_pixels",
                )
            if fmt == "JPEG":
                image.draft(image.mode, (1, 1))  # the smallest DCT scale still reads every block
            image.load()
            exif = image.getexif()
            taken_at = _taken_at(exif)
            if exif.get(ExifTags.Base.Orientation) in ROTATED:
                width, height = height, width  # a portrait taken with the phone turned
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    except UNREADABLE as exc:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from exc
    return ImageInfo(fmt, width, height, taken_at)


_STRICT = threading.Lock()


@contextmanager
def _strict_decoding():
    """Pillow refuses a truncated file only while LOAD_TRUNCATED_IMAGES is off, and WeasyPrint turns
    it on for the whole process when imported (press-kit PDFs): a worker that made a kit would then
    take half a photo. The flag is process-wide, so threads take turns while it is switched."""
    with _STRICT:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def check_density(size: int, width: int, height: int) -> None:
    """Refuse a very large picture stored in very few bytes: what a decompression bomb looks like.

    Making web copies decodes the whole picture, so memory follows the pixel count, not the file
    size; a real photo of that many pixels is never this small.
    """
    pixels = width * height
    if (
        pixels > settings.PHOTO_SPARSE_MAX_PIXELS
        and size < pixels * settings.PHOTO_MIN_BYTES_PER_PIXEL
    ):
        raise ValidationError(
            _(
                "사진의 화소 수(%(width)d×%(height)d)에 비해 파일이 지나치게 작습니다. "
                "이렇게 압축된 이미지는 %(limit)d만 화소 이하만 올릴 수 있습니다. "
                "크기를 줄이거나 일반 화질로 다시 저장해 올려 주세요."
            )
            % {
                "width": width,
                "height": height,
                "limit": settings.PHOTO_SPARSE_MAX_PIXELS // 10_000,
            },
            code="too_sparse",
        )


def _taken_at(exif):
    raw = exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.DateTimeOriginal) or exif.get(
        ExifTags.Base.DateTime
    )
    try:
        return datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S") if raw else None
    except ValueError:
        return None


def strip_private_metadata(data: bytes, fmt: str) -> bytes:
    """The file without location, device serials or owner, and nothing after the picture's end.

    Raises ValidationError when the bytes cannot be cleaned or a check afterwards still finds any.
    """
    rebuild = CONTAINERS[fmt]
    try:
        # The picture with no metadata block at all; exiv2 then writes each block afresh, so
        # nothing it cannot parse, clear or rewrite (a malformed EXIF block, an XMP packet it would
        # leave as it was) can pass through.
        bare = rebuild(data, keep_metadata=False)
        exif, iptc, xmp = _kept_values(rebuild(data, keep_metadata=True))
        camera = _camera_values(data, fmt)
        exif = {**camera, **exif}
        if ORIENTATION_KEY in camera:
            exif[ORIENTATION_KEY] = camera[ORIENTATION_KEY]
        try:
            cleaned = _write_metadata(bare, exif, iptc, xmp)
        except (RuntimeError, UnicodeError, ValueError):
            # exiv2 could not write what was read: the orientation and dates Pillow read, or nothing.
            try:
                cleaned = _write_metadata(bare, camera, {}, {})
            except (RuntimeError, UnicodeError, ValueError):
                cleaned = bare
        # exiv2's output is held to the same allow-list.
        cleaned = rebuild(cleaned, keep_metadata=True)
        private = find_private_metadata(cleaned, fmt)
    except ValidationError:
        raise
    except UNREADABLE as exc:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from exc
    if private:
        raise ValidationError(NOT_CLEANED, code="not_cleaned")
    return cleaned


def _kept_values(data: bytes) -> tuple[dict, dict, dict]:
    """The allow-listed EXIF, IPTC and XMP values exiv2 reads; a block it cannot read is empty."""
    try:
        image = pyexiv2.ImageData(data)
    except RuntimeError:
        return {}, {}, {}
    try:
        return tuple(
            {key: value for key, value in _read(method).items() if key in kept}
            for method, kept in (
                (image.read_exif, KEPT_EXIF),
                (image.read_iptc, KEPT_IPTC),
                (image.read_xmp, KEPT_XMP),
            )
        )
    finally:
        image.close()


def _write_metadata(bare: bytes, exif: dict, iptc: dict, xmp: dict) -> bytes:
    """`bare` (a container without metadata blocks) with these values written by exiv2."""
    image = pyexiv2.ImageData(bare)
    try:
        _write_each(image.modify_exif, exif)
        if iptc:
            _write_each(image.modify_iptc, {"Iptc.Envelope.CharacterSet": "\x1b%G", **iptc})
        _write_each(image.modify_xmp, xmp)
        return image.get_bytes()
    finally:
        image.close()


def _read(method) -> dict:
    """What an exiv2 read method returns, minus values that are not UTF-8 text.

    pyexiv2 decodes every value as UTF-8 and fails the whole block on one that is not (an old
    camera's model name in EUC-KR, a vendor's binary string); read again as Latin-1, which never
    fails, each value is then decoded from its own bytes, and only the undecodable ones are left out.
    """
    try:
        return method()
    except UnicodeError:
        pass
    except (RuntimeError, ValueError):
        return {}
    try:
        raw = method(encoding="latin-1")
    except (RuntimeError, UnicodeError, ValueError):
        return {}
    values = {key: _utf8(value) for key, value in raw.items()}
    return {key: value for key, value in values.items() if value is not None}


def _utf8(value):
    """A value read as Latin-1, decoded as the UTF-8 it was; None when it is not UTF-8."""
    try:
        if isinstance(value, str):
            return value.encode("latin-1").decode("utf-8")
        if isinstance(value, list):
            return [_utf8_strict(item) for item in value]
        if isinstance(value, dict):
            return {_utf8_strict(k): _utf8_strict(v) for k, v in value.items()}
    except UnicodeError:
        return None
    return value


def _utf8_strict(text: str) -> str:
    return text.encode("latin-1").decode("utf-8")


def _camera_values(data: bytes, fmt: str) -> dict:
    """Orientation, camera model and dates as Pillow reads them, by exiv2 key, as text.

    Pillow reads the orientation the way `inspect_image` and the web copies do (EXIF, then XMP's
    tiff:Orientation), and also from blocks exiv2 refuses. A PNG is read as opened, without
    decoding its picture (`PngImageFile.getexif` would decode it to look for chunks after it).
    """
    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = Image.Image.getexif(image) if fmt == "PNG" else image.getexif()
            values = {}
            for key, (ifd, tag) in PILLOW_KEPT.items():
                value = (exif.get_ifd(ifd) if ifd else exif).get(tag)
                if key == ORIENTATION_KEY:
                    if isinstance(value, int) and 1 <= value <= 8:
                        values[key] = str(value)
                elif isinstance(value, str):
                    text = _utf8(value.strip("\x00 "))
                    if text and text.isprintable():
                        values[key] = text
            return values
    except UNREADABLE:
        return {}


def _write_each(modify, values):
    """One value at a time, so a value exiv2 cannot write back loses only itself."""
    for key, value in values.items():
        try:
            modify({key: value})
        except (RuntimeError, ValueError, TypeError, UnicodeError):
            continue


def find_private_metadata(data: bytes, fmt: str) -> list[str]:
    """What a stored file still tells about place, device or owner; empty when it is clean.

    Two independent readers: Pillow's own EXIF, PNG text and XMP parsing, and exiv2.
    """
    found = []
    with Image.open(io.BytesIO(data)) as image:
        if fmt == "PNG":  # getexif() would decode a PNG's whole picture to look past its pixels
            exif = Image.Exif()
            if "exif" in image.info:
                exif.load(image.info["exif"])
        else:
            exif = image.getexif()
        if exif.get_ifd(ExifTags.IFD.GPSInfo) or ExifTags.IFD.GPSInfo in exif:
            found.append("EXIF GPS")
        ifds = (exif, exif.get_ifd(ExifTags.IFD.Exif), exif.get_ifd(ExifTags.IFD.IFD1))
        found += [
            f"EXIF {tag.name}" for tag in PRIVATE_EXIF_TAGS if any(tag in ifd for ifd in ifds)
        ]
        xmp = image.info.get("xmp") or b""
        xmp = xmp if isinstance(xmp, bytes) else str(xmp).encode("utf-8", "replace")
        names = b" ".join(b"".join(pair) for pair in XMP_NAMES.findall(xmp))
        if PRIVATE_WORDS.search(names):
            found.append("XMP (Pillow)")
    if fmt == "PNG":
        # Read from the chunks rather than Pillow's `text`, which would decode the whole picture.
        allowed = PNG_TEXT_KEPT | PNG_METADATA_TEXT
        found += [f"PNG text {key}" for key in _png_text_keywords(data) if key not in allowed]
    try:
        reader = pyexiv2.ImageData(data)
    except RuntimeError:
        return [*found, "exiv2 cannot read the result"]
    try:
        keys = [*reader.read_exif(), *reader.read_iptc(), *reader.read_xmp()]
        found += [key for key in keys if PRIVATE_WORDS.search(key.encode())]
        if reader.read_comment().strip():
            found.append("comment")
    except (RuntimeError, UnicodeError, ValueError):
        found.append("exiv2 cannot read the metadata")
    finally:
        reader.close()
    if _picture_end(data, fmt) != len(data):
        found.append("data after the picture")
    return found


# --- containers -----------------------------------------------------------------------------------

# JPEG segments kept, by marker and payload prefix: JFIF, colour profile, Adobe (needed to show CMYK
# files right), and the EXIF, XMP and IPTC blocks that exiv2 rewrites. MPF, extended XMP, comments
# and vendor segments (where phones keep GPS, serials and preview images) are dropped.
JPEG_KEPT_APP = {
    0xE0: (b"JFIF\x00",),
    0xE2: (b"ICC_PROFILE\x00",),
    0xEE: (b"Adobe",),
}
JPEG_METADATA_APP = {
    0xE1: (b"Exif\x00\x00", b"http://ns.adobe.com/xap/1.0/\x00"),
    0xED: (b"Photoshop 3.0\x00",),
}
JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and RSTn carry no length


def _jpeg(data: bytes, keep_metadata: bool) -> bytes:
    out, end = _jpeg_segments(data, keep_metadata)
    if end is None:
        # Some cameras and tools omit the end marker; the picture decoded in full (inspect_image),
        # so the marker is added rather than the photo refused.
        out.append(b"\xff\xd9")
    return b"".join(out)


def _jpeg_segments(data: bytes, keep_metadata: bool = True):
    """The kept segments of the first image, and where its end marker (EOI) stops; None if absent."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    out, pos, size, seen = [b"\xff\xd8"], 2, len(data), set()
    while pos + 1 < size:
        if data[pos] != 0xFF:
            raise ValueError("JPEG marker expected")
        while pos + 1 < size and data[pos + 1] == 0xFF:  # fill bytes before a marker are legal
            pos += 1
        marker = data[pos + 1] if pos + 1 < size else None
        if marker is None:
            break
        if marker == 0xD9:
            out.append(b"\xff\xd9")
            return out, pos + 2
        if marker in JPEG_STANDALONE:
            out.append(data[pos : pos + 2])
            pos += 2
            continue
        if pos + 4 > size:
            break
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if length < 2 or pos + 2 + length > size:
            raise ValueError("JPEG segment runs past the end")
        segment = data[pos : pos + 2 + length]
        payload = segment[4:]
        pos += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data follows until the next real marker
            scan_end = _scan_end(data, pos)
            out.append(segment + data[pos:scan_end])
            pos = scan_end
            continue
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            allowed = JPEG_KEPT_APP.get(marker, ())
            if keep_metadata:
                allowed += JPEG_METADATA_APP.get(marker, ())
            kind = next((prefix for prefix in allowed if payload.startswith(prefix)), None)
            if kind is None:
                continue
            # exiv2 rewrites the first EXIF, XMP or IPTC block it finds; a second one would stay.
            if kind in seen and marker != 0xE2:  # an ICC profile may span several segments
                continue
            seen.add(kind)
        out.append(segment)
    return out, None


def _scan_end(data: bytes, pos: int) -> int:
    """Where a scan's entropy-coded data ends: the first 0xFF that is not stuffing or a restart."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            return len(data)
        following = data[pos + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            pos += 2
        elif following == 0xFF:
            pos += 1
        else:
            return pos


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Chunks that draw the picture or describe its colours; animation (acTL, fcTL, fdAT) is dropped, so
# an APNG is kept as its still image.
PNG_KEPT_CHUNKS = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"pHYs", b"bKGD", b"cICP", b"mDCv", b"cLLi",
}  # fmt: skip
PNG_TEXT_CHUNKS = {b"tEXt", b"zTXt", b"iTXt"}
# Short, harmless text kept as it is; free text (Comment, Description, Author) is where tools and
# phones write coordinates and names.
PNG_TEXT_KEPT = {"Title", "Copyright", "Software", "Creation Time"}
PNG_TEXT_MAX = 2048
# Blocks exiv2 reads and rewrites (XMP as iTXt, EXIF and IPTC as hex "raw profiles", EXIF as eXIf).
PNG_METADATA_TEXT = {"XML:com.adobe.xmp", "Raw profile type exif", "Raw profile type iptc"}


def _png(data: bytes, keep_metadata: bool) -> bytes:
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG")
    out, pos, seen = [PNG_SIGNATURE], len(PNG_SIGNATURE), set()
    while pos + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos : pos + 12 + length]
        pos += 12 + length
        if len(chunk) != 12 + length:
            break
        if kind in PNG_KEPT_CHUNKS:
            out.append(chunk)
        elif kind in PNG_TEXT_CHUNKS:
            keyword = chunk[8 : 8 + 80].split(b"\x00", 1)[0].decode("latin-1")
            if keyword in PNG_TEXT_KEPT and length <= PNG_TEXT_MAX:
                out.append(chunk)
            elif keep_metadata and keyword in PNG_METADATA_TEXT and keyword not in seen:
                out.append(chunk)  # only the first: exiv2 rewrites one block of each kind
                seen.add(keyword)
        elif kind == b"eXIf" and keep_metadata and kind not in seen:
            out.append(chunk)
            seen.add(kind)
        if kind == b"IEND":
            return b"".join(out)
    raise ValueError("PNG without IEND")


# WebP chunks that draw the picture, its colour profile, and the metadata exiv2 rewrites.
WEBP_KEPT_CHUNKS = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ICCP"}
WEBP_METADATA_CHUNKS = {b"EXIF", b"XMP "}


def _webp(data: bytes, keep_metadata: bool) -> bytes:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("not a WebP")
    end = min(8 + struct.unpack("<I", data[4:8])[0], len(data))  # anything after RIFF is dropped
    chunks, pos, has = [], 12, set()
    while pos + 8 <= end:
        kind, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        chunk = data[pos : pos + 8 + size + (size & 1)]
        pos += 8 + size + (size & 1)
        if kind in (b"ANIM", b"ANMF"):
            raise ValueError("animated WebP")
        if kind in WEBP_KEPT_CHUNKS or (
            keep_metadata and kind in WEBP_METADATA_CHUNKS and kind not in has
        ):
            chunks.append(chunk)
            has.add(kind)
    if chunks and chunks[0][:4] == b"VP8X":
        # Flags must describe what is left: ICC 0x20, alpha 0x10, EXIF 0x08, XMP 0x04.
        flags = chunks[0][8] & 0x10
        flags |= 0x20 if b"ICCP" in has else 0
        flags |= 0x08 if b"EXIF" in has else 0
        flags |= 0x04 if b"XMP " in has else 0
        chunks[0] = chunks[0][:8] + bytes([flags]) + chunks[0][9:]
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


CONTAINERS = {"JPEG": _jpeg, "PNG": _png, "WEBP": _webp}


def _png_text_keywords(data: bytes) -> list[str]:
    keywords, pos = [], len(PNG_SIGNATURE)
    while pos + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind in PNG_TEXT_CHUNKS:
            keywords.append(data[pos + 8 : pos + 8 + 80].split(b"\x00", 1)[0].decode("latin-1"))
        pos += 12 + length
    return keywords


def _picture_end(data: bytes, fmt: str) -> int:
    """Where the picture's own bytes end; a clean file has nothing after that."""
    if fmt == "JPEG":
        end = _jpeg_segments(data)[1]
        return end if end is not None else -1
    if fmt == "PNG":
        pos = len(PNG_SIGNATURE)
        while pos + 12 <= len(data):
            length, kind = struct.unpack(">I4s", data[pos : pos + 8])
            pos += 12 + length
            if kind == b"IEND":
                return pos
        return -1
    return 8 + struct.unpack("<I", data[4:8])[0]
