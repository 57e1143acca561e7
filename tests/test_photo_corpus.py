"""Phone photos as taken, through the real upload path, and every copy the newsroom hands out.

Each photo is made here: a landscape picture with a red block top-left and a green block top-right
of the upright image, stored turned the way a phone stores it, with EXIF saying how to turn it back,
plus the location, serial numbers and owner a phone adds. Each is uploaded with `photo_create` (the
path the admin form takes: `photo_prepare_upload`, then storage), and then the stored original, its
press-kit copy (`with_credits`), its web copies (`renditions.ensure`) and the kit's web copy are read
back with exiftool, Pillow and exiv2 (`find_private_metadata`).

Everything is made, uploaded and read once per module (one exiftool run for all files); the tests
then look at the results.
"""

import io
import json
import random
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import ExifTags, Image, ImageOps

from photos import embedding, imaging, renditions
from photos.embedding import PhotoCredits, credited, with_credits
from photos.services import photo_create

# The rows are made and rolled back in the module's fixture; the mark makes pytest-django create the
# test database for it.
pytestmark = pytest.mark.django_db

SIZE = (96, 64)  # upright, as displayed
RED, GREEN, WHITE = (220, 20, 20), (20, 200, 20), (255, 255, 255)
# What the phone adds and nothing published may carry, by value (exiftool reads every block).
SECRETS = ("SN-CORPUS-1", "LSN-CORPUS-2", "CAM-CORPUS-3", "Hong Gildong", "홍길동", "Gyeongsan")
CAPTION = "경북테크노파크 본원 전경"
CREDIT = "사진=경북테크노파크"
HOLDER = "경북테크노파크"
COPYRIGHT = f"ⓒ {HOLDER}"
LICENCE = "공공누리 제1유형 (출처표시)"
META = PhotoCredits(CAPTION, CREDIT, HOLDER, COPYRIGHT, LICENCE, "본원 건물 사진")
# The transpose that stores an upright picture the way EXIF orientation N describes it: the
# inverse of what `ImageOps.exif_transpose` applies to show it.
STORED_AS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}
EXT = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# exiftool's validation notes standard tags a file leaves out; any other warning is a fault.
HARMLESS_WARNING = "Missing required"


# --- making phone photos --------------------------------------------------------------------------


def upright() -> Image.Image:
    image = Image.new("RGB", SIZE, WHITE)
    image.paste(RED, (0, 0, 32, 24))
    image.paste(GREEN, (SIZE[0] - 32, 0, SIZE[0], 24))
    return image


def stored_pixels(orientation: int) -> Image.Image:
    image = upright()
    return image.transpose(STORED_AS[orientation]) if orientation in STORED_AS else image


def phone_exif(orientation: int, *, model="Galaxy S24", maker_note: bytes | None = None):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "samsung"
    exif[ExifTags.Base.Model] = model
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Artist] = "Hong Gildong"
    exif[ExifTags.Base.CameraSerialNumber] = "CAM-CORPUS-3"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (35.0, 49.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (128.0, 44.0, 10.0)
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    sub[ExifTags.Base.BodySerialNumber] = "SN-CORPUS-1"
    sub[ExifTags.Base.LensSerialNumber] = "LSN-CORPUS-2"
    sub[ExifTags.Base.CameraOwnerName] = "Hong Gildong"
    sub[ExifTags.Base.DateTimeOriginal] = "2024:05:17 14:03:09"
    if maker_note is not None:
        sub[ExifTags.Base.MakerNote] = maker_note
    return exif


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def with_exiftool(data: bytes, ext: str, tmp: Path, *args: str) -> bytes:
    """`data` edited by exiftool (a maintained writer, used here to make odd files)."""
    path = tmp / f"edit.{ext}"
    path.write_bytes(data)
    subprocess.run(["exiftool", "-q", "-overwrite_original", *args, str(path)], check=True)
    return path.read_bytes()


def heic_converted_jpeg(tmp: Path) -> bytes:
    """What a phone's HEIC-to-JPEG export looks like: a 60 KB maker note (where vendors keep serial
    numbers), GPS and serials in EXIF and XMP, and a second picture (the HDR gain map) after the end.
    """
    note = b"Apple iOS\x00\x00\x01MM" + random.Random(7).randbytes(60_000)
    exif = phone_exif(6, model="iPhone 15 Pro", maker_note=note)
    exif[ExifTags.Base.Make] = "Apple"
    data = encoded(stored_pixels(6), "JPEG", quality=92, exif=exif)
    data = with_exiftool(
        data,
        "jpg",
        tmp,
        "-XMP-exif:GPSLatitude=35.825",
        "-XMP-exif:GPSLatitudeRef=N",
        "-XMP-aux:SerialNumber=SN-CORPUS-1",
        "-XMP-aux:OwnerName=Hong Gildong",
        "-XMP-photoshop:City=Gyeongsan",
        "-IPTC:City=Gyeongsan",
    )
    gain_map = encoded(Image.new("L", (48, 32), 128), "JPEG", exif=phone_exif(1))
    return data + gain_map


@dataclass
class Case:
    name: str
    data: bytes
    fmt: str
    orientation: int
    results: dict = field(default_factory=dict)  # variant → bytes
    tags: dict = field(default_factory=dict)  # variant → exiftool's tags


def make_corpus(tmp: Path) -> list[Case]:
    cases = [
        Case(
            f"JPEG orientation {n}",
            encoded(stored_pixels(n), "JPEG", quality=92, exif=phone_exif(n)),
            "JPEG",
            n,
        )
        for n in range(1, 9)
    ]
    fill = encoded(stored_pixels(6), "JPEG", quality=92, exif=phone_exif(6))
    at = fill.index(b"\xff\xe1")
    cases.append(Case("JPEG fill byte before APP1", fill[:at] + b"\xff" + fill[at:], "JPEG", 6))
    cases.append(Case("JPEG converted from HEIC", heic_converted_jpeg(tmp), "JPEG", 6))
    # The reported photo: an editing app wrote its EXIF behind a second "Exif\0\0" header; Pillow
    # still reads the orientation there, exiv2 and exiftool do not.
    doubled = b"Exif\x00\x00" + phone_exif(6).tobytes()
    cases.append(
        Case(
            "JPEG with a doubled Exif header",
            encoded(stored_pixels(6), "JPEG", quality=92, exif=doubled),
            "JPEG",
            6,
        )
    )
    # A camera model in EUC-KR: not UTF-8, which pyexiv2 decodes every value as.
    euc_kr = phone_exif(8, model="갤럭시 카메라".encode("euc-kr"))
    cases.append(
        Case(
            "JPEG with a EUC-KR camera model",
            encoded(stored_pixels(8), "JPEG", quality=92, exif=euc_kr),
            "JPEG",
            8,
        )
    )
    cases.append(Case("PNG eXIf", encoded(stored_pixels(6), "PNG", exif=phone_exif(6)), "PNG", 6))
    cases.append(
        Case(
            "WebP EXIF",
            encoded(stored_pixels(8), "WEBP", quality=90, exif=phone_exif(8)),
            "WEBP",
            8,
        )
    )
    return cases


def legacy_stored_jpeg() -> bytes:
    """A photo stored by the earlier cleaner, which wrote its EXIF behind a doubled header."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "samsung"
    exif[ExifTags.Base.Orientation] = 6
    return encoded(stored_pixels(6), "JPEG", quality=92, exif=b"Exif\x00\x00" + exif.tobytes())


def exiftool_tags(paths: list[Path]) -> dict[str, dict]:
    """exiftool's view of each file: tags as "group:name" (the first of duplicates), and every
    warning under "Warnings" (family 4 groups number the duplicates, so none is lost)."""
    result = subprocess.run(
        ["exiftool", "-j", "-n", "-G1:4", "-a", "-validate", "-warning", "-all", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    seen = {}
    for entry in json.loads(result.stdout):
        tags = {"Warnings": []}
        for key, value in entry.items():
            parts = key.split(":")
            name = f"{parts[0]}:{parts[-1]}" if len(parts) > 1 else key
            if parts[-1] == "Warning":
                tags["Warnings"].append(str(value))
            else:
                tags.setdefault(name, value)
        seen[entry["SourceFile"]] = tags
    return seen


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as stored:
        return stored.read()


# --- uploading and reading back, once ---------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("photo-corpus")
    cases = make_corpus(tmp)
    legacy = Case("JPEG stored with a doubled Exif header", legacy_stored_jpeg(), "JPEG", 6)
    with django_db_blocker.unblock(), transaction.atomic():
        for case in cases:
            ext = EXT[case.fmt]
            upload = SimpleUploadedFile(f"phone.{ext}", case.data, content_type="image/jpeg")
            photo = photo_create(
                upload=upload,
                alt_text=META.alt_text,
                caption=CAPTION,
                credit=CREDIT,
                rights_holder=HOLDER,
            )
            case.results["size"] = (photo.width, photo.height)
            with photo.image.open("rb") as stored:
                case.results["original"] = stored.read()
            case.results["kit copy"] = b"".join(
                with_credits(lambda p=photo: p.image.open("rb"), ext, META)
            )
            for fmt in renditions.FORMATS:
                case.results[f"web copy.{fmt}"] = _read(renditions.ensure(photo, 480, fmt))
            long_side = renditions.ensure_long_side(photo)
            case.results["kit web copy.jpg"] = b"".join(
                with_credits(lambda name=long_side: default_storage.open(name, "rb"), "jpg", META)
            )
        transaction.set_rollback(True)  # the rows go; the files stay in the test media folder
    legacy.results["kit copy"] = b"".join(
        with_credits(lambda: io.BytesIO(legacy.data), "jpg", META)
    )
    cases.append(legacy)
    paths = {}
    for number, case in enumerate(cases):
        for variant, data in case.results.items():
            if isinstance(data, bytes):
                stem, _, suffix = variant.partition(".")
                path = tmp / f"{number}-{stem.replace(' ', '-')}.{suffix or EXT[case.fmt]}"
                path.write_bytes(data)
                paths[path] = (case, variant)
    for path, tags in exiftool_tags(list(paths)).items():
        case, variant = paths[Path(path)]
        case.tags[variant] = tags
    return {case.name: case for case in cases}


def variants(corpus):
    return [
        (case, variant)
        for case in corpus.values()
        for variant, data in case.results.items()
        if isinstance(data, bytes)
    ]


# --- reading one file ------------------------------------------------------------------------------


def private_tags(tags: dict) -> list[str]:
    """exiftool's tags that place the photo, name its device or its owner, by name or value."""
    found = []
    for key, value in tags.items():
        group, name = key.split(":")[0], key.split(":")[-1]
        if key == "Warnings":
            continue
        if (
            "GPS" in name
            or "Serial" in name
            or "Owner" in name
            or "MakerNote" in name
            or name in ("Artist", "City")
            or group in ("MakerNotes", "Apple", "Samsung")
            or any(secret in str(value) for secret in SECRETS)
        ):
            found.append(f"{key}={value}")
    return found


def faults(tags: dict) -> list[str]:
    return [value for value in tags["Warnings"] if not value.startswith(HARMLESS_WARNING)]


def marks(image: Image.Image) -> tuple:
    """The colours where the red and green blocks and the white bottom corners should be."""
    rgb = image.convert("RGB")
    w, h = rgb.size
    points = [(0.15, 0.15), (0.85, 0.15), (0.15, 0.85), (0.85, 0.85)]
    return tuple(rgb.getpixel((int(x * w), int(y * h))) for x, y in points)


def is_upright(image: Image.Image) -> bool:
    def near(colour, wanted):
        return all(abs(a - b) <= 60 for a, b in zip(colour, wanted, strict=True))

    red, green, bottom_left, bottom_right = marks(image)
    return (
        image.size[0] > image.size[1]
        and near(red, RED)
        and near(green, GREEN)
        and near(bottom_left, WHITE)
        and near(bottom_right, WHITE)
    )


# --- the checks ----------------------------------------------------------------------------------


def test_the_made_photos_carry_what_a_phone_adds(corpus):
    """The corpus is what it claims: every input places the photo and names the device."""
    for case in corpus.values():
        if case.name.startswith("JPEG stored with"):
            continue
        with Image.open(io.BytesIO(case.data)) as image:
            exif = image.getexif()
            assert exif.get(ExifTags.Base.Orientation) == case.orientation, case.name
            assert exif.get_ifd(ExifTags.IFD.GPSInfo), case.name
            assert is_upright(ImageOps.exif_transpose(image)), case.name
    heic = corpus["JPEG converted from HEIC"].data
    with Image.open(io.BytesIO(heic)) as image:
        note = image.getexif().get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.MakerNote]
        assert len(note) >= 60_000
    assert b"Gyeongsan" in heic and b"SN-CORPUS-1" in heic


def test_nothing_handed_out_places_the_photo_or_names_device_or_owner(corpus):
    problems = []
    for case, variant in variants(corpus):
        tags = case.tags[variant]
        if private := private_tags(tags):
            problems.append(f"{case.name} / {variant}: {private}")
        data = case.results[variant]
        fmt = {"jpg": "JPEG", "webp": "WEBP"}.get(variant.rsplit(".", 1)[-1], case.fmt)
        if found := imaging.find_private_metadata(data, fmt):
            problems.append(f"{case.name} / {variant}: Pillow or exiv2 finds {found}")
        if any(secret.encode() in data for secret in SECRETS):
            problems.append(f"{case.name} / {variant}: a phone's secret is still in the bytes")
    assert not problems, "\n".join(problems)


def test_every_copy_reads_without_exiftool_warnings(corpus):
    problems = [
        f"{case.name} / {variant}: {found}"
        for case, variant in variants(corpus)
        if (found := faults(case.tags[variant]))
    ]
    assert not problems, "\n".join(problems)


def test_original_and_kit_copy_keep_the_orientation_every_reader_sees(corpus):
    problems = []
    for case in corpus.values():
        for variant in ("original", "kit copy"):
            if variant not in case.results:
                continue
            tags = case.tags[variant]
            if tags.get("IFD0:Orientation") != case.orientation:
                problems.append(f"{case.name} / {variant}: exiftool {tags.get('IFD0:Orientation')}")
            with Image.open(io.BytesIO(case.results[variant])) as image:
                if image.getexif().get(ExifTags.Base.Orientation) != case.orientation:
                    problems.append(f"{case.name} / {variant}: Pillow reads another orientation")
                if not is_upright(ImageOps.exif_transpose(image)):
                    problems.append(f"{case.name} / {variant}: not upright after exif_transpose")
        if "size" in case.results and case.results["size"] != SIZE:
            problems.append(f"{case.name}: stored as {case.results['size']}, shown as {SIZE}")
    assert not problems, "\n".join(problems)


def test_web_copies_are_upright_pixels(corpus):
    problems = []
    for case, variant in variants(corpus):
        if "web copy" not in variant:
            continue
        if case.tags[variant].get("IFD0:Orientation", 1) != 1:
            problems.append(f"{case.name} / {variant}: still says turn it")
        with Image.open(io.BytesIO(case.results[variant])) as image:
            if not is_upright(image):
                problems.append(f"{case.name} / {variant}: {image.size} {marks(image)}")
    assert not problems, "\n".join(problems)


def test_kit_copies_carry_credit_caption_copyright_and_licence(corpus):
    problems = []
    for case, variant in variants(corpus):
        if not variant.startswith("kit"):
            continue
        tags = case.tags[variant]
        wanted = {
            "XMP-dc:Description": CAPTION,
            "XMP-photoshop:Credit": CREDIT,
            "XMP-dc:Rights": COPYRIGHT,
            "XMP-xmpRights:UsageTerms": LICENCE,
        }
        if variant.endswith(".jpg") or case.fmt == "JPEG":
            wanted |= {
                "IPTC:Caption-Abstract": CAPTION,
                "IPTC:Credit": CREDIT,
                "IPTC:CopyrightNotice": COPYRIGHT,
            }
        elif any(key.startswith("IPTC") for key in tags):
            problems.append(f"{case.name} / {variant}: IPTC in a format without it")
        problems += [
            f"{case.name} / {variant}: {key} is {tags.get(key)!r}"
            for key, value in wanted.items()
            if tags.get(key) != value
        ]
    assert not problems, "\n".join(problems)


def test_jpeg_originals_and_kit_copies_keep_the_camera_pixels(corpus):
    for case in corpus.values():
        if case.fmt != "JPEG":
            continue
        with Image.open(io.BytesIO(case.data)) as sent:
            pixels = sent.tobytes()
        for variant in ("original", "kit copy") if "original" in case.results else ("kit copy",):
            with Image.open(io.BytesIO(case.results[variant])) as kept:
                assert kept.tobytes() == pixels, f"{case.name} / {variant} was re-encoded"


def test_upload_is_refused_if_a_location_survived_the_rewrite(monkeypatch):
    data = encoded(stored_pixels(6), "JPEG", exif=phone_exif(6))
    monkeypatch.setattr(imaging, "_write_metadata", lambda bare, *values: data)
    with pytest.raises(ValidationError) as refused:
        imaging.strip_private_metadata(data, "JPEG")
    assert refused.value.code == "not_cleaned"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_kit_copy_is_refused_if_a_location_survived(monkeypatch, fmt):
    data = encoded(stored_pixels(6), fmt, exif=phone_exif(6))
    monkeypatch.setattr(embedding, "strip_private_metadata", lambda data, fmt: data)
    with pytest.raises(ValueError, match="GPS"):
        credited(data, EXT[fmt], META)
