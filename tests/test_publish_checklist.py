"""The pre-publish checklist: what blocks 승인 and 게시, what only warns, and where staff see it."""

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse

from articles.models import Article, ArticlePhoto, Category, Kind
from core.models import Status, Transition
from core.services import publishable_transition
from photos.embedded import embedded_photos_record
from photos.models import Photo
from tests.factories import make_article, make_event, make_photo
from tests.forms import change_form

pytestmark = pytest.mark.django_db

NO_CONTACT = "보도 담당자가 없습니다"
NO_CREDIT = "사진 출처 표기가 빠진 사진이 있습니다"
NO_CATEGORY = "분류가 정해지지 않았습니다"
NO_PHOTO = "사진이 한 장도 없습니다"
NO_LEAD = "리드 문단이 비어 있습니다"
LONG_DECK = "부제가 인쇄하면"


def category():
    number = Category.objects.count() + 1
    return Category.objects.create(name=f"분류 {number}", slug=f"category-{number}")


def complete(status=Status.REVIEW, **fields):
    """A release with everything the checklist asks for."""
    fields.setdefault("category", category())
    return make_article(status=status, contacts=1, photos=1, **fields)


def uncredited(**fields):
    """A photo stored without 사진 출처 표기 (the upload form requires one; older rows may lack it)."""
    photo = make_photo(**fields)
    Photo.objects.filter(pk=photo.pk).update(credit="")
    photo.refresh_from_db()
    return photo


def joined(messages):
    return " ".join(str(message) for message in messages)


def test_a_complete_release_has_no_problems():
    assert complete().publish_problems() == ([], [])


def test_a_bare_release_is_blocked_for_its_contact_and_warned_for_the_rest():
    article = make_article(status=Status.REVIEW, lead="", deck="")
    blocking, warnings = article.publish_problems()
    assert len(blocking) == 1 and NO_CONTACT in joined(blocking)
    text = joined(warnings)
    assert NO_CATEGORY in text and NO_PHOTO in text and NO_LEAD in text
    assert LONG_DECK not in text


def test_a_linked_photo_without_credit_blocks():
    article = complete()
    photo = uncredited(caption="출처 없는 사진")
    ArticlePhoto.objects.create(article=article, photo=photo, order=5)
    blocking, _warnings = article.publish_problems()
    assert blocking == [
        "사진 출처 표기가 빠진 사진이 있습니다: 출처 없는 사진",
    ]


def test_a_photo_placed_in_the_body_without_credit_blocks():
    photo = make_photo(caption="본문 속 사진", credit="  ")
    article = complete(
        body=f'<p>본문</p><figure class="image"><img src="{photo.get_absolute_url()}" alt="x"></figure>'
    )
    blocking, _warnings = article.publish_problems()
    assert NO_CREDIT in joined(blocking) and "본문 속 사진" in joined(blocking)


def test_a_photo_in_the_body_counts_as_a_photo():
    photo = make_photo(caption="본문 속 사진")
    article = make_article(
        status=Status.REVIEW,
        contacts=1,
        category=category(),
        body=f'<figure class="image"><img src="{photo.get_absolute_url()}" alt="x"></figure>',
    )
    assert article.publish_problems() == ([], [])


def test_a_deck_longer_than_three_printed_lines_warns():
    article = complete(deck="- " + "가" * 100 + "\n- 둘째 줄")
    _blocking, warnings = article.publish_problems()
    assert warnings == ["부제가 인쇄하면 4줄입니다. 세 줄 안으로 줄이는 것이 좋습니다."]
    article.deck = "- 첫째 줄\n- 둘째 줄\n- 셋째 줄"
    assert article.publish_problems() == ([], [])


def test_coverage_needs_no_contact_and_no_photo():
    article = make_article(
        status=Status.REVIEW, kind=Kind.COVERAGE, outlet="경북일보", category=category()
    )
    assert article.publish_problems() == ([], [])


@pytest.mark.parametrize("move", [Transition.APPROVE, Transition.PUBLISH])
def test_blocking_problems_refuse_approval_and_publication(editor, move):
    start = Status.REVIEW if move == Transition.APPROVE else Status.APPROVED
    article = make_article(status=start)
    with pytest.raises(ValidationError) as refusal:
        publishable_transition(obj=article, move=move, by=editor)
    assert NO_CONTACT in joined(refusal.value.messages)
    article.refresh_from_db()
    assert article.status == start


def test_every_blocking_problem_is_named_in_the_refusal(editor):
    article = make_article(status=Status.APPROVED)
    ArticlePhoto.objects.create(article=article, photo=uncredited(), order=0)
    with pytest.raises(ValidationError) as refusal:
        publishable_transition(obj=article, move=Transition.PUBLISH, by=editor)
    text = joined(refusal.value.messages)
    assert NO_CONTACT in text and NO_CREDIT in text


def test_warnings_do_not_block(editor):
    article = make_article(status=Status.REVIEW, contacts=1, lead="", deck="")
    assert article.publish_problems()[1]
    approved = publishable_transition(obj=article, move=Transition.APPROVE, by=editor)
    published = publishable_transition(obj=approved, move=Transition.PUBLISH, by=editor)
    assert published.status == Status.PUBLISHED


def test_events_are_approved_and_published_without_a_contact(editor):
    event = make_event(status=Status.REVIEW)
    event = publishable_transition(obj=event, move=Transition.APPROVE, by=editor)
    event = publishable_transition(obj=event, move=Transition.PUBLISH, by=editor)
    assert event.status == Status.PUBLISHED


def test_the_setting_chooses_which_checks_run(editor, settings):
    settings.PUBLISH_CHECKS = ["photo_credit", "lead"]
    article = make_article(status=Status.REVIEW, lead="")
    assert article.publish_problems() == ([], ["리드 문단이 비어 있습니다."])
    assert (
        publishable_transition(obj=article, move=Transition.APPROVE, by=editor).status
        == Status.APPROVED
    )
    settings.PUBLISH_CHECKS = []
    assert article.publish_problems() == ([], [])


def test_an_unknown_check_name_is_a_configuration_error(settings):
    settings.PUBLISH_CHECKS = ["contacts", "contact"]
    with pytest.raises(ImproperlyConfigured, match="contact"):
        make_article(status=Status.REVIEW).publish_problems()


def test_the_default_setting_runs_every_check():
    from django.conf import settings as real

    from articles.models import PUBLISH_CHECK_NAMES

    assert sorted(real.PUBLISH_CHECKS) == sorted(PUBLISH_CHECK_NAMES)


# The change form shows the checklist where 승인 or 게시 is offered.


def test_the_editor_sees_the_checklist_next_to_approval(editor_client):
    article = make_article(status=Status.REVIEW, lead="")
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert "게시 전 점검" in page
    assert "publish-check-blocking" in page and NO_CONTACT in page
    assert "publish-check-warning" in page and NO_LEAD in page


def test_a_complete_release_shows_a_clean_checklist(editor_client):
    article = complete(status=Status.APPROVED)
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert "점검 항목을 모두 갖추었습니다." in page
    assert "publish-check-blocking" not in page


def test_no_checklist_where_neither_move_is_offered(editor_client, writer_client, writer):
    draft = make_article(status=Status.DRAFT, created_by=writer)
    page = writer_client.get(reverse("admin:articles_article_change", args=[draft.pk])).text
    assert "게시 전 점검" not in page
    published = make_article(status=Status.PUBLISHED)
    page = editor_client.get(reverse("admin:articles_article_change", args=[published.pk])).text
    assert "게시 전 점검" not in page


def test_the_publish_button_is_refused_with_the_reason(editor_client):
    article = make_article(status=Status.APPROVED)
    url, data = change_form(editor_client, article)
    data["_transition"] = Transition.PUBLISH
    response = editor_client.post(url, data, follow=True)
    assert NO_CONTACT in response.text
    article.refresh_from_db()
    assert article.status == Status.APPROVED


def test_bulk_approval_refuses_only_the_blocked_release(editor_client):
    blocked = make_article(status=Status.REVIEW)
    ready = complete()
    changelist = reverse("admin:articles_article_changelist")
    response = editor_client.post(
        changelist,
        {
            "action": "approve_selected",
            "_selected_action": [blocked.pk, ready.pk],
            f"_version_{blocked.pk}": blocked.version,
            f"_version_{ready.pk}": ready.version,
        },
        follow=True,
    )
    assert NO_CONTACT in response.text
    assert Article.objects.get(pk=blocked.pk).status == Status.REVIEW
    assert Article.objects.get(pk=ready.pk).status == Status.APPROVED


def test_the_embedded_photo_relation_is_not_needed_for_the_check():
    """The checklist reads the body itself, so a body changed since the last save is checked."""
    photo = uncredited()
    article = complete()
    article.body = f'<figure class="image"><img src="{photo.get_absolute_url()}" alt="x"></figure>'
    embedded_photos_record(owner=article, html="")
    assert NO_CREDIT in joined(article.publish_problems()[0])
