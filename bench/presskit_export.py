"""Benchmark: export a press kit of N camera-sized photos; report wall time and peak memory.

    .venv/bin/python bench/presskit_export.py            # 5 and 50 photos of 6000×4000
    .venv/bin/python bench/presskit_export.py --photos 5 # one size

Each export runs in a fresh child process so its peak resident memory (ru_maxrss) is its own. The
photos are generated once into a throwaway SQLite database and media folder, then the kit is streamed
to /dev/null exactly as a download would be (web-size copies are made on the way, as on first export).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(count: int, workdir: str) -> dict:
    os.environ.update(
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{workdir}/bench.sqlite3",
        MEDIA_ROOT=f"{workdir}/media",
    )
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gbtp.settings")
    import django

    django.setup()
    from presskits.archive import presskit_stream
    from presskits.contents import contents_of_kit
    from presskits.models import PressKit

    kit = PressKit.objects.get(slug=f"bench-{count}")
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    size = 0
    for block in presskit_stream(contents_of_kit(kit)):
        size += len(block)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"photos": count, "seconds": round(elapsed, 1), "zip_mib": round(size / 2**20, 1),
            "peak_rss_mib": round(peak / 1024, 1), "rss_before_export_mib": round(baseline / 1024, 1)}  # fmt: skip


def prepare(counts, workdir):
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
        "MEDIA_ROOT": f"{workdir}/media",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    script = f"""
import io
from PIL import Image, ImageDraw
from articles.models import Article, ArticlePhoto
from core.models import Status
from photos.services import photo_create
from presskits.models import PressKit
from django.core.files.base import ContentFile

def camera_photo(i):
    image = Image.new("RGB", (6000, 4000), (20 + i % 200, 90, 160))
    draw = ImageDraw.Draw(image)
    for k in range(0, 6000, 150):
        draw.line([(k, 0), (6000 - k, 4000)], fill=(250, 200 - i % 100, 40), width=9)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()

photos = []
for i in range(max({counts})):
    photos.append(photo_create(upload=ContentFile(camera_photo(i), name=f"bench-{{i}}.jpg"), alt_text=f"벤치마크 사진 {{i}}", caption=f"벤치마크 사진 {{i}}"))
for count in {counts}:
    article = Article.objects.create(headline=f"벤치마크 보도자료 {{count}}", slug=f"bench-release-{{count}}", body="<p>본문</p>", status=Status.PUBLISHED)
    for order, photo in enumerate(photos[:count]):
        ArticlePhoto.objects.create(article=article, photo=photo, order=order)
    kit = PressKit.objects.create(title=f"벤치마크 키트 {{count}}", slug=f"bench-{{count}}", status=Status.PUBLISHED)
    kit.articles.add(article)
"""
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, nargs="*", default=[5, 50])
    parser.add_argument("--child", type=int)
    parser.add_argument("--workdir")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.workdir)))
        return
    with tempfile.TemporaryDirectory(prefix="gbtp-bench-") as workdir:
        started = time.perf_counter()
        prepare(args.photos, workdir)
        print(
            f"prepared {max(args.photos)} photos of 6000×4000 in {time.perf_counter() - started:.0f} s"
        )
        results = []
        for count in args.photos:
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(count), "--workdir", workdir],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(json.dumps(results[-1], ensure_ascii=False))
        if len(results) > 1:
            ratio = results[-1]["peak_rss_mib"] / results[0]["peak_rss_mib"]
            print(
                f"peak memory ratio {results[-1]['photos']} vs {results[0]['photos']} photos: {ratio:.2f} (goal ≤ 1.5)"
            )


if __name__ == "__main__":
    main()
