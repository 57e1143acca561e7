"""Benchmark: every public page against Django's floor, at newsroom scale (`make bench`).

    .venv/bin/python bench/pages.py                     # the issue's scale (see README for time)
    .venv/bin/python bench/pages.py --releases 10000 --events 1000 --photos 2000 --seconds 5
    .venv/bin/python bench/pages.py --keep              # keep the database and folders afterwards

Needs PostgreSQL (BENCH_POSTGRES_URL, a user that may create databases), Redis when REDIS_URL is set
(the page cache is shared through it, as in production), and `wrk` and `nginx` (Debian packages;
installed with apt-get when missing and this runs as root).

In one run it:

1. creates a throwaway database `gbtp_bench_pages_<pid>` and folders, migrates, loads the demo newsroom
   and `seed_bulk` (100,000 releases, 10,000 events, 20,000 photos by default), rebuilds the search
   index and runs the task worker once (demo kits, web copies of photos), timing each step;
2. starts gunicorn with production settings (2 sync workers) for the site and for the floor
   (`bench/floor_wsgi.py`: the same settings and middleware, one view answering "ok"), both behind
   one nginx (the bundled configuration: proxying, and the internal location media are handed to);
3. drives every page with `wrk -t2 -c16` in interleaved rounds (the floor first in each round): home,
   release list, a release, an event, search, RSS, sitemap, a kit page, a kit ZIP, a photo rendition;
   the release page also "cold", from a second site process with the page cache off, so each request
   is a miss;
4. counts SQL queries per request in-process (anonymous, cache empty), and times the admin change
   list of releases as an editor;
5. holds 60 s at 64 connections on the release page and counts errors;
6. writes bench/results/latest.json and bench/results/latest.md with req/s, p50/p99, queries and the
   ratio of each page to the floor in the same round (median over rounds).

The load generator shares the machine with the servers; that applies to the floor and to every page
alike, which is why the ratios are what to compare.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    ADMIN_URL,
    RESULTS,
    admin_sql,
    bench_env,
    fetch,
    free_port,
    gunicorn,
    log,
    manage,
    setup_django,
    stop,
    wait_ready,
)

# Goals of the issue, as ratios to the floor in the same round.
GOALS = {
    "release (cold)": 0.12,
    "release": 0.8,
    "home": 0.8,
    "release list": 0.8,
    "event": 0.8,
    "search": 0.8,
    "rendition": 5.0,
    "kit ZIP": 5.0,
}

NGINX_CONF = """
worker_processes 2;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {workdir}/nginx-body;
    proxy_temp_path {workdir}/nginx-proxy;
    fastcgi_temp_path {workdir}/nginx-fastcgi;
    uwsgi_temp_path {workdir}/nginx-uwsgi;
    scgi_temp_path {workdir}/nginx-scgi;
    proxy_cache_path {workdir}/nginx-cache levels=1:2 keys_zone=media:10m max_size=1g inactive=1d
                     use_temp_path=off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 30;
    upstream site {{ server 127.0.0.1:{site_port}; keepalive 32; }}
    upstream cold {{ server 127.0.0.1:{cold_port}; keepalive 32; }}
    upstream floor {{ server 127.0.0.1:{floor_port}; keepalive 32; }}
{servers}
}}
"""

# The README's production configuration ("Media"), with the bench's ports and folders.
PROXY = """
            proxy_pass {to};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto http;"""

NGINX_SERVER = """
    server {{
        listen 127.0.0.1:{port};
        location / {{{proxy}
        }}{media_cache}
    }}
"""

# Media addresses go through nginx's own cache first, which keeps only what the app tells it to keep
# (X-Accel-Expires, on public files only): repeat requests for a public file never reach Python. A
# miss goes to the second server, which asks the app and follows its X-Accel-Redirect.
NGINX_MEDIA_CACHE = """
        location ~ ^/(photos/|press-kits/.+/(download|files)/|releases/[^/]+/attachments/) {{
            proxy_cache media;
            proxy_cache_key $scheme$http_host$request_uri;
            proxy_cache_lock on;
            # Kept for as long as the app's X-Accel-Expires says, and only then: previews and
            # share-link holders' files carry none (Cache-Control is for browsers).
            proxy_ignore_headers Vary Cache-Control Expires;{proxy}
            add_header X-Media-Cache $upstream_cache_status always;
        }}"""

NGINX_MEDIA_SERVER = """
    server {{
        listen 127.0.0.1:{media_port};
        location / {{{proxy}
        }}
        location {accel} {{
            internal;
            alias {media}/;
            etag off;
            add_header ETag $upstream_http_etag;
            add_header X-Accel-Expires $upstream_http_x_accel_expires;
            add_header X-Robots-Tag $upstream_http_x_robots_tag always;
            add_header X-Content-Type-Options nosniff always;
        }}
    }}
"""


def ensure_tools():
    missing = [name for name in ("wrk", "nginx") if shutil.which(name) is None]
    if not missing:
        return
    if os.geteuid() != 0:
        raise SystemExit(f"Install {' and '.join(missing)} (Debian packages) first.")
    packages = {"wrk": "wrk", "nginx": "nginx-light"}
    log(f"Installing {', '.join(missing)} with apt-get ...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends"]
        + [packages[name] for name in missing],
        check=True,
        env=env,
    )


def timed(label, timings, function, *args, **kwargs):
    started = time.monotonic()
    result = function(*args, **kwargs)
    timings[label] = round(time.monotonic() - started, 1)
    log(f"  {label}: {timings[label]} s")
    return result


def prepare(env, args, workdir, log_file) -> dict:
    timings = {}
    timed("migrate", timings, manage, env, "migrate", "--noinput", log_file=log_file)
    timed("demo", timings, manage, env, "load_demo", "--force", log_file=log_file)
    timed(
        "seed_bulk",
        timings,
        manage,
        env,
        "seed_bulk",
        f"--releases={args.releases}",
        f"--events={args.events}",
        f"--photos={args.photos}",
        log_file=log_file,
    )
    # What autovacuum does to a production database after such growth: the planner's statistics.
    timed("analyze", timings, admin_sql, "VACUUM ANALYZE", database=env["DATABASE_URL"])
    timed("search index", timings, manage, env, "rebuild_search_index", log_file=log_file)
    timed(
        "tasks",
        timings,
        manage,
        env,
        "db_worker",
        "--batch",
        "--queue-name",
        "*",
        log_file=log_file,
    )
    timed("collectstatic", timings, manage, env, "collectstatic", "--noinput", log_file=log_file)
    return timings


def targets() -> dict[str, str]:
    """One address per page, picked from the seeded newsroom (in-process, after django.setup)."""
    from django.urls import reverse

    from articles.models import Article
    from events.models import Event
    from presskits.models import KitBuild

    public = Article.objects.published().exclude(kind="coverage").order_by("release_at")
    count = public.count()
    release = public[count // 2]
    event = Event.objects.published().order_by("release_at")[Event.objects.published().count() // 2]
    build = (
        KitBuild.objects.filter(article__isnull=False, zip_sha256__gt="")
        .select_related("article")
        .first()
    )
    found = {
        "home": reverse("home"),
        "release list": reverse("articles:list"),
        "release": release.get_absolute_url(),
        "event": event.get_absolute_url(),
        "search": reverse("search") + "?q=%EC%9D%B4%EC%B0%A8%EC%A0%84%EC%A7%80",  # 이차전지
        "RSS": reverse("feed-rss"),
        "sitemap": "/sitemap.xml",
    }
    if build is not None:
        found["kit page"] = reverse("presskits:release", args=[build.article_id])
        found["kit ZIP"] = reverse("presskits:release_download", args=[build.article_id])
    # The picture the release page itself shows, at the address the page gives it.
    from django.test import Client

    # A demo release: its photos' web copies were made by the task worker during the setup.
    shown = public.exclude(slug__startswith="bulk-").filter(photo_links__isnull=False).first()
    page = Client(HTTP_HOST="127.0.0.1").get((shown or release).get_absolute_url()).content.decode()
    picture = re.search(r'<img[^>]+src="(/photos/[^"]+)"', page)
    if picture:
        found["rendition"] = picture.group(1)
    return found


def query_counts(paths: dict[str, str]) -> dict[str, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for label, path in paths.items():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        counts[label] = len(queries) if response.status_code < 400 else None
    return counts


def admin_list_timing() -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    # As a login with the second factor leaves the session: verified with a confirmed device.
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or (
        TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    times, queries = [], []
    for _ in range(5):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/admin/articles/article/")
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries.append(len(captured))
    return {"ms_median": round(statistics.median(times), 1), "queries": max(queries)}


WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
WRK_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
WRK_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(port, path, *, seconds, connections, threads=2) -> dict:
    done = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
         f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    out = done.stdout
    latency = {q: float(v) * UNIT_MS[u] for q, v, u in WRK_LATENCY.findall(out)}
    errors = sum(int(n) for n in WRK_NON_2XX.findall(out))
    for group in WRK_SOCKET.findall(out):
        errors += sum(int(n) for n in group)
    return {
        "rps": float(WRK_RATE.search(out).group(1)),
        "p50_ms": round(latency.get("50", 0), 2),
        "p99_ms": round(latency.get("99", 0), 2),
        "errors": errors,
    }


def worker_rss(master_pid) -> list[float]:
    """Resident memory (MiB) of each worker of a gunicorn master."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(round(int(line.split()[1]) / 1024, 1))
    return sizes


def nginx(workdir, media, accel, upstream: dict, front: dict) -> subprocess.Popen:
    """nginx in front of each gunicorn: `front[name]` proxies to `upstream[name]`."""
    servers = ""
    for name in front:
        media_port = free_port()
        to_app = PROXY.format(to=f"http://{name}")
        to_media = PROXY.format(to=f"http://127.0.0.1:{media_port}")
        cache = NGINX_MEDIA_CACHE.format(proxy=to_media)
        servers += NGINX_SERVER.format(port=front[name], proxy=to_app, media_cache=cache)
        servers += NGINX_MEDIA_SERVER.format(
            media_port=media_port, proxy=to_app, accel=accel, media=media
        )
    conf = Path(workdir) / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            workdir=workdir,
            site_port=upstream["site"],
            cold_port=upstream["cold"],
            floor_port=upstream["floor"],
            servers=servers,
        )
    )
    return subprocess.Popen(["nginx", "-c", str(conf), "-g", "daemon off;"], cwd=workdir)


def run(args):
    ensure_tools()
    if args.reuse:
        # A newsroom made earlier with --prepare-only: measured now, on a quiet machine.
        workdir = args.reuse
        prepared = json.loads((Path(workdir) / "prepared.json").read_text())
        name = prepared["database"]
        args.releases, args.events, args.photos = (
            prepared["scale"][key] for key in ("releases", "events", "photos")
        )
    else:
        name = f"gbtp_bench_pages_{os.getpid()}"
        workdir = tempfile.mkdtemp(prefix="gbtp-bench-pages-")
        os.chmod(workdir, 0o755)  # nginx's workers (not root) read media here, as in production
    log_file = f"{workdir}/run.log"
    base = ADMIN_URL.rsplit("/", 1)[0]
    if not args.reuse:
        admin_sql(f'CREATE DATABASE "{name}"')
    processes = []
    keep = args.keep or args.prepare_only
    try:
        env = bench_env(f"{base}/{name}", workdir)
        accel = "/_protected/"
        env.update(MEDIA_ACCEL_REDIRECT=accel)
        if os.environ.get("REDIS_URL"):
            env["REDIS_URL"] = os.environ["REDIS_URL"]
        if args.reuse:
            log(f"Reusing {name} in {workdir}: bringing it up to this code")
            timings = prepared["setup_seconds"]
            manage(env, "migrate", "--noinput", log_file=log_file)
            manage(env, "collectstatic", "--noinput", log_file=log_file)
        else:
            log(
                f"Preparing {name} ({args.releases} releases, {args.events} events, "
                f"{args.photos} photos):"
            )
            timings = prepare(env, args, workdir, log_file)
        if args.prepare_only:
            scale = {"releases": args.releases, "events": args.events, "photos": args.photos}
            (Path(workdir) / "prepared.json").write_text(
                json.dumps({"database": name, "scale": scale, "setup_seconds": timings})
            )
            log(f"Prepared. Measure with: bench/pages.py --reuse {workdir}")
            return
        setup_django(env)
        paths = targets()
        queries = query_counts(paths)
        admin = admin_list_timing()

        upstream = {"site": free_port(), "cold": free_port(), "floor": free_port()}
        front = {"site": free_port(), "cold": free_port(), "floor": free_port()}
        cold_env = {**env, "PAGE_CACHE": "false"}
        processes += [
            gunicorn(env, "gbtp.wsgi", upstream["site"], args.workers, f"{workdir}/site.log"),
            gunicorn(cold_env, "gbtp.wsgi", upstream["cold"], args.workers, f"{workdir}/cold.log"),
            gunicorn(
                env, "bench.floor_wsgi", upstream["floor"], args.workers, f"{workdir}/floor.log"
            ),
        ]
        for process, port in zip(processes, upstream.values(), strict=True):
            wait_ready(port, "/robots.txt", process)
        processes.append(nginx(workdir, env["MEDIA_ROOT"], accel, upstream, front))
        wait_ready(front["site"], "/robots.txt", processes[-1])
        # What each address answers through nginx before it is measured (a 404 or 503 there would
        # count as errors below, and its rate would mean nothing).
        statuses = {}
        for label, path in paths.items():
            status, _headers, body = fetch(front["site"], path)
            statuses[label] = status
            log(f"  {label:16} {status} {len(body)} bytes  {path}")
        # Public media are then answered by nginx's cache, without the app.
        media_cache = {}
        for label in ("rendition", "kit ZIP"):
            if label in paths:
                _status, headers, _body = fetch(front["site"], paths[label])
                media_cache[label] = headers.get("x-media-cache", headers.get("X-Media-Cache"))
        log(f"  nginx media cache on a second request: {media_cache}")

        rounds = []
        for number in range(args.rounds):
            log(f"Round {number + 1} of {args.rounds}:")
            results = {
                "floor": wrk(
                    front["floor"],
                    "/bench-floor/",
                    seconds=args.seconds,
                    connections=args.connections,
                )
            }
            for label, path in paths.items():
                results[label] = wrk(
                    front["site"], path, seconds=args.seconds, connections=args.connections
                )
            results["release (cold)"] = wrk(
                front["cold"], paths["release"], seconds=args.seconds, connections=args.connections
            )
            for label, result in results.items():
                result["ratio"] = round(result["rps"] / results["floor"]["rps"], 3)
                log(f"  {label:16} {result['rps']:9.1f} req/s  ×{result['ratio']:.3f}")
            rounds.append(results)
        log(f"Holding {args.endurance} s at 64 connections on the release page ...")
        endurance = wrk(front["site"], paths["release"], seconds=args.endurance, connections=64)
        memory = {
            "site": worker_rss(processes[0].pid),
            "cold": worker_rss(processes[1].pid),
            "floor": worker_rss(processes[2].pid),
        }
        log(f"Worker memory (MiB, after the runs): {memory}")

        summary = {}
        for label in rounds[0]:
            summary[label] = {
                key: round(statistics.median(r[label][key] for r in rounds), 3)
                for key in ("rps", "p50_ms", "p99_ms", "ratio")
            }
            summary[label]["errors"] = sum(r[label]["errors"] for r in rounds)
            summary[label]["queries"] = queries.get(label.replace(" (cold)", ""))
            summary[label]["goal"] = GOALS.get(label)
            summary[label]["status"] = statuses.get(label.replace(" (cold)", ""), 200)
        report = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "scale": {"releases": args.releases, "events": args.events, "photos": args.photos},
            "load": {
                "wrk": f"-t2 -c{args.connections} -d{args.seconds}s",
                "rounds": args.rounds,
                "gunicorn_workers": args.workers,
            },
            "setup_seconds": timings,
            "pages": summary,
            "paths": paths,
            "admin_changelist": admin,
            "endurance": {"connections": 64, "seconds": args.endurance, **endurance},
            "worker_rss_mib": memory,
            "media_cache": media_cache,
            "command": " ".join(["bench/pages.py", *sys.argv[1:]]),
        }
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "latest.json").write_text(
            json.dumps(report, ensure_ascii=False, indent=2) + "\n"
        )
        (RESULTS / "latest.md").write_text(table(report))
        print(table(report))
    finally:
        for process in reversed(processes):
            stop(process)
        if not keep:
            if "django" in sys.modules and os.environ.get("DJANGO_SETTINGS_MODULE"):
                from django.db import connections

                connections.close_all()
            admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            log(f"Kept database {name} and folder {workdir}")


def table(report) -> str:
    lines = [
        "# Public pages against the floor",
        "",
        f"`{report['command']}` on {report['when']} ({report['machine']['cpus']} CPUs): "
        f"{report['scale']['releases']:,} releases, {report['scale']['events']:,} events, "
        f"{report['scale']['photos']:,} photos; wrk {report['load']['wrk']}, "
        f"{report['load']['rounds']} interleaved rounds, gunicorn {report['load']['gunicorn_workers']} "
        "sync workers behind nginx. Medians over rounds.",
        "",
        "| page | req/s | × floor | goal | p50 ms | p99 ms | SQL | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, row in report["pages"].items():
        goal = f"≥ {row['goal']}" if row["goal"] else ""
        queries = "" if row["queries"] is None else row["queries"]
        lines.append(
            f"| {label} | {row['rps']:.1f} | {row['ratio']:.3f} | {goal} | {row['p50_ms']} | "
            f"{row['p99_ms']} | {queries} | {row['errors']} |"
        )
    admin, endurance = report["admin_changelist"], report["endurance"]
    lines += [
        "",
        f"Admin change list of releases (editor, in-process): {admin['ms_median']} ms, "
        f"{admin['queries']} queries.",
        f"Release page, 64 connections for {endurance['seconds']} s: {endurance['rps']:.1f} req/s, "
        f"p99 {endurance['p99_ms']} ms, {endurance['errors']} errors.",
        "Worker memory after the runs (MiB): "
        + "; ".join(f"{k} {v}" for k, v in report.get("worker_rss_mib", {}).items())
        + ". nginx's media cache on a repeat request: "
        + ", ".join(f"{k} {v}" for k, v in report.get("media_cache", {}).items())
        + ".",
        "",
        "Setup (seconds): " + ", ".join(f"{k} {v}" for k, v in report["setup_seconds"].items()),
        "",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--photos", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--endurance", type=int, default=60, help="seconds at 64 connections")
    parser.add_argument("--keep", action="store_true", help="keep the database and folders")
    parser.add_argument(
        "--prepare-only",
        action="store_true",
        help="make and keep the newsroom, measure nothing (then --reuse it)",
    )
    parser.add_argument("--reuse", metavar="WORKDIR", help="measure a newsroom from --prepare-only")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
