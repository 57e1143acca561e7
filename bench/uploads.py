"""Benchmark: what each hostile upload costs, and what a web copy of a 60-megapixel picture costs.

    .venv/bin/python bench/uploads.py              # every file of the hostile corpus, then renditions
    .venv/bin/python bench/uploads.py --skip-large # the corpus only (the 60 MP files take a minute)
    .venv/bin/python bench/uploads.py --skip-corpus # the large pictures only

Every measurement runs in a fresh child process. Its peak resident memory is reset (Linux
/proc/self/clear_refs) once Django has started and the file has been read; "peak" is the highest
resident memory after that and "added" the peak minus what the child held when measuring began. The corpus
is the one in tests/test_uploads_hostile.py, checked here with the production limits
(PHOTO_MAX_PIXELS 60 MP, PHOTO_SPARSE_MAX_PIXELS 16 MP), as an upload runs them: inspect, clean,
re-check (photos.services.photo_prepare_upload).

The rendition part makes its pictures once (60 megapixels: a WebP of about 175 KB as in the finding,
a JPEG and a PNG; and a 25-megapixel WebP, the largest an upload may now be) and measures a 1600 px
web copy: the way photos.renditions makes it now, and the way it was made before (full decode,
turned upright and converted at full size, then shrunk).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LARGE = (9486, 6324)  # 59.99 megapixels, just under PHOTO_MAX_PIXELS
WEBP_AT_LIMIT = (6124, 4082)  # 25.0 megapixels, PHOTO_WEBP_MAX_PIXELS
LARGE_FILES = ("large.webp", "limit.webp", "large.jpg", "large.png")


def _setup(workdir):
    os.environ.update(
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{workdir}/bench.sqlite3",
        MEDIA_ROOT=f"{workdir}/media",
    )
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gbtp.settings")
    import django

    django.setup()


def _status_mib(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def _start_measuring() -> float:
    """Reset the peak (Linux: VmHWM) to what the process holds now, and return that."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_mib("VmRSS")


def _peak_mib() -> float:
    return _status_mib("VmHWM")


def child_upload(index: int, workdir: str) -> dict:
    _setup(workdir)
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from photos.services import photo_prepare_upload

    item = json.loads(Path(f"{workdir}/corpus/{index}.json").read_text())
    data = Path(f"{workdir}/corpus/{index}.bin").read_bytes()
    upload = SimpleUploadedFile(item["name"], data)
    baseline = _start_measuring()
    started = time.perf_counter()
    try:
        content, info = photo_prepare_upload(upload=upload)
        outcome = f"stored {info.format} {info.width}×{info.height}, {len(content)} bytes"
    except ValidationError as refusal:
        outcome = "refused: " + refusal.messages[0][:48]
    elapsed = time.perf_counter() - started
    return {
        "file": item["key"],
        "bytes": len(data),
        "ms": round(elapsed * 1000, 1),
        "peak_mib": round(_peak_mib(), 1),
        "added_mib": round(_peak_mib() - baseline, 1),
        "outcome": outcome,
    }


def child_make_large(workdir: str) -> dict:
    """The test pictures, made once (making them is not measured)."""
    from PIL import Image

    grey = Image.radial_gradient("L").resize(LARGE)
    picture = Image.merge("RGB", (grey, grey.transpose(Image.Transpose.FLIP_LEFT_RIGHT), grey))
    del grey
    picture.save(f"{workdir}/large.webp", "WEBP", quality=1, method=0)
    picture.save(f"{workdir}/large.jpg", "JPEG", quality=85)
    picture.save(f"{workdir}/large.png", "PNG", compress_level=1)
    # The largest WebP an upload may now be, at an ordinary quality.
    picture.resize(WEBP_AT_LIMIT).save(f"{workdir}/limit.webp", "WEBP", quality=80)
    return {name: os.path.getsize(f"{workdir}/{name}") for name in LARGE_FILES}


def _before(path, width):
    """How photos.renditions.render made a copy before: kept here only to compare."""
    import io

    from PIL import Image, ImageOps

    with open(path, "rb") as source, Image.open(source) as image:
        if image.format == "JPEG":
            image.draft("RGB", (width, round(width * image.height / image.width)))
        image = ImageOps.exif_transpose(image)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGB")
        image.thumbnail((width, width * 10), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, "WEBP", quality=80, method=4)
    return out.getvalue()


def _now(path, width):
    from photos import renditions

    with open(path, "rb") as source:
        image = renditions.shrunk(source, (width, width * 10), alpha=True)
    return renditions._encoded(image, "webp")


def child_render(name: str, how: str, workdir: str) -> dict:
    _setup(workdir)
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None  # the picture is under our limit; Pillow's warning is noise here
    path = f"{workdir}/{name}"
    with Image.open(path) as header:
        megapixels = header.width * header.height / 1e6
    baseline = _start_measuring()
    started = time.perf_counter()
    data = (_now if how == "now" else _before)(path, 1600)
    elapsed = time.perf_counter() - started
    return {
        "file": f"{name} ({os.path.getsize(path) // 1024} KB, {megapixels:.0f} MP)",
        "how": how,
        "seconds": round(elapsed, 2),
        "peak_mib": round(_peak_mib(), 1),
        "added_mib": round(_peak_mib() - baseline, 1),
        "copy_kb": len(data) // 1024,
    }


def child_upload_large(name: str, workdir: str) -> dict:
    """A large picture offered as an upload: checked, cleaned and re-checked, or refused."""
    _setup(workdir)
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from photos.services import photo_prepare_upload

    data = Path(f"{workdir}/{name}").read_bytes()
    baseline = _start_measuring()
    started = time.perf_counter()
    try:
        photo_prepare_upload(upload=SimpleUploadedFile(name, data))
        outcome = "stored"
    except ValidationError as refusal:
        outcome = "refused: " + refusal.messages[0][:44]
    return {
        "file": name,
        "ms": round((time.perf_counter() - started) * 1000, 1),
        "peak_mib": round(_peak_mib(), 1),
        "added_mib": round(_peak_mib() - baseline, 1),
        "outcome": outcome,
    }


def _run(*args) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--skip-corpus", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        result = {
            "upload": lambda: child_upload(int(rest[0]), rest[1]),
            "make": lambda: child_make_large(rest[0]),
            "render": lambda: child_render(rest[0], rest[1], rest[2]),
            "upload-large": lambda: child_upload_large(rest[0], rest[1]),
        }[kind]()
        print(json.dumps(result, ensure_ascii=False))
        return
    with tempfile.TemporaryDirectory() as workdir:
        os.environ.update(DATABASE_URL=f"sqlite:///{workdir}/bench.sqlite3")
        _setup(workdir)
        from tests.test_uploads_hostile import corpus

        items = () if args.skip_corpus else corpus()
        Path(f"{workdir}/corpus").mkdir()
        for index, item in enumerate(items):
            Path(f"{workdir}/corpus/{index}.bin").write_bytes(item.data)
            meta = {"key": item.key, "name": item.name}
            Path(f"{workdir}/corpus/{index}.json").write_text(json.dumps(meta))
        print(f"{'hostile file':38} {'bytes':>9} {'ms':>8} {'peak MiB':>9} {'added':>7}  outcome")
        for index in range(len(items)):
            row = _run("--child", "upload", str(index), workdir)
            print(
                f"{row['file']:38} {row['bytes']:>9} {row['ms']:>8} {row['peak_mib']:>9} "
                f"{row['added_mib']:>7}  {row['outcome']}"
            )
        if args.skip_large:
            return
        sizes = _run("--child", "make", workdir)
        print(f"\ntest pictures (bytes): {sizes}")
        print(f"{'web copy, 1600 px':38} {'how':>6} {'seconds':>8} {'peak MiB':>9} {'added':>7}")
        for name in LARGE_FILES:
            for how in ("now", "before"):
                row = _run("--child", "render", name, how, workdir)
                print(
                    f"{row['file']:38} {row['how']:>6} {row['seconds']:>8} {row['peak_mib']:>9} "
                    f"{row['added_mib']:>7}"
                )
        print(
            f"\n{'the same pictures as uploads':38} {'ms':>8} {'peak MiB':>9} {'added':>7}  outcome"
        )
        for name in LARGE_FILES:
            row = _run("--child", "upload-large", name, workdir)
            print(
                f"{row['file']:38} {row['ms']:>8} {row['peak_mib']:>9} {row['added_mib']:>7}  "
                f"{row['outcome']}"
            )


if __name__ == "__main__":
    main()
