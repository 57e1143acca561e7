"""Pure functions on image bytes: inspect an upload, and remove what must not be published.

Metadata is removed by editing the file's container (JPEG segments, PNG chunks, WebP RIFF chunks),
never by decoding and re-encoding the picture, so a photographer's original keeps its quality.
"""

import io
import struct
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import ExifTags, Image, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ROTATED = {5, 6, 7, 8}  # EXIF orientations that turn the picture a quarter
NOT_AN_IMAGE = gettext_lazy("사진 파일로 읽을 수 없습니다. 손상되었거나 사진이 아닌 파일입니다.")

# EXIF tags that identify a place or a device: GPS, serial numbers, owner, maker notes.
PRIVATE_EXIF_TAGS = (
    ExifTags.Base.BodySerialNumber,
    ExifTags.Base.LensSerialNumber,
    ExifTags.Base.CameraOwnerName,
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


def inspect_image(data: bytes) -> ImageInfo:
    """Check that the bytes are a photo we accept; explain in Korean when they are not."""
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
        with Image.open(io.BytesIO(data)) as image:
            fmt, (width, height) = image.format, image.size
            if fmt not in FORMATS:
                raise ValidationError(
                    _("JPEG, PNG, WebP 형식의 사진만 올릴 수 있습니다(올린 파일: %(format)s).")
                    % {"format": fmt or _("알 수 없음")},
                    code="bad_format",
                )
            if width * height > settings.PHOTO_MAX_PIXELS:
                raise ValidationError(
                    _(
                        "사진의 화소 수가 너무 많습니다(%(width)d×%(height)d). "
                        "%(limit)d만 화소 이하로 줄여서 올려 주세요."
                    )
                    % {
                        "width": width,
                        "height": height,
                        "limit": settings.PHOTO_MAX_PIXELS // 10_000,
                    },
                    code="too_many_pixels",
                )
            exif = image.getexif()
            taken_at = _taken_at(exif)
            if exif.get(ExifTags.Base.Orientation) in ROTATED:
                width, height = height, width  # a portrait taken with the phone turned
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from exc
    return ImageInfo(fmt, width, height, taken_at)


def _taken_at(exif):
    raw = exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.DateTimeOriginal) or exif.get(
        ExifTags.Base.DateTime
    )
    try:
        return datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S") if raw else None
    except ValueError:
        return None


def strip_private_metadata(data: bytes, fmt: str) -> bytes:
    """Remove location, device serials and embedded XMP; keep the picture bytes untouched."""
    if fmt == "JPEG":
        return _strip_jpeg(data)
    if fmt == "PNG":
        return _strip_png(data)
    if fmt == "WEBP":
        return _strip_webp(data)
    raise ValueError(fmt)


def _clean_exif_bytes(exif_payload: bytes) -> bytes | None:
    """Rewrite a TIFF-structured EXIF block without GPS and device identifiers."""
    exif = Image.Exif()
    try:
        exif.load(exif_payload)
    except Exception:  # an unreadable block is dropped whole rather than published
        return None
    exif.get_ifd(ExifTags.IFD.Exif)  # materialise the sub-IFD so it is written back
    exif._ifds.pop(ExifTags.IFD.GPSInfo, None)
    exif.pop(ExifTags.IFD.GPSInfo, None)
    exif.pop(ExifTags.IFD.MakerNote, None)
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    for tag in PRIVATE_EXIF_TAGS:
        sub.pop(tag, None)
        exif.pop(tag, None)
    try:
        return exif.tobytes()
    except Exception:
        return None


def _strip_jpeg(data: bytes) -> bytes:
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    out = bytearray(b"\xff\xd8")
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            break
        marker = data[pos + 1]
        if marker == 0xDA:  # start of scan: the rest is picture data
            break
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        segment = data[pos : pos + 2 + length]
        payload = segment[4:]
        pos += 2 + length
        if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
            cleaned = _clean_exif_bytes(payload[6:])
            if cleaned is not None:
                body = b"Exif\x00\x00" + cleaned
                if len(body) + 2 <= 0xFFFF:
                    out += b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
            continue
        if marker == 0xE1:  # XMP and extended XMP may carry GPS and names
            continue
        if marker == 0xED:  # Photoshop IRB / IPTC: rewritten by us when a kit is exported
            continue
        out += segment
    out += data[pos:]
    return bytes(out)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_PRIVATE_TEXT_KEYS = (b"XML:com.adobe.xmp", b"Raw profile type exif", b"Raw profile type APP1")


def _strip_png(data: bytes) -> bytes:
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG")
    out = bytearray(PNG_SIGNATURE)
    pos = len(PNG_SIGNATURE)
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos : pos + 12 + length]
        pos += 12 + length
        if kind == b"eXIf":
            continue
        if kind in (b"tEXt", b"zTXt", b"iTXt") and chunk[8:].startswith(PNG_PRIVATE_TEXT_KEYS):
            continue
        out += chunk
        if kind == b"IEND":
            break
    return bytes(out)


def _strip_webp(data: bytes) -> bytes:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("not a WebP")
    chunks = []
    pos = 12
    while pos + 8 <= len(data):
        kind, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        chunk = data[pos : pos + 8 + size + (size & 1)]
        pos += 8 + size + (size & 1)
        if kind in (b"EXIF", b"XMP "):
            continue
        if kind == b"VP8X":
            flags = chunk[8] & ~0x0C  # clear the EXIF (0x08) and XMP (0x04) flags
            chunk = chunk[:8] + bytes([flags]) + chunk[9:]
        chunks.append(chunk)
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body
