"""The desk: what each staff member has on their plate, in a fixed number of queries.

Each section runs one query per content model (releases, events) whatever the amount of content: the
entries shown are cut at `LIMIT` and the total comes from a window count in the same query. The
workflow's trail (who submitted when, why an item was sent back) is read from `audit.AuditEvent` by
subqueries.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import CharField, Count, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import Action, AuditEvent
from core.models import Status
from desk.items import CONTENT_MODELS, Entry, entry_for, may_view

LIMIT = 10
WORKFLOW_ACTIONS = (
    Action.SUBMIT,
    Action.APPROVE,
    Action.RETURN,
    Action.PUBLISH,
    Action.UNPUBLISH,
    Action.REDRAFT,
)


@dataclass
class Section:
    key: str
    title: str
    empty: str
    entries: list[Entry] = field(default_factory=list)
    total: int = 0
    when_label: str = ""  # what the entry's moment is: 제출, 보도시점, 수정...
    show_author: bool = False


def _trail(model, actions):
    """The object's audit lines of `actions`, newest first, for use as a subquery."""
    return AuditEvent.objects.filter(
        object_type=model._meta.label,
        object_id=Cast(OuterRef("pk"), CharField()),
        action__in=actions,
    ).order_by("-at", "-id")


def _with_last_move(queryset):
    """Annotate the item's latest workflow move, its note and its time."""
    moves = _trail(queryset.model, WORKFLOW_ACTIONS)
    return queryset.annotate(
        last_move=Subquery(moves.values("action")[:1]),
        last_move_note=Subquery(moves.values("details__note")[:1]),
        last_move_at=Subquery(moves.values("at")[:1]),
    )


def _fill(section, queries, when, *, reverse=False, extra=None):
    """Run one query per model, merge the entries in order of `when` and keep the first LIMIT."""
    entries = []
    for queryset in queries:
        rows = list(queryset.annotate(section_total=Window(Count("pk")))[:LIMIT])
        if rows:
            section.total += rows[0].section_total
        for obj in rows:
            entries.append(entry_for(obj, when=when(obj), **(extra(obj) if extra else {})))
    entries.sort(key=lambda entry: (entry.when is None, entry.when), reverse=reverse)
    section.entries = entries[:LIMIT]
    return section


def _author(obj):
    user = obj.created_by
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _writer_sections(user, models):
    mine = [model.objects.filter(created_by=user) for model in models]
    returned = _fill(
        Section(
            "returned",
            _("돌려받은 항목"),
            _("돌려받은 항목이 없습니다."),
            when_label=_("돌려받음"),
        ),
        [
            _with_last_move(qs.filter(status=Status.DRAFT)).filter(last_move=Action.RETURN)
            for qs in mine
        ],
        lambda obj: obj.last_move_at,
        reverse=True,
        extra=lambda obj: {"note": obj.last_move_note or "", "noted_at": obj.last_move_at},
    )
    drafts = _fill(
        Section(
            "drafts", _("작성 중인 내 항목"), _("작성 중인 항목이 없습니다."), when_label=_("수정")
        ),
        [
            _with_last_move(qs.filter(status=Status.DRAFT)).filter(
                Q(last_move__isnull=True) | ~Q(last_move=Action.RETURN)
            )
            for qs in mine
        ],
        lambda obj: obj.updated_at,
        reverse=True,
    )
    in_review = _fill(
        Section(
            "in_review",
            _("검토를 기다리는 내 항목"),
            _("검토를 기다리는 항목이 없습니다."),
            when_label=_("제출"),
        ),
        [qs.filter(status=Status.REVIEW) for qs in mine],
        lambda obj: obj.updated_at,
        reverse=True,
    )
    return [returned, drafts, in_review]


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _editor_sections(user, now):
    reviewers = [m for m in CONTENT_MODELS if user.has_perm(m.permission("review"))]
    publishers = [m for m in CONTENT_MODELS if user.has_perm(m.permission("publish"))]
    sections = []
    if reviewers:
        queue = []
        for model in reviewers:
            submitted = Subquery(_trail(model, [Action.SUBMIT]).values("at")[:1])
            queue.append(
                model.objects.filter(status=Status.REVIEW)
                .select_related("created_by")
                .annotate(submitted_at=Coalesce(submitted, F("updated_at")))
                .order_by("submitted_at", "pk")
            )
        sections.append(
            _fill(
                Section(
                    "review_queue",
                    _("검토 대기"),
                    _("검토를 기다리는 항목이 없습니다."),
                    when_label=_("제출"),
                    show_author=True,
                ),
                queue,
                lambda obj: obj.submitted_at,
                extra=lambda obj: {"author": _author(obj)},
            )
        )
    if publishers:
        today = timezone.localdate(now)
        for key, title, empty, day in (
            ("today", _("오늘 보도"), _("오늘 보도시점인 항목이 없습니다."), today),
            (
                "tomorrow",
                _("내일 보도"),
                _("내일 보도시점인 항목이 없습니다."),
                today + timedelta(1),
            ),
        ):
            start, end = _day_start(day), _day_start(day + timedelta(1))
            sections.append(
                _fill(
                    Section(key, title, empty, when_label=_("보도시점")),
                    [
                        m.objects.filter(
                            status__in=(Status.APPROVED, Status.PUBLISHED),
                            release_at__gte=start,
                            release_at__lt=end,
                        ).order_by("release_at", "pk")
                        for m in publishers
                    ],
                    lambda obj: obj.release_at,
                )
            )
        sections.append(
            _fill(
                Section(
                    "approved",
                    _("승인됨 (게시 대기)"),
                    _("게시를 기다리는 승인 항목이 없습니다."),
                    when_label=_("승인"),
                ),
                [
                    m.objects.filter(status=Status.APPROVED).order_by("updated_at", "pk")
                    for m in publishers
                ],
                lambda obj: obj.updated_at,
            )
        )
        sections.append(
            _fill(
                Section(
                    "recent",
                    _("최근 7일 게시"),
                    _("최근 7일 동안 게시된 항목이 없습니다."),
                    when_label=_("보도시점"),
                ),
                [
                    m.objects.published(at=now)
                    .filter(release_at__gte=now - timedelta(days=7))
                    .order_by("-release_at", "-pk")
                    for m in publishers
                ],
                lambda obj: obj.release_at,
                reverse=True,
            )
        )
        sections.append(
            _fill(
                Section(
                    "withdrawn",
                    _("게시 중단"),
                    _("게시 중단된 항목이 없습니다."),
                    when_label=_("중단"),
                ),
                [
                    m.objects.filter(status=Status.WITHDRAWN).order_by("-updated_at", "-pk")
                    for m in publishers
                ],
                lambda obj: obj.updated_at,
                reverse=True,
            )
        )
    return sections


def desk_for(user, now=None):
    """The desk of `user`: their own work, then, for editors, the office's."""
    now = now or timezone.now()
    writable = [m for m in CONTENT_MODELS if user.has_perm(m.permission("add"))]
    mine = _writer_sections(user, writable) if writable else []
    office = _editor_sections(user, now)
    return {
        "mine": mine,
        "office": office,
        "can_see_calendar": any(may_view(user, m) for m in CONTENT_MODELS),
    }
