"""Search quality on judged Korean queries: recall@10 must reach 0.90; nDCG@10 is reported."""

import math
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from articles.models import Article
from core.models import Status
from search.engine import search
from search.services import search_rebuild
from tests.search_eval.corpus import RELEASES
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


def _scores(relevant, ranked):
    if not relevant:
        return (1.0 if not ranked else 0.0), (1.0 if not ranked else 0.0)
    hits = [slug in relevant for slug in ranked]
    recall = sum(hits) / len(relevant)
    dcg = sum(1 / math.log2(i + 2) for i, hit in enumerate(hits) if hit)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
    return recall, dcg / ideal


def test_recall_and_ndcg_at_10():
    assert len(QUERIES) >= 60 and len(RELEASES) >= 40
    _load()
    recalls, ndcgs, misses = [], [], []
    for query, relevant in QUERIES:
        ranked = _ranked(query)
        recall, ndcg = _scores(set(relevant), ranked)
        recalls.append(recall)
        ndcgs.append(ndcg)
        if recall < 1:
            misses.append(f"{query}: recall {recall:.2f}, got {ranked[:5]}, wanted {relevant}")
    recall_at_10 = sum(recalls) / len(recalls)
    ndcg_at_10 = sum(ndcgs) / len(ndcgs)
    print(
        f"\nsearch quality over {len(QUERIES)} queries: recall@10 {recall_at_10:.3f}, nDCG@10 {ndcg_at_10:.3f}"
    )
    for line in misses:
        print("  " + line)
    assert recall_at_10 >= RECALL_BAR, "\n".join(misses)
