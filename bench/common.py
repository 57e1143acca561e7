"""What the benchmarks share: a throwaway database, production settings, gunicorn, plain HTTP."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def log(message):
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(database_url, workdir) -> dict:
    """Production settings, pointed at the throwaway database and folders."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL"}
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="bench-kit-downloads-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        MEDIA_ROOT=f"{workdir}/media",
        STATIC_ROOT=f"{workdir}/static",
        SITE_URL="http://127.0.0.1",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def admin_sql(statement, database=None):
    """Run `statement` as the bench's PostgreSQL user, in `database` (a URL) or the admin one."""
    import psycopg

    with psycopg.connect(database or ADMIN_URL, autocommit=True) as connection:
        connection.execute(statement)


def manage(env, *args, log_file):
    """Run a management command; its output goes to the run's log, shown here if it fails."""
    with open(log_file, "a") as out:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=out
        )
    if done.returncode:
        tail = Path(log_file).read_text(errors="replace")[-3000:]
        raise RuntimeError(f"manage.py {' '.join(args)} exited with {done.returncode}:\n{tail}")


def stop(process, timeout=15):
    """End a process this script started, by its own id."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def gunicorn(env, module, port, workers, log_file):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        f"{module}:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--chdir",
        str(ROOT),
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
        "--error-logfile",
        str(log_file),
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)


def wait_ready(port, path, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn on port {port} exited with {process.returncode}")
        try:
            status, _, _ = fetch(port, path)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {port} did not answer {path} within {timeout} s")


def fetch(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), body
    finally:
        connection.close()


def setup_django(env):
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gbtp.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
