"""Every workflow move and every refusal, on the model and through the service."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from audit.models import Action, AuditEvent
from core.models import Status, Transition
from core.services import publishable_transition
from tests.factories import make_article, make_event

pytestmark = [pytest.mark.django_db, pytest.mark.production_paths]

ALLOWED = [
    (Status.DRAFT, Transition.SUBMIT, Status.REVIEW),
    (Status.REVIEW, Transition.APPROVE, Status.APPROVED),
    (Status.REVIEW, Transition.RETURN, Status.DRAFT),
    (Status.REVIEW, Transition.RECALL, Status.DRAFT),
    (Status.APPROVED, Transition.RETURN, Status.DRAFT),
    (Status.APPROVED, Transition.PUBLISH, Status.PUBLISHED),
    (Status.PUBLISHED, Transition.UNPUBLISH, Status.WITHDRAWN),
    (Status.WITHDRAWN, Transition.REDRAFT, Status.DRAFT),
]


@pytest.mark.parametrize(("start", "move", "end"), ALLOWED)
def test_allowed_moves(editor, start, move, end):
    article = make_article(status=start, contacts=1)  # 담당자: the pre-publish checklist's minimum
    # Sending back needs a reason the writer will read.
    note = "담당자 연락처를 넣어 주세요." if move == Transition.RETURN else ""
    moved = publishable_transition(obj=article, move=move, by=editor, note=note)
    assert moved.status == end
    assert moved.updated_by == editor
    event = AuditEvent.objects.get(object_id=str(article.pk))
    assert event.action == Action(move).value and event.actor == editor
    assert Version.objects.get_for_object(moved).first().revision.user == editor


REFUSED = [
    (start, move)
    for start in Status
    for move in Transition
    if (start, move) not in {(s, m) for s, m, _ in ALLOWED}
]


@pytest.mark.parametrize(("start", "move"), REFUSED)
def test_invalid_moves_are_refused_in_korean(editor, start, move):
    article = make_article(status=start)
    with pytest.raises(ValidationError) as refusal:
        publishable_transition(obj=article, move=move, by=editor)
    assert "상태에서는" in refusal.value.messages[0]
    article.refresh_from_db()
    assert article.status == start
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("move", [Transition.APPROVE, Transition.RETURN, Transition.PUBLISH])
def test_writer_cannot_review_or_publish(writer, move):
    start = Status.APPROVED if move == Transition.PUBLISH else Status.REVIEW
    article = make_article(status=start, created_by=writer)
    with pytest.raises(PermissionDenied, match="권한이 없습니다"):
        publishable_transition(obj=article, move=move, by=writer)
    article.refresh_from_db()
    assert article.status == start


def test_writer_submits_only_own_draft(writer, editor):
    own = make_article(status=Status.DRAFT, created_by=writer)
    assert (
        publishable_transition(obj=own, move=Transition.SUBMIT, by=writer).status == Status.REVIEW
    )
    others = make_article(status=Status.DRAFT, created_by=editor)
    with pytest.raises(PermissionDenied):
        publishable_transition(obj=others, move=Transition.SUBMIT, by=writer)


def test_publish_with_future_embargo_is_scheduled(editor):
    article = make_article(
        status=Status.APPROVED,
        embargo_kind="morning",
        embargo_date=date.today() + timedelta(days=2),
        contacts=1,
    )
    published = publishable_transition(obj=article, move=Transition.PUBLISH, by=editor)
    assert published.status == Status.PUBLISHED
    assert published.is_scheduled and not published.is_public
    assert published.state_label == "예약됨 (보도시점 대기)"
    assert timezone.localtime(published.release_at).hour == 6


def test_immediate_publish_is_public_now(editor):
    article = make_article(status=Status.APPROVED, contacts=1)
    published = publishable_transition(obj=article, move=Transition.PUBLISH, by=editor)
    assert published.is_public
    assert published in Article.objects.published()


def test_empty_release_cannot_be_published(editor):
    article = make_article(status=Status.APPROVED, body="<p> </p>", lead="")
    with pytest.raises(ValidationError, match="본문이 비어"):
        publishable_transition(obj=article, move=Transition.PUBLISH, by=editor)


def test_events_follow_the_same_workflow(editor):
    event = make_event(status=Status.REVIEW)
    event = publishable_transition(obj=event, move=Transition.APPROVE, by=editor)
    event = publishable_transition(obj=event, move=Transition.PUBLISH, by=editor)
    assert event.is_public
