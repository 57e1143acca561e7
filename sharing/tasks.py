"""The e-mail that hands a new share link to its recipient, as a task of Django's task framework.

The token is the secret: the database keeps only its SHA-256, so the worker cannot rebuild the
address from the link row. `sharelink_create` therefore queues `send_share_mail` with the full
address as an argument, inside the link's own transaction. That puts the address in the task row
(`django_tasks_db`'s `DBTaskResult.args_kwargs`) for as long as the row exists, so the row is kept
no longer than the work needs it: when a run of this task ends, successful or failed, its row is
deleted at once (`task_finished`, below). A retry after a failure is a new row that carries the
address until its own run ends; after the last attempt nothing of it is left in the task table.
The address therefore rests in the database only while an e-mail is waiting to go out, never
longer than the link's retry window. The outcome (sent, or given up) is an audit line without
the address.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.tasks.signals import task_finished
from django.utils import timezone

from audit.models import Action
from audit.services import audit_record
from core.mail import templated_mail
from sharing.models import ShareLink

logger = logging.getLogger(__name__)

RETRY_DELAYS = (60, 300, 1800)  # seconds before each new attempt after a failed send


@task(queue_name="default")
def send_share_mail(link_id: int, url: str, attempt: int = 1) -> bool:
    """Send the share link's address to its recipient. Returns False when nothing was sent.

    A link revoked or expired before the worker reaches it is not sent. A failure is logged and
    tried again later with a growing delay; the worker goes on to the next task meanwhile.
    """
    link = ShareLink.objects.valid().filter(pk=link_id).exclude(recipient_email="").first()
    if link is None or link.target is None:
        return False
    try:
        sharelink_mail(link, url).send()
    except Exception as error:
        logger.exception(
            "Share link %s: e-mail to the recipient failed (attempt %s)", link_id, attempt
        )
        if attempt <= len(RETRY_DELAYS):
            send_share_mail.using(
                run_after=timezone.now() + timedelta(seconds=RETRY_DELAYS[attempt - 1])
            ).enqueue(link_id, url, attempt + 1)
        else:
            audit_record(
                action=Action.SHARE_MAIL_FAILED, obj=link.target, actor_label=str(link),
                link=link.pk, to=link.recipient_email, attempts=attempt,
                error=f"{type(error).__name__}: {error}"[:500],
            )  # fmt: skip
        raise
    audit_record(
        action=Action.SHARE_MAIL, obj=link.target, actor_label=str(link),
        link=link.pk, to=link.recipient_email, attempts=attempt,
    )  # fmt: skip
    return True


def sharelink_mail(link: ShareLink, url: str):
    """The Korean message for `link`: plain text with an HTML alternative."""
    target = link.target
    release_at = getattr(target, "release_at", None)
    office = settings.PRESS_OFFICE
    context = {
        "link": link,
        "url": url,
        "title": getattr(target, "headline", None) or str(target),
        "release_at": release_at,
        # The notice speaks of a 보도시점 still ahead, or of one not set yet (a draft).
        "embargoed": release_at is None or release_at > timezone.now(),
        "office": office,
    }
    return templated_mail("sharing/email/share_link", context, link.recipient_email)


def _forget_finished_run(sender, task_result, **kwargs):
    """Delete the row of a finished `send_share_mail` run: its arguments carry the address."""
    if task_result.task.module_path != send_share_mail.module_path:
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=task_result.id).delete()


task_finished.connect(_forget_finished_run, dispatch_uid="sharing.forget_finished_share_mail")
