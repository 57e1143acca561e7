"""One form for one release: photos dropped in and described there, 담당자 ticked from the writer's
department, tags typed by name, a quote row waiting. Posted as the browser posts them."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.contacts import contact_groups, usual_role
from articles.models import Article, ArticleContact, ContactRole, Tag
from core.models import Status
from photos.models import Photo
from photos.services import photo_unused_upload_discard
from tests.factories import jpeg_bytes, make_article, make_contact, make_photo, upload
from tests.forms import form_data

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"


def stage(client, data=None, name="현장.jpg"):
    return client.post(reverse("photos:stage"), {"file": upload(data or jpeg_bytes(), name=name)})


def add_form(client):
    return form_data(client.get(ADD_URL), "article_form")


def with_photo_rows(data, rows):
    data["photo_links-TOTAL_FORMS"] = str(len(rows))
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"photo_links-{index}-{key}"] = value
    return data


def errors(response):
    return re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul', response.text, re.S)


# Photos dropped into the form


def test_a_dropped_photo_is_stored_at_once_and_waits_for_its_description(writer_client, writer):
    response = stage(writer_client)
    assert response.status_code == 201
    photo = Photo.objects.get(pk=response.json()["id"])
    assert photo.alt_text == "" and photo.created_by == writer
    assert photo.original_filename == "현장.jpg" and photo.width == 64
    assert response.json()["url"] == photo.get_absolute_url()
    # The writer can see the preview before the release is saved.
    assert writer_client.get(photo.get_absolute_url()).status_code == 200
    # A task removes it a day later if it was never described and placed.
    queued = DBTaskResult.objects.filter(task_path="photos.tasks.discard_unused_upload").get()
    assert queued.args_kwargs["args"] == [photo.pk]
    assert queued.run_after > timezone.now() + timedelta(hours=23)


def test_a_refused_file_says_why_in_korean_and_stores_nothing(writer_client):
    response = stage(writer_client, data=b"%PDF-1.4 not a photo", name="보도자료.pdf")
    assert response.status_code == 400
    assert "사진" in response.json()["error"] or "이미지" in response.json()["error"]
    assert not Photo.objects.exists()


def test_only_signed_in_staff_who_may_add_photos_can_drop_one(client, django_user_model):
    assert stage(client).status_code == 302  # to the login page
    visitor = django_user_model.objects.create_user("visitor", password="x", is_staff=True)
    client.force_login(visitor)
    assert stage(client).status_code == 403
    assert client.get(reverse("photos:stage")).status_code == 405
    assert not Photo.objects.exists()


def test_three_dropped_photos_are_described_and_placed_with_the_release(writer_client):
    ids = [stage(writer_client, name=f"사진{n}.jpg").json()["id"] for n in range(3)]
    data = add_form(writer_client)
    data.update(headline="경북TP, 수출상담회 개최", body="<p>본문</p>")
    with_photo_rows(
        data,
        [
            {"photo": ids[0], "order": "1", "alt_text": "상담회장 전경", "caption": "상담회 모습"},
            {"photo": ids[1], "order": "2", "alt_text": "기업 상담", "credit": "사진=홍길동"},
            {"photo": ids[2], "order": "3", "alt_text": "기념 촬영", "caption": ""},
        ],
    )
    response = writer_client.post(ADD_URL, data)
    assert response.status_code == 302, errors(response)
    article = Article.objects.get(headline="경북TP, 수출상담회 개최")
    placed = [link.photo for link in article.photo_links.select_related("photo")]
    assert [photo.pk for photo in placed] == ids
    assert [photo.alt_text for photo in placed] == ["상담회장 전경", "기업 상담", "기념 촬영"]
    assert placed[0].caption == "상담회 모습"
    assert placed[1].credit == "사진=홍길동"
    assert placed[2].credit == "사진=경북테크노파크"  # the default, untouched
    # Placed photos are never discarded by the clean-up task.
    assert not any(photo_unused_upload_discard(photo_id=pk) for pk in ids)


def test_a_photo_without_alt_text_is_refused_and_everything_typed_comes_back(writer_client):
    staged = stage(writer_client).json()["id"]
    data = add_form(writer_client)
    data.update(headline="대체 텍스트 없는 보도자료", body="<p>본문</p>")
    with_photo_rows(data, [{"photo": staged, "order": "1", "caption": "설명만 썼다"}])
    response = writer_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert any("대체 텍스트를 써 주세요" in error for error in errors(response))
    assert "대체 텍스트 없는 보도자료" in response.text and "설명만 썼다" in response.text
    # The photo is still there to be placed once described: nothing needs uploading again.
    again = form_data(response, "article_form")
    assert again["photo_links-0-photo"] == str(staged)
    again["photo_links-0-alt_text"] = "이제 쓴 대체 텍스트"
    assert writer_client.post(ADD_URL, again).status_code == 302
    assert Photo.objects.get(pk=staged).alt_text == "이제 쓴 대체 텍스트"


def test_a_library_photo_keeps_its_texts_unless_changed(writer_client, editor):
    library = make_photo(
        alt_text="도서관 사진", caption="원래 설명", credit="사진=기관", user=editor
    )
    data = add_form(writer_client)
    data.update(headline="도서관 사진을 쓴 보도자료", body="<p>본문</p>")
    # As the browser posts a new row: texts at the form's defaults, not the photo's.
    with_photo_rows(
        data,
        [
            {
                "photo": library.pk,
                "order": "1",
                "alt_text": "",
                "caption": "",
                "credit": "사진=경북테크노파크",
            }
        ],
    )
    response = writer_client.post(ADD_URL, data)
    assert response.status_code == 302, errors(response)
    library.refresh_from_db()
    assert (library.alt_text, library.caption, library.credit) == (
        "도서관 사진",
        "원래 설명",
        "사진=기관",
    )


def test_a_writer_cannot_rewrite_someone_elses_photo_through_the_release_form(
    writer_client, editor
):
    library = make_photo(alt_text="편집자의 사진", user=editor)
    data = add_form(writer_client)
    data.update(headline="남의 사진 설명 바꾸기", body="<p>본문</p>")
    with_photo_rows(data, [{"photo": library.pk, "order": "1", "alt_text": "바꿔 쓴 설명"}])
    response = writer_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert any("사진을 올린 사람이나 편집자만" in error for error in errors(response))
    library.refresh_from_db()
    assert library.alt_text == "편집자의 사진"
    assert not Article.objects.filter(headline="남의 사진 설명 바꾸기").exists()


def test_an_undescribed_unplaced_upload_is_discarded_by_the_task(
    writer_client, run_tasks, django_capture_on_commit_callbacks
):
    staged = Photo.objects.get(pk=stage(writer_client).json()["id"])
    described = Photo.objects.get(pk=stage(writer_client).json()["id"])
    described.alt_text = "사진 목록에서 설명을 단 사진"
    described.save()
    name = staged.image.name
    assert default_storage.exists(name)
    later = timezone.now() + timedelta(days=1, minutes=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run_tasks()
    assert not Photo.objects.filter(pk=staged.pk).exists()
    assert Photo.objects.filter(pk=described.pk).exists()
    assert not default_storage.exists(name)


# 담당자 from the writer's department


def test_the_writer_department_comes_first_with_each_persons_usual_role(writer_client, writer):
    mine = make_contact(
        name="김담당", department="기업지원팀", position="선임", email="w@gbtp.or.kr"
    )
    head = make_contact(name="박팀장", department="기업지원팀", position="팀장")
    make_contact(name="이타부서", department="대외협력팀", position="책임")
    writer.email = "w@gbtp.or.kr"
    writer.save()
    response = writer_client.get(ADD_URL)
    assert form_data(response, "article_form")["department"] == "기업지원팀"
    text = response.text
    picker = text[text.index('class="contact-picker"') :]
    assert picker.index("기업지원팀") < picker.index("대외협력팀")
    assert f'value="{head.pk}" data-label="{head}" data-role="responsible"' in picker
    assert f'value="{mine.pk}" data-label="{mine}" data-role="contact"' in picker


def test_usual_role_follows_the_last_release_then_the_title():
    head = make_contact(position="센터장")
    assert usual_role(head, None) == ContactRole.RESPONSIBLE
    assert usual_role(make_contact(position="책임"), None) == ContactRole.CONTACT
    article = make_article()
    ArticleContact.objects.create(article=article, contact=head, role=ContactRole.CONTACT)
    group = contact_groups(department=head.department)[0]
    assert {choice.contact.pk: choice.role for choice in group.choices}[
        head.pk
    ] == ContactRole.CONTACT


def test_former_staff_are_listed_only_where_already_chosen():
    gone = make_contact(name="퇴직자", is_active=False)
    assert not any(
        gone.pk == c.contact.pk for g in contact_groups(department="") for c in g.choices
    )
    listed = contact_groups(department="", chosen_ids=[gone.pk])
    assert any(gone.pk == c.contact.pk for g in listed for c in g.choices)


# Tags typed by name


def test_tags_typed_by_name_are_found_or_created(writer_client):
    Tag.objects.create(name="반도체", slug="semiconductor")
    data = add_form(writer_client)
    data.update(
        headline="태그를 적은 보도자료",
        body="<p>본문</p>",
        tags="반도체, 수출상담회 , #AI, ai, 반도체",
    )
    response = writer_client.post(ADD_URL, data)
    assert response.status_code == 302, errors(response)
    article = Article.objects.get(headline="태그를 적은 보도자료")
    assert sorted(article.tags.values_list("name", flat=True)) == ["AI", "반도체", "수출상담회"]
    assert Tag.objects.get(name="수출상담회").slug.isascii()
    # The form shows them back as typed names, and an unchanged form changes nothing.
    change = writer_client.get(f"/admin/articles/article/{article.pk}/change/")
    shown = form_data(change, "article_form")["tags"]
    assert sorted(shown.split(", ")) == ["AI", "반도체", "수출상담회"]


def test_a_tag_name_too_long_is_refused_in_korean(writer_client):
    data = add_form(writer_client)
    data.update(headline="긴 태그", body="<p>본문</p>", tags="가" * 61)
    response = writer_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert any("60자까지" in error for error in errors(response))


# A quote row waiting on a new release


def test_a_new_release_offers_one_quote_row_and_an_untouched_one_is_not_saved(writer_client):
    data = add_form(writer_client)
    assert data["quotes-TOTAL_FORMS"] == "1"
    data.update(headline="발언 없는 보도자료", body="<p>본문</p>")
    assert writer_client.post(ADD_URL, data).status_code == 302
    article = Article.objects.get(headline="발언 없는 보도자료")
    assert article.status == Status.DRAFT and not article.quotes.exists()
