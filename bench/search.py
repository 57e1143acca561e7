"""Benchmark Korean search on PostgreSQL with 100,000 releases.

    .venv/bin/python bench/search.py                       # 100,000 releases in database gbtp_bench
    .venv/bin/python bench/search.py --releases 20000      # smaller run

Reports: indexing throughput (releases per second, through the same service the admin uses, and in
batches for the bulk load), p50/p95 latency of the search query itself and of the whole search view for
1-, 2- and 3-word queries, and the resident memory search adds to a web worker process.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gbtp_bench")
QUERIES = {
    1: [
        "우즈베키스탄의",
        "이차전지",
        "배터리",
        "수출상담회",
        "KOTRA",
        "봉사활동",
        "특구",
        "양극재",
        "스타트업",
        "탄소중립",
    ],
    2: [
        "경북TP 이차전지",
        "베트남 수출",
        "청년 일자리",
        "스마트 공장",
        "수소 연료전지",
        "규제자유특구 실증",
        "일본 바이어",
        "지식산업센터 입주",
        "디지털 전환",
        "사용후 배터리",
    ],
    3: [
        "경북TP 베트남 수출상담회",
        "포항 양극재 투자",
        "창업기업 해외진출 지원",
        "이차전지 인력 양성",
        "우즈베키스탄 IT 기업",
        "탄소중립 설비 지원",
        "전기차 부품 전환",
        "안전보건 경영 인증",
        "김장 나눔 봉사",
        "스타트업 투자 유치",
    ],
}


def setup():
    os.environ.update(
        DATABASE_URL=DB,
        DEBUG="true",
        ALLOWED_HOSTS="testserver,127.0.0.1",
    )
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gbtp.settings")
    import django

    django.setup()


def rss_mib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def load(count):
    setup()

    from functools import lru_cache

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from articles.models import Article
    from core.models import Status
    from search import services
    from search.models import SearchEntry
    from search.services import analysed_terms, remember_words, search_index_item
    from tests.search_eval.corpus import RELEASES

    # Leads and bodies repeat across the generated releases (each is drawn from the same sentences):
    # analysing each distinct text once keeps the load to minutes. Headlines are all different.
    services._analysed = lru_cache(maxsize=50_000)(services._analysed)

    sentences = [s for _slug, headline, lead, body, _d in RELEASES for s in (headline, lead, body)]
    rnd = random.Random(7)
    now = timezone.now()
    existing = Article.objects.filter(slug__startswith="bench-").count()
    batch = []
    for i in range(existing, count):
        parts = rnd.sample(sentences, 4)
        batch.append(
            Article(
                slug=f"bench-{i}",
                headline=f"{parts[0]} ({i})",
                lead=parts[1],
                body=f"<p>{parts[2]}</p><p>{parts[3]}</p>",
                status=Status.PUBLISHED,
                # Public, spread over the last ten years as an office's archive is.
                release_at=now - timedelta(minutes=rnd.randrange(10 * 365 * 24 * 60)),
            )
        )
        if len(batch) == 5000:
            Article.objects.bulk_create(batch)
            batch = []
    if batch:
        Article.objects.bulk_create(batch)
    articles = Article.objects.filter(slug__startswith="bench-").order_by("pk")
    content_type = ContentType.objects.get_for_model(Article)
    done = set(
        SearchEntry.objects.filter(content_type=content_type).values_list("object_id", flat=True)
    )
    sample = [a for a in articles[:1000] if a.pk not in done]
    started = time.perf_counter()
    for article in sample:
        search_index_item(article)
    service_rate = len(sample) / (time.perf_counter() - started) if sample else None
    # Bulk load for the rest: the same analyser, written in batches.
    started, written, entries = time.perf_counter(), 0, []
    for article in articles.iterator(chunk_size=2000):
        if article.pk in done or article in sample:
            continue
        terms, analyses = analysed_terms(article.headline, article.lead, article.body)
        remember_words(analyses)
        entries.append(
            SearchEntry(
                content_type=content_type,
                object_id=article.pk,
                article=article,
                kind="release",
                title=article.headline,
                url=article.get_absolute_url(),
                date=article.release_at,
                year=article.release_at.year if article.release_at else None,
                article_kind=article.kind,
                text=article.lead,
                **terms,
            )
        )
        if len(entries) == 2000:
            SearchEntry.objects.bulk_create(entries)
            written += len(entries)
            entries = []
    if entries:
        SearchEntry.objects.bulk_create(entries)
        written += len(entries)
    bulk_rate = written / (time.perf_counter() - started) if written else None
    return {
        "releases": articles.count(),
        "index_rate_service_per_s": service_rate and round(service_rate),
        "index_rate_bulk_per_s": bulk_rate and round(bulk_rate),
    }


def latency():
    setup()
    from django.db import connection
    from django.test import Client

    from search.engine import search
    from search.models import SearchEntry

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    client = Client()
    rss_before = rss_mib()
    for queries in QUERIES.values():  # warm caches once, as a running server would have them
        for text in queries:
            client.get("/search/", {"q": text})
    report = {}
    for words, queries in QUERIES.items():
        query_times, view_times = [], []
        for _round in range(10):
            for text in queries:
                started = time.perf_counter()
                _q, entries = search(text)
                rows = list(
                    entries.values_list("pk", flat=True)
                )  # what the page reads: ids in rank order
                SearchEntry.objects.in_bulk(rows[:10])
                query_times.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                assert client.get("/search/", {"q": text}).status_code == 200
                view_times.append((time.perf_counter() - started) * 1000)
        report[f"{words}-word"] = {
            "query_p50_ms": round(statistics.median(query_times), 1),
            "query_p95_ms": round(statistics.quantiles(query_times, n=20)[18], 1),
            "view_p50_ms": round(statistics.median(view_times), 1),
            "view_p95_ms": round(statistics.quantiles(view_times, n=20)[18], 1),
        }
    report["web_worker_rss_mib"] = {
        "before_search": round(rss_before, 1),
        "after_searches": round(rss_mib(), 1),
    }
    report["search_adds_mib"] = round(rss_mib() - rss_before, 1)
    report["kiwi_loaded_in_web_worker"] = "kiwipiepy" in sys.modules
    return report


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--releases", type=int, default=100_000)
    parser.add_argument("--step")
    args = parser.parse_args()
    if args.step == "load":
        print(json.dumps(load(args.releases)))
        return
    if args.step == "latency":
        print(json.dumps(latency()))
        return
    name = DB.rsplit("/", 1)[1]
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {name}"],
        capture_output=True,
    )
    env = {**os.environ, "DATABASE_URL": DB, "DEBUG": "true"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    for step in ("load", "latency"):
        out = subprocess.run(
            [sys.executable, __file__, "--step", step, "--releases", str(args.releases)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if out.returncode:
            sys.exit(out.stderr)
        print(step, out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
