"""Search quality on judged Korean queries: recall@10 must reach 0.90; nDCG@10 and MRR are reported.

The corpus and queries were written with the project (tests/search_eval/test_real_text.py measures on
real text): this set guards the cases it names, not quality on text the project has never seen.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from articles.models import Article
from core.models import Status
from search.engine import search
from search.services import search_rebuild
from tests.search_eval.corpus import RELEASES
from tests.search_eval.metrics import Report
from tests.search_eval.queries import QUERIES

pytestmark = pytest.mark.django_db
RECALL_BAR = 0.90


def _load():
    call_command("load_demo", "--force")
    for slug, headline, lead, body, day in RELEASES:
        Article.objects.create(
            slug=slug,
            headline=headline,
            lead=lead,
            body=f"<p>{body}</p>",
            status=Status.PUBLISHED,
            release_at=datetime.fromisoformat(day).replace(hour=9, tzinfo=ZoneInfo("Asia/Seoul")),
        )
    search_rebuild()


def _ranked(query):
    _q, entries = search(query, kind="release")
    return [url.strip("/").split("/")[-1] for url in entries.values_list("url", flat=True)[:10]]


def test_recall_and_ndcg_at_10():
    assert len(QUERIES) >= 60 and len(RELEASES) >= 40
    _load()
    report = Report("written set")
    for query, relevant in QUERIES:
        report.add(query, "", relevant, _ranked(query))
    print("\n" + report.summary())
    print("\n".join(report.misses()))
    assert report.mean("recall") >= RECALL_BAR, "\n".join(report.misses())
