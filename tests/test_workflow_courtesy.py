"""Workflow courtesy: the writer takes back a submission, 돌려보내기 says why, a read-only body reads as text."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from articles.models import Article
from audit.models import Action, AuditEvent
from core.models import Status, Transition
from core.services import publishable_transition, return_note
from core.templatetags.korean import release_date
from tests.factories import make_article
from tests.forms import change_form, reverse_change

pytestmark = [pytest.mark.django_db, pytest.mark.production_paths]

CHANGELIST = "/admin/articles/article/"
NOTE = "_transition_note"


# 검토 요청 취소 (the writer takes back a submission)


def test_author_recalls_own_submission(writer):
    article = make_article(status=Status.REVIEW, created_by=writer)
    assert Transition.RECALL in article.allowed_transitions(writer)
    moved = publishable_transition(obj=article, move=Transition.RECALL, by=writer)
    assert moved.status == Status.DRAFT
    event = AuditEvent.objects.get(object_id=str(article.pk))
    assert event.action == Action.RECALL and event.actor == writer


def test_reviewer_may_recall_too(editor, writer):
    article = make_article(status=Status.REVIEW, created_by=writer)
    moved = publishable_transition(obj=article, move=Transition.RECALL, by=editor)
    assert moved.status == Status.DRAFT


def test_writer_cannot_recall_someone_elses_submission(writer, editor):
    article = make_article(status=Status.REVIEW, created_by=editor)
    assert Transition.RECALL not in article.allowed_transitions(writer)
    with pytest.raises(PermissionDenied, match="권한이 없습니다"):
        publishable_transition(obj=article, move=Transition.RECALL, by=writer)
    article.refresh_from_db()
    assert article.status == Status.REVIEW


@pytest.mark.parametrize("start", [Status.DRAFT, Status.APPROVED, Status.PUBLISHED])
def test_recall_only_from_review(writer, start):
    article = make_article(status=start, created_by=writer)
    with pytest.raises(ValidationError, match="상태에서는"):
        publishable_transition(obj=article, move=Transition.RECALL, by=writer)


def test_author_without_change_permission_cannot_recall(writer):
    article = make_article(status=Status.REVIEW, created_by=writer)
    writer.groups.clear()
    writer = type(writer).objects.get(pk=writer.pk)  # no cached permissions
    with pytest.raises(PermissionDenied):
        publishable_transition(obj=article, move=Transition.RECALL, by=writer)


def test_writer_recalls_from_the_read_only_form(writer_client, writer):
    article = make_article(status=Status.REVIEW, created_by=writer)
    url = reverse_change(article)
    page = writer_client.get(url).text
    assert 'value="recall"' in page and "검토 요청 취소" in page
    assert 'name="headline"' not in page  # the form is read-only for the writer now
    response = writer_client.post(
        url, {"_transition": "recall", "expected_version": article.version}, follow=True
    )
    assert "검토 요청 취소" in response.text
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    # Back in draft: the writer edits it again.
    assert 'name="headline"' in writer_client.get(url).text


def test_read_only_post_saves_nothing_but_the_move(writer_client, writer):
    article = make_article(status=Status.REVIEW, created_by=writer, headline="원래 제목")
    writer_client.post(
        reverse_change(article),
        {"_transition": "recall", "expected_version": article.version, "headline": "위조 제목"},
    )
    article.refresh_from_db()
    assert article.status == Status.DRAFT and article.headline == "원래 제목"


def test_read_only_post_of_a_move_the_writer_may_not_make_is_refused(writer_client, writer):
    article = make_article(status=Status.REVIEW, created_by=writer)
    response = writer_client.post(
        reverse_change(article),
        {"_transition": "approve", "expected_version": article.version},
        follow=True,
    )
    assert "권한이 없습니다" in response.text
    article.refresh_from_db()
    assert article.status == Status.REVIEW


def test_stale_recall_is_refused(writer_client, writer, editor):
    article = make_article(status=Status.REVIEW, created_by=writer, contacts=1)
    opened_at = article.version
    publishable_transition(obj=article, move=Transition.APPROVE, by=editor)
    writer_client.post(
        reverse_change(article), {"_transition": "recall", "expected_version": opened_at}
    )
    article.refresh_from_db()
    assert article.status == Status.APPROVED


def test_writer_sees_no_recall_on_someone_elses_item(writer_client, editor):
    article = make_article(status=Status.REVIEW, created_by=editor)
    assert 'value="recall"' not in writer_client.get(reverse_change(article)).text


# 돌려보내기 needs a reason


def test_return_without_reason_is_refused_in_korean(editor):
    article = make_article(status=Status.REVIEW)
    for note in ("", "   "):
        with pytest.raises(ValidationError, match="이유를 적어야"):
            publishable_transition(obj=article, move=Transition.RETURN, by=editor, note=note)
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    assert not AuditEvent.objects.exists()


def test_return_with_reason_is_audited(editor):
    article = make_article(status=Status.REVIEW)
    publishable_transition(
        obj=article, move=Transition.RETURN, by=editor, note=" 제목을 줄여 주세요 "
    )
    event = AuditEvent.objects.get(action=Action.RETURN)
    assert event.details["note"] == "제목을 줄여 주세요"


def test_return_button_shows_reason_box(editor_client):
    article = make_article(status=Status.REVIEW)
    page = editor_client.get(reverse_change(article)).text
    assert f'name="{NOTE}"' in page and 'value="return"' in page


def test_reason_box_only_with_return(editor_client):
    article = make_article(status=Status.DRAFT)
    assert f'name="{NOTE}"' not in editor_client.get(reverse_change(article)).text


def test_return_button_without_reason_keeps_everything_typed(editor_client):
    article = make_article(status=Status.REVIEW, headline="처음 제목")
    url, data = change_form(editor_client, article)
    data.update(headline="고친 제목", _transition="return", **{NOTE: "  "})
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "이유를 적어야" in response.text
    assert 'value="고친 제목"' in response.text
    article.refresh_from_db()
    assert article.status == Status.REVIEW and article.headline == "처음 제목"


def test_return_button_with_reason_saves_moves_and_keeps_note(editor_client, editor):
    article = make_article(status=Status.REVIEW, headline="처음 제목")
    url, data = change_form(editor_client, article)
    data.update(headline="고친 제목", _transition="return", **{NOTE: "숫자를 확인해 주세요."})
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT and article.headline == "고친 제목"
    event = AuditEvent.objects.get(action=Action.RETURN)
    assert event.details["note"] == "숫자를 확인해 주세요." and event.actor == editor


def test_writer_reads_the_reason_until_resubmitting(writer_client, writer, editor):
    editor.first_name = "편집"
    editor.last_name = "김"
    editor.save()
    article = make_article(status=Status.REVIEW, created_by=writer)
    publishable_transition(
        obj=article, move=Transition.RETURN, by=editor, note="사진 출처를 <b>넣어</b> 주세요."
    )
    article.refresh_from_db()
    note = return_note(article)
    assert note.text == "사진 출처를 <b>넣어</b> 주세요."
    page = writer_client.get(reverse_change(article)).text
    expected_when = release_date(AuditEvent.objects.get(action=Action.RETURN).at)
    assert "편집자 의견: 사진 출처를 &lt;b&gt;넣어&lt;/b&gt; 주세요." in page
    assert f"({note.by}, {expected_when})" in page and note.by
    url, data = change_form(writer_client, article)
    data["_transition"] = "submit"
    assert writer_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    assert return_note(article) is None
    publishable_transition(obj=article, move=Transition.RECALL, by=writer)
    article.refresh_from_db()
    assert return_note(article) is None  # taking it back is not a new 돌려보내기
    assert "편집자 의견:" not in writer_client.get(reverse_change(article)).text


def _bulk_return(client, articles, **extra):
    data = {
        "action": "return_selected",
        "_selected_action": [str(a.pk) for a in articles],
        **{f"_version_{a.pk}": str(a.version) for a in articles},
        **extra,
    }
    return client.post(CHANGELIST, data)


def test_bulk_return_asks_for_the_reason_first(editor_client):
    articles = [make_article(status=Status.REVIEW) for _ in range(2)]
    page = _bulk_return(editor_client, articles)
    assert page.status_code == 200
    assert f'name="{NOTE}"' in page.text
    for article in articles:
        assert f'name="_version_{article.pk}" value="{article.version}"' in page.text
    assert set(Article.objects.values_list("status", flat=True)) == {Status.REVIEW}


def test_bulk_return_refuses_an_empty_reason(editor_client):
    articles = [make_article(status=Status.REVIEW)]
    page = _bulk_return(editor_client, articles, _return_confirmed="yes", **{NOTE: " "})
    assert page.status_code == 200 and "이유를 적어야" in page.text
    assert Article.objects.get().status == Status.REVIEW


def test_bulk_return_with_reason(editor_client):
    articles = [make_article(status=Status.REVIEW) for _ in range(2)]
    response = _bulk_return(
        editor_client, articles, _return_confirmed="yes", **{NOTE: "표기를 통일해 주세요."}
    )
    assert response.status_code == 302
    assert set(Article.objects.values_list("status", flat=True)) == {Status.DRAFT}
    notes = AuditEvent.objects.filter(action=Action.RETURN).values_list("details__note", flat=True)
    assert list(notes) == ["표기를 통일해 주세요."] * 2


# The read-only form shows the body as it reads


def test_read_only_body_is_rendered_not_source(writer_client, writer):
    article = make_article(
        status=Status.REVIEW,
        created_by=writer,
        body="<h2>소제목</h2><p>첫 <strong>문단</strong></p>",
    )
    page = writer_client.get(reverse_change(article)).text
    assert "<h2>소제목</h2>" in page and "<strong>문단</strong>" in page
    assert "&lt;p&gt;" not in page and "&lt;h2&gt;" not in page


def test_read_only_body_is_cleaned_again(writer_client, writer):
    article = make_article(status=Status.REVIEW, created_by=writer)
    # Written around the admin and its sanitiser, as a raw SQL fix might.
    Article.objects.filter(pk=article.pk).update(
        body='<p onclick="alert(1)">안녕</p><script>alert(2)</script><img src=x onerror="alert(3)">'
    )
    page = writer_client.get(reverse_change(article)).text
    assert "alert(1)" not in page and "alert(2)" not in page and "alert(3)" not in page
    assert "<p>안녕</p>" in page


def test_editable_body_stays_an_editor(writer_client, writer):
    article = make_article(status=Status.DRAFT, created_by=writer, body="<p>본문</p>")
    page = writer_client.get(reverse_change(article)).text
    assert 'name="body"' in page and "rich-text-readonly" not in page
