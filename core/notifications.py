"""Workflow e-mails: who hears of a move, and the Korean message each of them reads.

Only 검토 요청 (to whoever may approve the item), 돌려보내기, 승인 and 게시 (to the item's writer) are
told, and never to the person who made the move. `core.tasks` queues and sends; this module decides
and builds. It knows releases and events only as publishable models: the item's own model answers
(`permission()`, `_meta`), so core imports no content app.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.models import TRANSITIONS, Transition
from core.templatetags.korean import korean_date, korean_time

# Moves that send mail, and to whom: those who may approve, or the item's writer.
TO_REVIEWERS = frozenset({Transition.SUBMIT})
TO_WRITER = frozenset({Transition.RETURN, Transition.APPROVE, Transition.PUBLISH})
NOTIFIED_MOVES = TO_REVIEWERS | TO_WRITER

# The backend that holds group and user permissions (django-axes, the other one, holds none).
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def review_permission(obj) -> str:
    """The permission the workflow asks of whoever approves `obj` (`TRANSITIONS`), e.g.
    `articles.review_article`: the 편집자 group holds it, and superusers pass every check."""
    return obj.permission(TRANSITIONS[Transition.APPROVE][2])


def workflow_mail_recipients(obj, move, by):
    """Active users with an e-mail address who hear of `move` on `obj`; never `by`, who made it."""
    users = get_user_model()._default_manager
    if move in TO_REVIEWERS:
        chosen = users.with_perm(
            review_permission(obj), is_active=True, include_superusers=True,
            backend=PERMISSION_BACKEND,
        )  # fmt: skip
    elif move in TO_WRITER and obj.created_by_id is not None:
        chosen = users.filter(pk=obj.created_by_id, is_active=True)
    else:
        return users.none()
    return chosen.exclude(pk=by.pk).exclude(email="").order_by("pk")


def still_applies(obj, move, recipient) -> bool:
    """Whether the message about `move` is still true for `obj` and still meant for `recipient`:
    the item stands where the move left it, and the recipient is still a reviewer (검토 요청) or
    the writer (the other moves)."""
    if obj.status != TRANSITIONS[Transition(move)][1]:
        return False
    if move in TO_REVIEWERS:
        return recipient.has_perm(review_permission(obj))
    return recipient.pk == obj.created_by_id


def korean_moment(value) -> str:
    """A date-time in Korea time as the press office writes it: 2026년 12월 1일 06:00."""
    return f"{korean_date(value)} {korean_time(value)}"


def admin_url(obj) -> str:
    """The absolute address of the item's change page in the admin."""
    opts = obj._meta
    path = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return settings.SITE_URL + path


def _summary(obj, move, actor) -> str:
    if move == Transition.SUBMIT:
        return _(
            "%(actor)s님이 검토를 요청했습니다. 내용을 확인한 뒤 승인하거나, "
            "고칠 점을 적어 돌려보내 주세요."
        ) % {"actor": actor}
    if move == Transition.RETURN:
        return _(
            "%(actor)s님이 돌려보냈습니다. 아래 편집자 의견에 따라 고친 뒤 다시 검토를 요청해 주세요."
        ) % {"actor": actor}
    if move == Transition.APPROVE:
        return _("%(actor)s님이 승인했습니다. 이제 게시만 남았습니다.") % {"actor": actor}
    text = _("%(actor)s님이 게시했습니다.") % {"actor": actor}
    if obj.release_at is not None and obj.release_at > timezone.now():
        return (
            text
            + " "
            + _("%(time)s부터 공개 사이트에 나타납니다.") % {"time": korean_moment(obj.release_at)}
        )
    return text + " " + _("지금 공개 사이트에서 볼 수 있습니다.")


def workflow_mail(*, obj, move, recipient, actor, moved_at, note="") -> EmailMultiAlternatives:
    """The Korean message about `move` on `obj` for `recipient`: plain text with an HTML alternative.

    `actor` is the name of whoever made the move, `moved_at` when, `note` the reason of a 돌려보내기.
    """
    move = Transition(move)
    with translation.override(settings.LANGUAGE_CODE):
        title = str(obj)
        kind = str(obj._meta.verbose_name)
        rows = [
            (_("제목"), title),
            (_("종류"), kind),
            (_("작업"), str(move.label)),
            (_("처리한 사람"), actor),
            (_("처리 일시"), korean_moment(moved_at)),
        ]
        if move == Transition.PUBLISH and obj.release_at is not None:
            rows.append((_("공개 일시"), korean_moment(obj.release_at)))
        subject = _("[경북테크노파크 %(kind)s] %(move)s: %(title)s") % {
            "kind": kind,
            "move": move.label,
            "title": title,
        }
        context = {
            "subject": " ".join(subject.split()),
            "recipient_name": recipient.get_full_name() or recipient.get_username(),
            "summary": _summary(obj, move, actor),
            "rows": rows,
            "note": note if move == Transition.RETURN else "",
            "url": admin_url(obj),
            "footer": _("%(newsroom)s에서 자동으로 보낸 작업 알림입니다.")
            % {"newsroom": settings.NEWSROOM_NAME},
        }
        text = render_to_string("core/email/workflow_move.txt", context)
        html = render_to_string("core/email/workflow_move.html", context)
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
    )
    message.attach_alternative(html, "text/html")
    return message
