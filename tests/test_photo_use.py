"""Where a photo is used decides who sees it and who may change it.

Images placed in an event's description are public with the event (the reverse failure of the old
rule, which scanned release bodies only); a writer's photo is theirs to change only while drafts
alone show it.
"""

import pytest
from django.test import Client

from articles.models import ArticlePhoto
from core.models import Status, Transition
from core.services import publishable_transition
from events.models import EventPhoto
from photos.models import Photo
from tests.factories import make_article, make_event, make_photo
from tests.forms import change_form

pytestmark = [pytest.mark.django_db, pytest.mark.production_paths]


def _figure(photo):
    return f'<figure class="image"><img src="{photo.get_absolute_url()}" alt="사진"></figure>'


def test_image_in_an_event_description_is_public_with_the_event(editor_client, editor):
    photo = make_photo(caption="행사 소개 속 사진")
    event = make_event(status=Status.APPROVED, title="사진 넣은 행사")
    url, data = change_form(editor_client, event)
    data["description"] = f"<p>행사 소개</p>{_figure(photo)}"
    assert editor_client.post(url, data).status_code == 302
    assert list(event.embedded_photos.all()) == [photo]
    assert Client().get(photo.get_absolute_url()).status_code == 404  # event not public yet
    publishable_transition(obj=event, move=Transition.PUBLISH, by=editor)
    assert Client().get(photo.get_absolute_url()).status_code == 200
    page = Client().get(event.get_absolute_url()).content.decode()
    assert photo.get_absolute_url() in page


def test_image_removed_from_a_body_stops_being_public(editor_client):
    photo = make_photo()
    article = make_article(status=Status.PUBLISHED, body=f"<p>본문</p>{_figure(photo)}")
    assert Client().get(photo.get_absolute_url()).status_code == 200
    url, data = change_form(editor_client, article)
    data.update(body="<p>사진을 뺀 본문</p>", correction_note="사진을 뺐습니다.")
    assert editor_client.post(url, data).status_code == 302
    assert Client().get(photo.get_absolute_url()).status_code == 404


def test_body_image_of_an_embargoed_release_waits_for_its_time():
    photo = make_photo()
    from datetime import timedelta

    make_article(
        status=Status.PUBLISHED, release_in=timedelta(hours=3), body=f"<p>본문</p>{_figure(photo)}"
    )
    assert Client().get(photo.get_absolute_url()).status_code == 404
    assert not Photo.objects.public().filter(pk=photo.pk).exists()


@pytest.mark.parametrize("state", [Status.REVIEW, Status.APPROVED, "scheduled"])
def test_writer_cannot_change_own_photo_once_its_release_left_draft(writer_client, writer, state):
    from datetime import timedelta

    photo = make_photo(user=writer, caption="작성자가 올린 사진")
    if state == "scheduled":
        article = make_article(status=Status.PUBLISHED, release_in=timedelta(days=2))
        assert article.is_scheduled
    else:
        article = make_article(status=state, created_by=writer)
    ArticlePhoto.objects.create(article=article, photo=photo)
    url = f"/admin/photos/photo/{photo.pk}/change/"
    response = writer_client.post(url, {"alt_text": "바꿈", "caption": "몰래 바꾼 설명"})
    assert response.status_code == 403
    photo.refresh_from_db()
    assert photo.caption == "작성자가 올린 사진"


def test_writer_still_changes_own_photo_used_only_in_a_draft(writer_client, writer):
    photo = make_photo(user=writer, caption="처음 설명")
    ArticlePhoto.objects.create(
        article=make_article(status=Status.DRAFT, created_by=writer), photo=photo
    )
    url, data = change_form(writer_client, photo)
    data["caption"] = "고친 설명"
    assert writer_client.post(url, data).status_code == 302
    photo.refresh_from_db()
    assert photo.caption == "고친 설명"


def test_writer_cannot_change_own_photo_in_a_submitted_event(writer_client, writer):
    photo = make_photo(user=writer)
    EventPhoto.objects.create(event=make_event(status=Status.REVIEW), photo=photo)
    assert not photo.can_change(writer)
    response = writer_client.post(f"/admin/photos/photo/{photo.pk}/change/", {"alt_text": "바꿈"})
    assert response.status_code == 403


def test_the_one_photo_check_of_a_file_request_agrees_with_the_rule_and_stays_one_query(
    django_assert_num_queries,
):
    """`photo_is_public` (compiled once, run per file request) answers as `Photo.objects.public()`
    does, for every kind of use, now and at another moment, in one query however much is public."""
    from datetime import timedelta

    from django.utils import timezone

    from photos.visibility import photo_is_public
    from presskits.models import PressKit
    from tests.factories import make_person

    later = timezone.now() + timedelta(hours=5)
    photos = {
        name: make_photo(caption=name)
        for name in ("unused", "draft", "listed", "embargoed", "body", "event", "kit", "headshot")
    }
    ArticlePhoto.objects.create(article=make_article(status=Status.DRAFT), photo=photos["draft"])
    ArticlePhoto.objects.create(article=make_article(), photo=photos["listed"])
    ArticlePhoto.objects.create(
        article=make_article(release_in=timedelta(hours=3)), photo=photos["embargoed"]
    )
    make_article(body=f"<p>본문</p>{_figure(photos['body'])}")
    EventPhoto.objects.create(event=make_event(), photo=photos["event"])
    kit = PressKit.objects.create(
        title="키트",
        slug="photo-kit",
        status=Status.PUBLISHED,
        release_at=timezone.now() - timedelta(hours=1),
    )
    kit.photos.add(photos["kit"])
    make_person(headshot=photos["headshot"])
    for _ in range(20):  # more public releases change nothing in the check's cost
        ArticlePhoto.objects.create(article=make_article(), photo=make_photo())

    expected_now = {"listed", "body", "event", "kit", "headshot"}
    for name, photo in photos.items():
        with django_assert_num_queries(1):
            public = photo_is_public(photo.pk)
        assert public == (name in expected_now), name
        assert public == Photo.objects.public().filter(pk=photo.pk).exists(), name
        assert photo_is_public(photo.pk, at=later) == (
            Photo.objects.public(later).filter(pk=photo.pk).exists()
        ), name
    assert photo_is_public(photos["embargoed"].pk, at=later)
