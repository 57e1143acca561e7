"""Web-sized copies of a photo: made once, by the task worker, under content-addressed names.

`make_all()` runs in the task `photos.tasks.make_renditions`, queued when a photo is uploaded or
its file repaired. Each copy is stored under a name derived from the original's SHA-256, the width
and the format (`storage_name`), so two workers making the same copy write the same bytes to the
same name, and a changed original gets new names (and new addresses: `url()` carries the start of
the digest), which is what lets the copies be served as immutable. A page request never makes a
copy: `photos.views.rendition` serves the original until the copies are ready.

Decoding is the expensive part: a 60-megapixel picture is 180 MB as RGB. JPEG is decoded at a
reduced DCT scale (draft), every picture is shrunk before it is turned upright or converted, and no
full-size copy is made except where a mode cannot be shrunk as it is (palette, 16-bit grey).
"""

import hashlib
import io
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from core.storage import store_once

WIDTHS = (480, 960, 1600)
FORMATS = {
    "webp": ("WEBP", {"quality": 80, "method": 4}),
    "jpg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
}
RENDITION_DIR = "renditions"
# Hex digits of the original's SHA-256 in a rendition's address (64 bits: unique among the photos).
DIGEST_IN_URL = 16
# EXIF orientation → the transpose that turns the stored pixels upright (as ImageOps.exif_transpose).
UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
ORIENTATION = 0x0112


def choices(photo) -> list[tuple[int, int]]:
    """(width asked for in the address, width delivered) pairs worth offering; never wider than the original."""
    if not photo.width:
        return []
    pairs = [(w, w) for w in WIDTHS if w < photo.width]
    largest = next((w for w in WIDTHS if w >= photo.width), WIDTHS[-1])
    return [*pairs, (largest, min(photo.width, largest))]


def height_for(photo, width: int) -> int:
    return round(photo.height * width / photo.width) if photo.width else 0


def file_sha256(photo) -> str:
    """The SHA-256 of the photo's stored original, read in blocks."""
    digest = hashlib.sha256()
    with photo.image.open("rb") as source:
        while block := source.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def folder(sha256: str) -> str:
    """Where the copies of the original with this SHA-256 are kept."""
    return f"{RENDITION_DIR}/{sha256[:2]}/{sha256}"


def storage_name(photo, width: int, fmt: str) -> str:
    """The copy's name: the same original, width and format always give the same name."""
    return f"{folder(photo.sha256 or file_sha256(photo))}/w{width}.{fmt}"


def delivered_width(photo, width: int) -> int:
    """The width of the copy an address asking for `width` gets: never wider than the original."""
    return min(width, photo.width) if photo.width else width


def wanted(photo) -> list[tuple[int, str]]:
    """(width, format) of every copy pages offer for the photo."""
    widths = dict.fromkeys(delivered for _asked, delivered in choices(photo))
    return [(width, fmt) for width in widths for fmt in FORMATS]


def url(photo, width: int, fmt: str) -> str:
    """The address of a copy (`width` as offered by `choices`), content-addressed once the photo's
    digest is known: a changed original gets a new address, so the copy may be cached for good."""
    kwargs = {"width": width, "stem": PurePath(photo.image.name).stem, "fmt": fmt}
    if photo.sha256:
        kwargs["digest"] = photo.sha256[:DIGEST_IN_URL]
    return reverse("photos:rendition", kwargs=kwargs)


def shrunk(source, box: tuple[int, int], *, alpha: bool) -> Image.Image:
    """The picture in `source` upright, fitting `box` (width, height as displayed), never enlarged.

    RGB, or RGBA when `alpha` is asked for (WebP) and the picture has transparency.
    """
    image = Image.open(source)  # the caller's file: closed by the caller, not by Pillow
    orientation = image.getexif().get(ORIENTATION)
    turned = orientation in (5, 6, 7, 8)
    width, height = (image.height, image.width) if turned else image.size
    scale = min(box[0] / width, box[1] / height, 1)
    target = (max(round(width * scale), 1), max(round(height * scale), 1))
    stored_target = (target[1], target[0]) if turned else target
    if image.format in ("JPEG", "MPO"):
        # Decoded at 1/2, 1/4 or 1/8 scale when that is still at least the size wanted.
        image.draft(image.mode, stored_target)
    image = _shrinkable(image)
    image.load()  # while the caller's file is open
    if image.size != stored_target:
        image = image.resize(stored_target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if orientation in UPRIGHT:
        image = image.transpose(UPRIGHT[orientation])
    wanted = "RGBA" if alpha and _has_alpha(image) else "RGB"
    return image if image.mode == wanted else image.convert(wanted)


def _has_alpha(image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _shrinkable(image: Image.Image) -> Image.Image:
    """A mode Pillow can reduce and resample well; only these rare modes cost a full-size copy."""
    if image.mode in ("P", "1"):
        return image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode.startswith("I;16"):
        # 16-bit grey scaled to 8 bits (convert() would clip everything above 255 to white).
        return image.point(lambda value: value / 256, "L")
    if image.mode in ("I", "F"):
        return image.convert("L")
    return image


def _encoded(image: Image.Image, fmt: str) -> bytes:
    pil_format, options = FORMATS[fmt]
    out = io.BytesIO()
    image.save(out, pil_format, **options)
    return out.getvalue()


def render(photo, width: int, fmt: str) -> bytes:
    with photo.image.open("rb") as source:
        image = shrunk(source, (width, width * 10), alpha=fmt == "webp")
    return _encoded(image, fmt)


def ensure(photo, width: int, fmt: str) -> str:
    """The storage name of the copy, making it first if it does not exist yet (task worker only)."""
    name = storage_name(photo, width, fmt)
    if not default_storage.exists(name):
        store_once(default_storage, name, ContentFile(render(photo, width, fmt)))
    return name


def make_all(photo) -> list[str]:
    """Make every copy pages offer of `photo` that is not stored yet; returns their names."""
    return [ensure(photo, width, fmt) for width, fmt in wanted(photo)]


def ensure_long_side(photo, long_side: int = 2000) -> str:
    """A JPEG whose longer side is `long_side` (never enlarged), made once and kept in storage.

    For press kits and documents, made by the task worker that builds them.
    """
    name = f"{folder(photo.sha256 or file_sha256(photo))}/long{long_side}.jpg"
    if default_storage.exists(name):
        return name
    with photo.image.open("rb") as source:
        image = shrunk(source, (long_side, long_side), alpha=False)
    return store_once(default_storage, name, ContentFile(_encoded(image, "jpg")))
