"""Benchmark: press kit builds by the task worker, and downloads of the stored kits over HTTP.

    .venv/bin/python bench/kit_downloads.py                   # about 4 minutes
    .venv/bin/python bench/kit_downloads.py --seconds 10      # longer load runs (about 8 minutes)
    .venv/bin/python bench/kit_downloads.py --clients 4 --rounds 1 --keep   # quick look, keep the data

Needs PostgreSQL (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres, a user
that may create databases) and the project's virtualenv with gunicorn. Installs nothing.

In one run it:

1. creates a throwaway database `gbtp_bench_kits_<pid>` and temporary media and static folders,
   migrates, loads the demo newsroom (which queues a kit build for every published release, event and
   curated kit) and collects static files (production settings serve them through the manifest);
2. runs `manage.py db_worker --batch` once and reads each build's time from django-tasks-db's results
   (started_at → finished_at), then asks three times for the largest curated kit to be rebuilt while
   a long-running worker is up, the way a change in the admin does (`kit_builds_request`);
3. times the old download path in this process: streaming the same kit's ZIP
   (`contents_for_build` + `presskit_stream`), which is what each download request used to do;
4. starts gunicorn twice with the same options (2 sync workers, DEBUG off, production settings):
   `gbtp.wsgi` and the floor, `bench/floor_wsgi.py` — the same settings and middleware with one URL
   returning "ok" — and drives both with a thread-per-client load generator (http.client, a new
   connection per request, as sync workers close it anyway) in interleaved rounds: the floor, the
   largest curated kit's download, the largest release kit's download, the curated kit's download
   with If-None-Match (304), the kit's page and the home page, at each --clients concurrency;
5. measures the home page while six clients download kits in a loop;
6. writes bench/results/kit_downloads.json and bench/results/kit_downloads.md, and prints a table.

Rates are medians over the rounds; "× floor" is the median of each round's ratio to the floor view
at the same concurrency. The load generator runs on the same machine and takes CPU from the server;
that applies to the floor and to every page alike, which is why the ratios are what to compare.
"""

import argparse
import http.client
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    ADMIN_URL,
    RESULTS,
    ROOT,
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

GOAL = 50  # the issue: downloads at ≥ 50× the previous rate
REBUILDS = 3
OLD_PATH_RUNS = 3
CONTENTION_CLIENTS = 6  # the scenario: six anonymous clients downloading in a loop


# Builds, read from django-tasks-db's results.


def build_rows(since=None):
    """One row per finished build task (oldest first), with the kit it built."""
    from django_tasks_db.models import DBTaskResult

    from presskits.models import KitBuild

    results = DBTaskResult.objects.filter(task_path__endswith=".build_kit").order_by("started_at")
    if since is not None:
        results = results.filter(enqueued_at__gte=since)
    builds = {
        build.pk: build
        for build in KitBuild.objects.select_related("article", "event", "presskit").all()
    }
    rows = []
    for result in results:
        build_id = result.args_kwargs["args"][0]
        build = builds.get(build_id)
        seconds = None
        if result.started_at and result.finished_at:
            seconds = (result.finished_at - result.started_at).total_seconds()
        rows.append(
            {
                "build_id": build_id,
                "target": build.target if build else "?",
                "id": build.owner_id if build else None,
                "slug": build.presskit.slug if build and build.presskit_id else None,
                "files": build.files.count() if build else 0,
                "zip_bytes": build.zip_size if build else 0,
                "status": str(result.status),
                "built": result.return_value,
                "seconds": round(seconds, 3) if seconds is not None else None,
                "worker": (result.worker_ids or ["?"])[-1],
            }
        )
    first_of_worker = set()
    for row in rows:
        if row["worker"] not in first_of_worker:
            first_of_worker.add(row["worker"])
            row["first_in_worker"] = True
    return rows


def kits_pending():
    from django.db.models import F

    from presskits.models import KitBuild

    return KitBuild.objects.filter(built__lt=F("wanted")).count()


def rebuild(build, env, log_file):
    """Ask for the kit to be rebuilt (as a change does) with a running worker; time each build."""
    from django.db.models import F
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from presskits.models import KitBuild
    from presskits.services import kit_builds_request

    command = [sys.executable, "manage.py", "db_worker", "--queue-name", "*"]
    command += ["--no-startup-delay", "--interval", "0.1", "--no-reload"]
    with open(log_file, "a") as out:
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    runs = []
    try:
        time.sleep(2)  # the worker's own start (imports, checks) is not part of a build
        for _ in range(REBUILDS):
            since = timezone.now()
            started = time.perf_counter()
            kit_builds_request({"presskit": {build.presskit_id}})
            deadline = started + 120
            # Cheap polls only: this process shares the CPUs with the worker it is timing.
            ready = KitBuild.objects.filter(pk=build.pk, built__gte=F("wanted"))
            finished = DBTaskResult.objects.filter(
                enqueued_at__gte=since, finished_at__isnull=False
            )
            while not ready.exists():
                if worker.poll() is not None or time.perf_counter() > deadline:
                    current = KitBuild.objects.get(pk=build.pk)
                    raise RuntimeError(
                        f"rebuild of kit {build.pk} did not finish (built {current.built}, "
                        f"wanted {current.wanted}, failures {current.failures}, "
                        f"last error {current.last_error!r}); see {log_file}"
                    )
                time.sleep(0.1)
            wall = time.perf_counter() - started
            while not finished.exists() and time.perf_counter() < deadline:
                time.sleep(0.05)
            rows = [row for row in build_rows(since) if row["built"] and row["seconds"]]
            runs.append({"task_seconds": rows[-1]["seconds"], "change_to_ready_seconds": wall})
    finally:
        stop(worker)
    return runs


def old_path(build):
    """The old download: gather the kit and stream its ZIP, in this process, timed."""
    from presskits.archive import presskit_stream
    from presskits.services import contents_for_build

    runs = []
    for attempt in range(OLD_PATH_RUNS + 1):  # the first one warms up imports and fonts
        wall, cpu, size = time.perf_counter(), time.process_time(), 0
        for block in presskit_stream(contents_for_build(build)):
            size += len(block)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if attempt:
            runs.append({"seconds": wall, "cpu_seconds": cpu, "zip_bytes": size})
    return runs


# The load generator.


class Client(threading.Thread):
    """One client: GET the same path in a loop on new connections until the deadline."""

    def __init__(self, port, path, headers, expect, deadline):
        super().__init__(daemon=True)
        self.port, self.path, self.headers = port, path, headers
        self.expect, self.deadline = expect, deadline
        self.latencies, self.bytes, self.errors, self.first_error = [], 0, 0, None

    def run(self):
        while (started := time.perf_counter()) < self.deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                connection.request("GET", self.path, headers=self.headers)
                response = connection.getresponse()
                size = 0
                while block := response.read(256 * 1024):
                    size += len(block)
                connection.close()
            except (OSError, http.client.HTTPException) as error:
                self.fail(f"{type(error).__name__}: {error}")
                continue
            self.latencies.append(time.perf_counter() - started)
            self.bytes += size
            length = response.getheader("Content-Length")
            if response.status != self.expect:
                self.fail(f"HTTP {response.status} (expected {self.expect})")
            elif length is not None and int(length) != size:
                self.fail(f"Content-Length {length} but {size} bytes received")

    def fail(self, message):
        self.errors += 1
        self.first_error = self.first_error or message


def load(specs, seconds):
    """Run every spec's clients at once for `seconds`; returns {name: stats}."""
    deadline = time.perf_counter() + seconds
    groups = {
        name: [Client(port, path, headers, expect, deadline) for _ in range(clients)]
        for name, (port, path, clients, headers, expect) in specs.items()
    }
    started, cpu = time.perf_counter(), os.times()
    for clients in groups.values():
        for client in clients:
            client.start()
    for clients in groups.values():
        for client in clients:
            client.join()
    elapsed = time.perf_counter() - started
    cpu_end = os.times()
    client_cpu = (cpu_end.user - cpu.user + cpu_end.system - cpu.system) / elapsed
    stats = {}
    for name, clients in groups.items():
        latencies = sorted(latency for client in clients for latency in client.latencies)
        errors = sum(client.errors for client in clients)
        first_error = next((c.first_error for c in clients if c.first_error), None)
        stats[name] = {
            "requests": len(latencies),
            "rps": len(latencies) / elapsed,
            "p50_ms": percentile(latencies, 0.50) * 1000,
            "p99_ms": percentile(latencies, 0.99) * 1000,
            "errors": errors,
            "first_error": first_error,
            "mib_per_s": sum(client.bytes for client in clients) / elapsed / 2**20,
            "load_generator_cpu": client_cpu,
        }
    return stats


def percentile(values, q):
    if not values:
        return float("nan")
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def median_of(runs, key):
    values = [run[key] for run in runs if run.get(key) is not None]
    return statistics.median(values) if values else None


# The run.


def prepare(env, workdir, log_file):
    statics = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    manage(env, "migrate", "-v0", log_file=log_file)
    # load_demo refuses to run with DEBUG off (it looks like production); the demo itself is the same.
    manage({**env, "DEBUG": "true"}, "load_demo", log_file=log_file)
    if statics.wait() != 0:
        raise RuntimeError("collectstatic failed")


def check_endpoints(app_port, floor_port, paths):
    """Every URL answers as the benchmark expects before any load is put on it."""
    status, _, body = fetch(floor_port, "/bench-floor/")
    if status != 200 or body != b"ok":
        raise RuntimeError(f"floor view: HTTP {status} {body[:200]!r}")
    etags = {}
    for name, path in paths.items():
        status, headers, body = fetch(app_port, path)
        if status != 200:
            raise RuntimeError(f"{name} {path}: HTTP {status} {body[:300]!r}")
        if name.startswith("download"):
            missing = [
                h
                for h in ("ETag", "Last-Modified", "Content-Length", "Content-Disposition")
                if h not in headers
            ]
            if missing:
                raise RuntimeError(f"{path}: no {', '.join(missing)} header")
            if int(headers["Content-Length"]) != len(body) or not body.startswith(b"PK"):
                raise RuntimeError(f"{path}: not the stored ZIP ({len(body)} bytes)")
            status, _, _ = fetch(app_port, path, {"If-None-Match": headers["ETag"]})
            if status != 304:
                raise RuntimeError(f"{path} with If-None-Match: HTTP {status}, expected 304")
            etags[name] = headers["ETag"]
    return etags


def run(args):
    pid = os.getpid()
    db_name = f"gbtp_bench_kits_{pid}"
    database_url = ADMIN_URL.rsplit("/", 1)[0] + "/" + db_name
    workdir = tempfile.mkdtemp(prefix="gbtp-bench-kits-")
    log_file = Path(workdir) / "bench.log"
    env = bench_env(database_url, workdir)
    servers = []
    started = time.perf_counter()
    results = {
        "run": {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": os.getloadavg(),
            "gunicorn": f"{args.workers} sync workers, DEBUG off, production settings",
            "seconds_per_measurement": args.seconds,
            "rounds": args.rounds,
            "clients": args.clients,
        }
    }
    admin_sql(f'CREATE DATABASE "{db_name}"')
    try:
        log(f"database {db_name}, files in {workdir}")
        prepare(env, workdir, log_file)
        setup_django(env)
        log(f"migrated and loaded the demo in {time.perf_counter() - started:.0f} s")

        # 2. The builds queued by load_demo, one worker, until none is left.
        batch = time.perf_counter()
        manage(
            env,
            "db_worker",
            "--batch",
            "--queue-name",
            "*",
            "--no-startup-delay",
            "--no-reload",
            log_file=log_file,
        )
        batch = time.perf_counter() - batch
        if kits_pending():
            raise RuntimeError(
                f"{kits_pending()} kits still not built after the worker; see {log_file}"
            )
        rows = build_rows()
        failed = [row for row in rows if row["status"] != "SUCCESSFUL"]
        if failed:
            raise RuntimeError(f"build tasks failed: {failed}; see {log_file}")
        built = [row for row in rows if row["built"]]
        warm = [row["seconds"] for row in built if not row.get("first_in_worker")]
        results["builds"] = {
            "kits": rows,
            "worker_wall_seconds": batch,
            "median_seconds": statistics.median(row["seconds"] for row in built),
            "median_seconds_without_first": statistics.median(warm) if warm else None,
            "max_seconds": max(row["seconds"] for row in built),
        }
        log(f"built {len(built)} kits in {batch:.1f} s (worker process included)")

        from presskits.models import KitBuild

        kit = (
            KitBuild.objects.filter(presskit__isnull=False)
            .select_related("presskit")
            .order_by("-zip_size")
            .first()
        )
        release = KitBuild.objects.filter(article__isnull=False).order_by("-zip_size").first()
        rebuilds = rebuild(kit, env, log_file)
        results["rebuild"] = {
            "target": "presskit",
            "id": kit.presskit_id,
            "slug": kit.presskit.slug,
            "files": kit.files.count(),
            "zip_bytes": KitBuild.objects.get(pk=kit.pk).zip_size,
            "runs": rebuilds,
            "median_task_seconds": median_of(rebuilds, "task_seconds"),
            "median_change_to_ready_seconds": median_of(rebuilds, "change_to_ready_seconds"),
        }
        log(f"rebuilt kit {kit.presskit.slug}: {results['rebuild']['median_task_seconds']:.2f} s")

        # 3. What a download used to cost: the same kit streamed from scratch.
        old = old_path(KitBuild.objects.select_related("presskit").get(pk=kit.pk))
        old_seconds = median_of(old, "seconds")
        results["old_path"] = {
            "what": "contents_for_build() + presskit_stream() of the downloaded kit, in one process",
            "runs": old,
            "median_seconds": old_seconds,
            "median_cpu_seconds": median_of(old, "cpu_seconds"),
        }
        from django.db import connections

        connections.close_all()
        log(f"old download path (stream the ZIP per request): {old_seconds:.2f} s a kit")

        # 4. The servers.
        app_port, floor_port = free_port(), free_port()
        servers.append(gunicorn(env, "gbtp.wsgi", app_port, args.workers, f"{workdir}/app.log"))
        servers.append(
            gunicorn(env, "bench.floor_wsgi", floor_port, args.workers, f"{workdir}/floor.log")
        )
        wait_ready(app_port, "/", servers[0])
        wait_ready(floor_port, "/bench-floor/", servers[1])
        paths = {
            "download": f"/press-kits/{kit.presskit.slug}/download/",
            "download_release": f"/press-kits/releases/{release.article_id}/download/",
            "kit_page": f"/press-kits/{kit.presskit.slug}/",
            "home": "/",
        }
        etags = check_endpoints(app_port, floor_port, paths)
        scenarios = {
            "floor": (floor_port, "/bench-floor/", {}, 200),
            "download": (app_port, paths["download"], {}, 200),
            "download_release": (app_port, paths["download_release"], {}, 200),
            "download_304": (
                app_port,
                paths["download"],
                {"If-None-Match": etags["download"]},
                304,
            ),
            "kit_page": (app_port, paths["kit_page"], {}, 200),
            "home": (app_port, "/", {}, 200),
        }
        results["urls"] = {name: spec[1] for name, spec in scenarios.items()}
        # Warm both servers' workers (imports, templates, connections) before measuring.
        for name, (port, path, headers, expect) in scenarios.items():
            load({name: (port, path, 2 * args.workers, headers, expect)}, 1)

        rounds = []
        for number in range(args.rounds):
            current = {}
            for clients in args.clients:
                for name, (port, path, headers, expect) in scenarios.items():
                    stats = load({name: (port, path, clients, headers, expect)}, args.seconds)
                    current[f"{name}@{clients}"] = stats[name]
            alone = load({"home": (app_port, "/", 1, {}, 200)}, args.seconds)
            busy = load(
                {
                    "home": (app_port, "/", 1, {}, 200),
                    "download": (app_port, paths["download"], CONTENTION_CLIENTS, {}, 200),
                },
                args.seconds,
            )
            current["home_alone@1"] = alone["home"]
            current["home_busy@1"] = busy["home"]
            current[f"download_busy@{CONTENTION_CLIENTS}"] = busy["download"]
            rounds.append(current)
            log(
                f"round {number + 1}/{args.rounds}: "
                + ", ".join(f"{key} {value['rps']:.0f}/s" for key, value in current.items())
            )

        results["load"] = summarise(rounds, scenarios, args.clients)
        results["contention"] = {
            "home_p50_ms_alone": median_of([r["home_alone@1"] for r in rounds], "p50_ms"),
            "home_p50_ms_while_downloading": median_of(
                [r["home_busy@1"] for r in rounds], "p50_ms"
            ),
            "home_p99_ms_while_downloading": median_of(
                [r["home_busy@1"] for r in rounds], "p99_ms"
            ),
            "download_clients": CONTENTION_CLIENTS,
            "download_rps": median_of(
                [r[f"download_busy@{CONTENTION_CLIENTS}"] for r in rounds], "rps"
            ),
            "errors": sum(
                r["home_busy@1"]["errors"] + r[f"download_busy@{CONTENTION_CLIENTS}"]["errors"]
                for r in rounds
            ),
            "before (issue, kits built per request)": "home p50 13 ms → 2.4 s",
        }
        results["previous_rate"] = previous_rate(results, args)
        results["raw_rounds"] = rounds
        for server in servers:
            if server.poll() is not None:
                raise RuntimeError(f"a gunicorn server exited during the run; see {workdir}")
    finally:
        for server in servers:
            stop(server)
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if args.keep:
            log(f"kept database {db_name} and {workdir}")
        else:
            admin_sql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
            shutil.rmtree(workdir, ignore_errors=True)
    results["run"]["load_average_after"] = os.getloadavg()
    results["run"]["total_seconds"] = time.perf_counter() - started
    return results


def summarise(rounds, scenarios, client_counts):
    summary = {}
    for clients in client_counts:
        for name in scenarios:
            key = f"{name}@{clients}"
            runs = [r[key] for r in rounds]
            ratios = [r[key]["rps"] / r[f"floor@{clients}"]["rps"] for r in rounds]
            summary[key] = {
                "scenario": name,
                "clients": clients,
                "rps": median_of(runs, "rps"),
                "p50_ms": median_of(runs, "p50_ms"),
                "p99_ms": median_of(runs, "p99_ms"),
                "errors": sum(run["errors"] for run in runs),
                "first_error": next(
                    (run["first_error"] for run in runs if run["first_error"]), None
                ),
                "mib_per_s": median_of(runs, "mib_per_s"),
                "ratio_to_floor": statistics.median(ratios),
                "load_generator_cpu": median_of(runs, "load_generator_cpu"),
            }
    return summary


def previous_rate(results, args):
    """Kits per second the old design could serve at most on the same server, from this run's times.

    The old download view built the ZIP inside the request, so each gunicorn worker could hand out at
    most one kit per build time, and the server `workers / seconds per kit` — an upper bound, since it
    assumes one CPU per worker and nothing else running. Of the measured times (the stream alone, as
    wall time and as CPU time, and the task's build, which also stores each file) the shortest is
    used, so the old rate is the highest estimate and the ratio the lowest.
    """
    stream = results["old_path"]["median_seconds"]
    stream_cpu = results["old_path"]["median_cpu_seconds"]
    task = results["rebuild"]["median_task_seconds"]
    seconds = min(stream, stream_cpu, task)
    rate = args.workers / seconds
    goal = {}
    for clients in args.clients:
        download = results["load"][f"download@{clients}"]["rps"]
        goal[str(clients)] = {"download_rps": download, "ratio": download / rate}
    first = goal[str(args.clients[0])]
    return {
        "derivation": (
            f"{args.workers} gunicorn workers / {seconds:.2f} s per kit (the shortest of: "
            f"streaming the kit's ZIP per request as the old view did, median {stream:.2f} s wall, "
            f"{stream_cpu:.2f} s CPU; the build task, median {task:.2f} s) = {rate:.2f} kits/s, "
            "an upper bound for the old design"
        ),
        "seconds_per_kit": seconds,
        "kits_per_second": rate,
        "measured_before_in_issue": "about 1 ZIP/s with 4 clients on 2 gunicorn workers",
        "by_clients": goal,
        "goal": GOAL,
        "met": all(item["ratio"] >= GOAL for item in goal.values()),
        "ratio_at_first_concurrency": first["ratio"],
    }


# Output.


def table(results) -> str:
    lines = []
    builds = results["builds"]
    lines += [
        "## Builds (task worker, `db_worker --batch`, one process)",
        "",
        "| target | id | files | ZIP KiB | seconds |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in builds["kits"]:
        note = " (first task of the worker)" if row.get("first_in_worker") else ""
        if not row["built"]:
            note += " (nothing to build)"
        lines.append(
            f"| {row['target']} | {row['slug'] or row['id']} | {row['files']} | "
            f"{row['zip_bytes'] / 1024:.0f} | {row['seconds']:.2f}{note} |"
        )
    rebuild = results["rebuild"]
    old = results["old_path"]
    lines += [
        "",
        f"Median {builds['median_seconds']:.2f} s a kit "
        f"({builds['median_seconds_without_first']:.2f} s without the worker's first task), "
        f"max {builds['max_seconds']:.2f} s; the worker process took {builds['worker_wall_seconds']:.1f} s "
        "in all, start-up included.",
        "",
        f"Rebuild of the largest curated kit `{rebuild['slug']}` ({rebuild['files']} files, "
        f"{rebuild['zip_bytes'] / 1024:.0f} KiB) after `kit_builds_request`, worker already running: "
        f"task {', '.join(f'{r["task_seconds"]:.2f}' for r in rebuild['runs'])} s "
        f"(median {rebuild['median_task_seconds']:.2f} s); change to ready "
        f"{rebuild['median_change_to_ready_seconds']:.2f} s.",
        "",
        f"Old download path, same kit streamed in-process: median {old['median_seconds']:.2f} s "
        f"({old['median_cpu_seconds']:.2f} s CPU).",
        "",
        "## Requests (gunicorn, 2 sync workers, production settings)",
        "",
        "| scenario | clients | req/s | p50 ms | p99 ms | MiB/s | errors | × floor | client CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for item in results["load"].values():
        lines.append(
            f"| {item['scenario']} | {item['clients']} | {item['rps']:.1f} | {item['p50_ms']:.1f} | "
            f"{item['p99_ms']:.1f} | {item['mib_per_s']:.1f} | {item['errors']} | "
            f"{item['ratio_to_floor']:.3f} | {item['load_generator_cpu']:.0%} |"
        )
    contention = results["contention"]
    previous = results["previous_rate"]
    lines += [
        "",
        "Client CPU: the load generator's own CPU time over the run, as a share of one CPU (it runs "
        "on the same machine; near 100% it, not the server, sets the pace).",
        "",
        f"Home page p50 with one client: {contention['home_p50_ms_alone']:.1f} ms alone, "
        f"{contention['home_p50_ms_while_downloading']:.1f} ms (p99 "
        f"{contention['home_p99_ms_while_downloading']:.1f} ms) while {contention['download_clients']} "
        f"clients download the kit in a loop ({contention['download_rps']:.1f} downloads/s); "
        f"{contention['errors']} errors. Before (issue): 13 ms → 2.4 s.",
        "",
        "## Downloads against the previous rate",
        "",
        f"Previous rate: {previous['derivation']}.",
        "",
    ]
    for clients, item in previous["by_clients"].items():
        lines.append(
            f"- {clients} clients: {item['download_rps']:.1f} downloads/s = "
            f"{item['ratio']:.0f}× the previous rate (goal ≥ {previous['goal']}×)"
        )
    run = results["run"]
    lines += [
        "",
        f"Goal {'met' if previous['met'] else 'NOT met'}. Run: {run['date']}, {run['cpus']} CPUs, "
        f"load average before {run['load_average_before'][0]:.2f}, after "
        f"{run['load_average_after'][0]:.2f}; {run['rounds']} rounds of {run['seconds_per_measurement']} s "
        f"per measurement, medians shown; {run['total_seconds']:.0f} s in all. The load generator "
        "shares the machine's CPUs with the server.",
    ]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[4, 16])
    parser.add_argument("--seconds", type=float, default=4, help="per measurement (default 4)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--keep", action="store_true", help="keep the database and files")
    args = parser.parse_args()
    results = run(args)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "kit_downloads.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n"
    )
    report = table(results)
    (RESULTS / "kit_downloads.md").write_text(
        "# Press kit builds and downloads\n\n"
        "`.venv/bin/python bench/kit_downloads.py` (see the module docstring).\n\n" + report
    )
    print()
    print(report)


if __name__ == "__main__":
    main()
