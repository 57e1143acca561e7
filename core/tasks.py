"""Workflow e-mails as tasks of Django's task framework (run by `manage.py db_worker`).

When `WORKFLOW_EMAILS` is on, `core.services.publishable_transition` calls
`workflow_mails_request` inside the move's transaction: one `notify_workflow_move` task per
recipient, so the tasks exist exactly when the move commits, and a retry after a failed send goes
to that recipient alone — nobody gets a message twice. A task carries ids, the move and, for
돌려보내기, the editor's reason. It reads the item, the recipient and the move's audit line again
when it runs and sends nothing once the message would be wrong: the item or the recipient gone,
or the item moved on (a 검토 요청 already approved, returned or taken back).
"""

import logging
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.tasks import task
from django.utils import timezone

from audit.models import AuditEvent
from core.models import PublishableModel, Transition
from core.notifications import (
    NOTIFIED_MOVES,
    still_applies,
    workflow_mail,
    workflow_mail_recipients,
)

logger = logging.getLogger(__name__)

RETRY_DELAYS = (60, 300, 1800)  # seconds before each new attempt after a failed send


def workflow_mails_request(*, obj, move, by, audit_event, note="") -> int:
    """Queue one e-mail task per recipient of `move` on `obj`; call inside the move's transaction.

    `audit_event` is the move's audit line. Returns how many were queued: none while
    `WORKFLOW_EMAILS` is off or for a move nobody is told of.
    """
    if not settings.WORKFLOW_EMAILS or move not in NOTIFIED_MOVES:
        return 0
    move = Transition(move)
    note = note if move == Transition.RETURN else ""
    recipients = list(workflow_mail_recipients(obj, move, by).values_list("pk", flat=True))
    for recipient_id in recipients:
        notify_workflow_move.enqueue(
            obj._meta.label, obj.pk, move.value, recipient_id, audit_event.pk, note
        )
    return len(recipients)


def _is_latest_move(obj, line) -> bool:
    """Whether `line` is still the last workflow move recorded for `obj`."""
    from core.services import TRANSITION_AUDIT  # core.services imports this module

    latest = (
        AuditEvent.objects.filter(
            object_type=obj._meta.label,
            object_id=str(obj.pk),
            action__in=list(TRANSITION_AUDIT.values()),
        )
        .order_by("-at", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    return latest == line.pk


@task(queue_name="default")
def notify_workflow_move(
    model_label: str,
    object_id: int,
    move: str,
    recipient_id: int,
    audit_id: int,
    note: str = "",
    attempt: int = 1,
) -> bool:
    """Tell one person of one workflow move. Returns False when nothing was sent.

    A failure is logged and tried again later with a growing delay (`RETRY_DELAYS`); the worker
    goes on to the next task meanwhile. After the last attempt it gives up with a log line.
    """
    move = Transition(move)
    if not settings.WORKFLOW_EMAILS:
        return False  # switched off since the move was made
    try:
        model = apps.get_model(model_label)
    except LookupError:
        return False
    if not issubclass(model, PublishableModel):
        return False
    obj = model._default_manager.filter(pk=object_id).first()
    recipient = (
        get_user_model()
        ._default_manager.filter(pk=recipient_id, is_active=True)
        .exclude(email="")
        .first()
    )
    line = AuditEvent.objects.select_related("actor").filter(pk=audit_id).first()
    if obj is None or recipient is None or line is None or line.actor_id == recipient.pk:
        return False
    if not _is_latest_move(obj, line) or not still_applies(obj, move, recipient):
        logger.info(
            "Workflow e-mail for %s %s (%s) not sent: the item has moved on", model_label,
            object_id, move.value,
        )  # fmt: skip
        return False
    actor = (line.actor.get_full_name() or line.actor.get_username()) if line.actor else ""
    message = workflow_mail(
        obj=obj,
        move=move,
        recipient=recipient,
        actor=actor or line.actor_label,
        moved_at=line.at,
        note=note,
    )
    try:
        message.send()
    except Exception:
        logger.exception(
            "Workflow e-mail for %s %s (%s) to user %s failed (attempt %s)", model_label,
            object_id, move.value, recipient_id, attempt,
        )  # fmt: skip
        if attempt <= len(RETRY_DELAYS):
            notify_workflow_move.using(
                run_after=timezone.now() + timedelta(seconds=RETRY_DELAYS[attempt - 1])
            ).enqueue(model_label, object_id, move.value, recipient_id, audit_id, note, attempt + 1)
        else:
            logger.error(
                "Workflow e-mail for %s %s (%s) to user %s: giving up after %s attempts",
                model_label, object_id, move.value, recipient_id, attempt,
            )  # fmt: skip
        raise
    return True
