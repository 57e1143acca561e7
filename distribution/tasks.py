"""The send of a mailing, as a task of Django's task framework (run by `manage.py db_worker`).

Queued for the mailing's moment (`run_after`), so a worker stopped and started again before then
still sends it on time, and never before. The run re-checks the release and each recipient at send
time (distribution/services.py).
"""

import logging

from django.tasks import task

from distribution.services import (
    mailing_run,
    subscriber_notices_run,
    subscription_confirmation_send,
)

logger = logging.getLogger(__name__)


@task(queue_name="default")
def send_mailing(mailing_id: int) -> str:
    outcome = mailing_run(mailing_id)
    logger.info("Mailing %s: %s", mailing_id, outcome)
    return outcome


@task(queue_name="default")
def send_subscription_confirmation(subscriber_id: int) -> bool:
    """The double opt-in mail of a new subscription."""
    return subscription_confirmation_send(subscriber_id)


@task(queue_name="default")
def notify_subscribers(article_id: int) -> int:
    """At a release's 보도시점: tell its category's subscribers, each once."""
    return subscriber_notices_run(article_id)
