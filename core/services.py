"""Saving publishable content: workflow moves, lost-update checks, history and the audit trail.

Views, admin actions and commands call these; none of this happens inside `save()`.
"""

from dataclasses import dataclass

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from reversion.models import Version

from audit.models import Action, AuditEvent
from audit.services import audit_record
from core.models import MOVES_WITH_REASON, Status, Transition
from core.signals import content_changed
from core.tasks import workflow_mails_request
from core.templatetags.korean import release_date

TRANSITION_AUDIT = {
    Transition.SUBMIT: Action.SUBMIT,
    Transition.APPROVE: Action.APPROVE,
    Transition.RETURN: Action.RETURN,
    Transition.PUBLISH: Action.PUBLISH,
    Transition.UNPUBLISH: Action.UNPUBLISH,
    Transition.REDRAFT: Action.REDRAFT,
    Transition.RECALL: Action.RECALL,
}
# Fields the workflow owns: restoring an old revision never moves these (nor a model's
# `schedule_fields`, the 보도시점 that decides `release_at`).
WORKFLOW_FIELDS = ("status", "release_at", "version", "created_at", "created_by_id")


def kept_on_restore(model) -> tuple[str, ...]:
    """Fields a restore leaves as they are: the workflow, the schedule and the public address."""
    return (
        *WORKFLOW_FIELDS,
        *getattr(model, "schedule_fields", ()),
        *getattr(model, "address_fields", ()),
    )


class ConflictError(ValidationError):
    """Someone else saved the item after this editor opened it."""

    def __init__(self, message, current_version):
        super().__init__(message, code="conflict")
        self.current_version = current_version


@dataclass
class FieldChange:
    label: str
    before: object
    after: object


def lock_current(obj):
    """Lock the row for the rest of the transaction and return its current state."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def version_at(obj, number):
    """The stored revision of `obj` whose version number was `number`, if history has it."""
    for version in Version.objects.get_for_object(obj).select_related("revision"):
        if version.field_dict.get("version") == number:
            return version
    return None


def changes_between(model, before: dict, after: dict) -> list[FieldChange]:
    changes = []
    for field in model._meta.concrete_fields:
        if field.attname in WORKFLOW_FIELDS or field.attname in ("updated_at", "updated_by_id"):
            continue
        if field.attname in before and before[field.attname] != after.get(field.attname):
            changes.append(
                FieldChange(
                    str(field.verbose_name), before[field.attname], after.get(field.attname)
                )
            )
    return changes


def check_version(obj, expected_version):
    """Refuse to overwrite a newer save; explain who changed what, in Korean.

    Call inside a transaction: the row stays locked until it commits, so nobody slips in between
    the check and the save.
    """
    if obj.pk is None or expected_version is None:
        return
    current = lock_current(obj)
    if current.version == int(expected_version):
        return
    who = current.updated_by.get_username() if current.updated_by else _("다른 사용자")
    message = _("%(who)s님이 %(when)s에 먼저 저장했습니다.") % {
        "who": who,
        "when": release_date(current.updated_at),
    }
    start = version_at(current, int(expected_version))
    if start is not None:
        now = {f.attname: getattr(current, f.attname) for f in current._meta.concrete_fields}
        labels = [change.label for change in changes_between(type(current), start.field_dict, now)]
        if labels:
            message += " " + _("바뀐 항목: %(fields)s.") % {"fields": ", ".join(labels)}
    message += " " + _(
        "입력하신 내용은 지워지지 않았습니다. 바뀐 내용을 확인한 뒤 다시 저장하면 그 내용으로 덮어씁니다."
    )
    raise ConflictError(message, current.version)


def publishable_transition(*, obj, move, by, request=None, expected_version=None, note=""):
    """Make one workflow move, with the row locked, a revision kept and the move audited.

    A move in `MOVES_WITH_REASON` (돌려보내기) is refused without a `note`: the writer reads it on
    the returned item (`return_note`) and the audit line keeps it.
    """
    note = (note or "").strip()
    with transaction.atomic(), reversion.create_revision():
        check_version(obj, expected_version)
        current = lock_current(obj)
        before_release = current.release_at
        current.apply_transition(move, by=by)
        if move in MOVES_WITH_REASON and not note:
            raise ValidationError(
                _("'%(move)s'에는 작성자에게 전할 이유를 적어야 합니다.")
                % {"move": Transition(move).label},
                code="reason_required",
            )
        current.save()
        reversion.set_user(by)
        reversion.set_comment(Transition(move).label + (f": {note}" if note else ""))
        event = audit_record(
            action=TRANSITION_AUDIT[move],
            actor=by,
            request=request,
            obj=current,
            note=note,
            release_at=current.release_at.isoformat() if current.release_at else None,
            previous_release_at=before_release.isoformat() if before_release else None,
        )
        content_changed.send(sender=type(current), instance=current)
        # Queued with the move (same database): the e-mails exist exactly when the move commits.
        workflow_mails_request(obj=current, move=move, by=by, audit_event=event, note=note)
    return current


@dataclass
class ReturnNote:
    """Why an editor sent an item back, as the writer reads it on the form."""

    text: str
    by: str
    at: object


def return_note(obj) -> ReturnNote | None:
    """The editor's reason for the last 돌려보내기, while the item is a draft not yet resubmitted.

    Read from the audit trail, which keeps every move with its note; a later 검토 요청 ends it.
    """
    if obj.pk is None or obj.status != Status.DRAFT:
        return None
    last = (
        AuditEvent.objects.filter(
            object_type=obj._meta.label,
            object_id=str(obj.pk),
            action__in=[Action.SUBMIT, Action.RETURN],
        )
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    if last is None or last.action != Action.RETURN or not last.details.get("note"):
        return None
    name = (last.actor.get_full_name() or last.actor.get_username()) if last.actor else ""
    return ReturnNote(text=last.details["note"], by=name or last.actor_label, at=last.at)


def revision_restore(*, obj, version, by, request=None, expected_version=None):
    """Bring back the content of an earlier revision; the workflow state stays as it is now."""
    with transaction.atomic(), reversion.create_revision():
        check_version(obj, expected_version)
        current = lock_current(obj)
        keep = {name: getattr(current, name) for name in kept_on_restore(type(current))}
        version.revision.revert(delete=True)
        restored = type(obj)._default_manager.get(pk=obj.pk)
        for name, value in keep.items():
            setattr(restored, name, value)
        restored.updated_by = by
        restored.save()
        if getattr(restored, "release_at", None) != getattr(current, "release_at", None):
            # Cannot happen while the schedule is kept; refuse rather than publish by accident.
            raise ValidationError(_("복원하면 공개 일시가 바뀌게 되어 복원하지 않았습니다."))
        reversion.set_user(by)
        reversion.set_comment(
            _("%(date)s 버전을 복원함") % {"date": release_date(version.revision.date_created)}
        )
        audit_record(
            action=Action.RESTORE,
            actor=by,
            request=request,
            obj=restored,
            revision=version.revision_id,
        )
        content_changed.send(sender=type(restored), instance=restored)
    return restored
