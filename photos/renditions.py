"""Web-sized copies of a photo: made once per photo, width and format, then kept in storage.

Pages ask for them through `photos.views.rendition`, which applies the same public rule as the
original; a rendition is computed on its first request and read from storage after that.
"""

import io
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

WIDTHS = (480, 960, 1600)
FORMATS = {
    "webp": ("WEBP", {"quality": 80, "method": 4}),
    "jpg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
}
RENDITION_DIR = "renditions"


def choices(photo) -> list[tuple[int, int]]:
    """(width asked for in the address, width delivered) pairs worth offering; never wider than the original."""
    if not photo.width:
        return []
    pairs = [(w, w) for w in WIDTHS if w < photo.width]
    largest = next((w for w in WIDTHS if w >= photo.width), WIDTHS[-1])
    return [*pairs, (largest, min(photo.width, largest))]


def height_for(photo, width: int) -> int:
    return round(photo.height * width / photo.width) if photo.width else 0


def storage_name(photo, width: int, fmt: str) -> str:
    return f"{RENDITION_DIR}/{PurePath(photo.image.name).stem}/{width}.{fmt}"


def render(photo, width: int, fmt: str) -> bytes:
    pil_format, options = FORMATS[fmt]
    with photo.image.open("rb") as source, Image.open(source) as image:
        if image.format == "JPEG":
            image.draft(
                "RGB", (width, height_for(photo, width))
            )  # decode at reduced size: fast, little memory
        image = ImageOps.exif_transpose(image)
        if image.mode not in ("RGB", "RGBA") or (fmt == "jpg" and image.mode == "RGBA"):
            image = image.convert("RGB")
        image.thumbnail((width, width * 10), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, pil_format, **options)
    return out.getvalue()


def ensure(photo, width: int, fmt: str) -> str:
    """The storage name of the rendition, making it first if it does not exist yet."""
    name = storage_name(photo, width, fmt)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(render(photo, width, fmt)))
    return name


def ensure_long_side(photo, long_side: int = 2000) -> str:
    """A JPEG whose longer side is `long_side` (never enlarged), made once and kept in storage."""
    name = f"{RENDITION_DIR}/{PurePath(photo.image.name).stem}/long{long_side}.jpg"
    if default_storage.exists(name):
        return name
    pil_format, options = FORMATS["jpg"]
    with photo.image.open("rb") as source, Image.open(source) as image:
        if image.format == "JPEG":
            image.draft("RGB", (long_side, long_side))
        image = ImageOps.exif_transpose(image)
        if image.mode != "RGB":
            image = image.convert("RGB")
        image.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, pil_format, **options)
    default_storage.save(name, ContentFile(out.getvalue()))
    return name
