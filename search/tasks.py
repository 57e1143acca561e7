"""Search indexing as a task of Django's task framework (run by `manage.py db_worker`)."""

import logging

from django.db import DatabaseError, connections
from django.tasks import task
from django.utils import timezone

from search.services import search_index_run, search_retry_delay

logger = logging.getLogger(__name__)


def _drop_dead_connections():
    """Close a connection that failed (a PostgreSQL restart), so the next query opens a new one.

    Never inside a transaction: the tests run the worker inside one.
    """
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close_if_unusable_or_obsolete()


@task(queue_name="search")
def index_item(model_label: str, pk: int, attempt: int = 0) -> str:
    """Bring the search entry of one item (`"articles.Article"`, 12) up to date with the item.

    One task per item and change, so an item that cannot be indexed never holds up the others: it
    is logged and tried again after 10 s, 1 min, 5 min and 30 min. Safe to run twice or on two
    workers at once (see search/services.py).
    """
    try:
        return search_index_run(model_label, pk)
    except Exception as error:
        logger.exception("search: could not index %s #%s", model_label, pk)
        if isinstance(error, DatabaseError):
            _drop_dead_connections()
        delay = search_retry_delay(attempt)
        if delay is not None:
            index_item.using(run_after=timezone.now() + delay).enqueue(
                model_label, pk, attempt=attempt + 1
            )
        raise
