"""Two real task worker processes (`manage.py db_worker`) share the kit builds without doubling any."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django_tasks_db.models import DBTaskResult

from core.models import Status, Transition
from core.services import publishable_transition
from presskits.models import KitBuild
from presskits.services import kit_builds_request
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent


def worker_environment() -> dict:
    """The environment of a worker process using this test's database and media folder."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if connection.vendor != "postgresql":
        url = f"sqlite:///{db['NAME']}"
    media = Path(settings.MEDIA_ROOT)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gbtp.settings_test",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media.parent),
        "PYTEST_XDIST_WORKER": media.name,
    }


def start_worker(*extra) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--no-reload", *extra],
        cwd=ROOT,
        env=worker_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_two_workers_build_each_kit_exactly_once(editor, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("worker processes share the test database only on PostgreSQL")
    settings.MEDIA_ROOT = tmp_path / "media" / "workers"  # this test's files only
    articles = []
    for n in range(6):
        article = make_article(
            status=Status.APPROVED, headline=f"동시 빌드 시험 보도자료 {n}", contacts=1
        )
        articles.append(publishable_transition(obj=article, move=Transition.PUBLISH, by=editor))
    # Every kit asked for twice: two tasks each, which two workers may pick up at the same moment.
    kit_builds_request({"article": {a.pk for a in articles}})
    kit_tasks = DBTaskResult.objects.filter(task_path="presskits.tasks.build_kit")
    assert kit_tasks.filter(status="READY").count() == 12

    workers = [start_worker("--batch", "--no-startup-delay") for _ in range(2)]
    outputs = [worker.communicate(timeout=240)[0] for worker in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs

    results = kit_tasks.all()
    assert results.filter(status="SUCCESSFUL").count() == 12, outputs
    builds_made = [r for r in results if r.return_value is True]
    assert len(builds_made) == 6  # one build per kit; the other task found nothing left to do
    for article in articles:
        build = KitBuild.objects.get(article=article)
        assert (build.wanted, build.built) == (2, 2)
        assert build.building_until is None
        assert default_storage.exists(build.zip_name)
    zips = default_storage.listdir("kits")[1]
    for article in articles:  # one ZIP per kit: nobody built it a second time
        assert len([z for z in zips if z.startswith(f"release-{article.pk}-")]) == 1, zips
