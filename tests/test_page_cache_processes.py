"""Two real web processes (gunicorn) share the page cache through Redis.

A page cached by one process is cleared for both by a change committed anywhere (here: the
workflow service in the test process, which sends content_changed like the admin does); a withdrawn
release leaves every cached page, the feeds and the sitemap of both at once; an embargoed release
appears by itself when its 보도시점 passes. Both servers and the test share the test's PostgreSQL
database and a Redis database under a key prefix of their own.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.cache import GENERATION_KEY
from core.models import Status, Transition
from core.services import publishable_transition
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("PAGE_CACHE_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def _redis_answers():
    host, port = REDIS_URL.split("//")[1].split("/")[0].split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One gunicorn process serving the newsroom from the test database."""

    def __init__(self, env, log):
        self.port = _free_port()
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "gbtp.wsgi:application", "--workers", "1",
             "--bind", f"127.0.0.1:{self.port}"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def wait_ready(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, Path(self.log.name).read_text()
            try:
                self.get("/robots.txt")
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("server did not start: " + Path(self.log.name).read_text())

    def get(self, path):
        """(status, X-Page-Cache, body) for an anonymous reader (no cookies kept)."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", headers={"Accept-Language": "ko"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers["X-Page-Cache"], response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers["X-Page-Cache"], error.read().decode()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def shared_cache(settings):
    if connection.vendor != "postgresql":
        pytest.skip("server processes share the test database only on PostgreSQL")
    if not _redis_answers():
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"gbtp-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield prefix
    cache.delete_pattern("*")  # this run's keys only: the prefix applies


@pytest.fixture
def servers(shared_cache, tmp_path):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gbtp.settings",
        # The development mode of `make run` (static files without collectstatic); the cache
        # behaves the same with DEBUG off.
        "DEBUG": "true",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": shared_cache,
        "PAGE_CACHE": "true",
        "PAGE_CACHE_SECONDS": "600",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    logs = [open(tmp_path / f"server-{name}.log", "w") for name in "ab"]  # noqa: SIM115
    started = [Server(env, log) for log in logs]
    try:
        for server in started:
            server.wait_ready()
        yield started
    finally:
        for server in started:
            server.stop()
        for log in logs:
            log.close()


def _publish(article, editor):
    return publishable_transition(obj=article, move=Transition.PUBLISH, by=editor)


def test_two_processes_see_publish_withdrawal_and_embargo_through_the_shared_cache(servers, editor):
    a = servers[0]
    kept = make_article(headline="계속 공개되는 보도자료", contacts=1)
    leaving = make_article(headline="곧 게시 중단될 보도자료", contacts=1)
    pages = {
        "home": reverse("home"),
        "list": reverse("articles:list"),
        "rss": reverse("feed-rss"),
        "atom": reverse("feed-atom"),
        "sitemap": reverse("sitemap-section", args=["releases"]),
        "page": leaving.get_absolute_url(),
    }
    # Each process caches every page: the second request is a hit.
    for server in servers:
        for name, path in pages.items():
            status, state, body = server.get(path)
            assert status == 200 and state == "miss" and leaving.slug in body, (name, state)
            status, state, body = server.get(path)
            assert state == "hit" and leaving.slug in body, name

    # A publish committed elsewhere is seen by both processes at once.
    fresh = make_article(status=Status.APPROVED, headline="방금 게시한 보도자료", contacts=1)
    _publish(fresh, editor)
    for server in servers:
        for name in ("home", "list", "rss", "atom", "sitemap"):
            status, state, body = server.get(pages[name])
            assert state == "miss" and fresh.slug in body and kept.slug in body, name
        assert server.get(fresh.get_absolute_url())[0] == 200
    assert a.get(pages["list"])[1] == "hit"

    # A withdrawal leaves every cached page, feed and the sitemap of both processes at once.
    publishable_transition(obj=leaving, move=Transition.UNPUBLISH, by=editor)
    for server in servers:
        for name, path in pages.items():
            status, state, body = server.get(path)
            if name == "page":
                assert status == 404
            else:
                assert status == 200 and leaving.slug not in body and kept.slug in body, name

    # An embargoed release appears by itself at its 보도시점, with nothing sent to the cache.
    embargoed = make_article(
        status=Status.APPROVED,
        headline="보도시점에 나타나는 보도자료",
        contacts=1,
        embargo_kind="at",
        embargo_at=timezone.now() + timedelta(seconds=4),
    )
    embargoed = _publish(embargoed, editor)
    for server in servers:
        server.get(pages["list"])
        status, state, body = server.get(pages["list"])
        assert state == "hit" and embargoed.slug not in body
        assert server.get(embargoed.get_absolute_url())[0] == 404
    generation = cache.get(GENERATION_KEY)
    time.sleep(max(0.0, (embargoed.release_at - timezone.now()).total_seconds()) + 0.3)
    for server in servers:
        for name in ("home", "list", "rss", "sitemap"):
            status, state, body = server.get(pages[name])
            assert state == "miss" and embargoed.slug in body, name
        assert server.get(embargoed.get_absolute_url())[0] == 200
    assert cache.get(GENERATION_KEY) == generation  # time alone, not an invalidation
