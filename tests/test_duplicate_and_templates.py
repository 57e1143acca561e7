"""복제해서 새로 쓰기 and 본문 양식: starting a release from an earlier one or from a template."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import (
    Article,
    ArticleContact,
    ArticlePhoto,
    Attachment,
    Category,
    ContactRole,
    Correction,
    Kind,
    ReleaseTemplate,
    Tag,
)
from articles.services import article_duplicate
from audit.models import Action, AuditEvent
from core.models import Status
from roles.definitions import EDITOR, WRITER
from tests.factories import make_article, make_contact, make_event, make_photo
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def rich_source(**fields):
    """A published, scheduled release with everything a copy may or may not take."""
    photo_in_body = make_photo(caption="본문 사진")
    category = Category.objects.create(name="지역산업", slug="industry")
    article = make_article(
        status=Status.PUBLISHED,
        release_in=timedelta(days=2),
        photos=2,
        headline="경북테크노파크, 지역 기업 지원사업 시작",
        deck="- 첫째 줄\n- 둘째 줄",
        lead="리드 문단입니다.",
        body=(
            "<h2>추진 배경</h2><p>본문입니다.</p>"
            f'<figure class="image"><img src="{photo_in_body.get_absolute_url()}" alt="x"></figure>'
        ),
        kind=Kind.BRIEFING,
        department="대외협력팀",
        category=category,
        distributed_at=timezone.now(),
        **fields,
    )
    article.tags.set([Tag.objects.create(name="기업지원", slug="support")])
    article.related_events.set([make_event()])
    second, first = make_contact(name="나중"), make_contact(name="먼저")
    ArticleContact.objects.create(
        article=article, contact=first, role=ContactRole.RESPONSIBLE, order=0
    )
    ArticleContact.objects.create(article=article, contact=second, order=1)
    Correction.objects.create(article=article, note="날짜를 바로잡았습니다.")
    Attachment.objects.create(article=article, title="붙임 1", file="attachments/x.pdf")
    return article, photo_in_body


def test_a_copy_is_a_new_draft_with_the_text_and_structure(editor):
    source, photo_in_body = rich_source()
    copy = article_duplicate(source=source, by=editor)

    assert copy.pk != source.pk
    assert copy.status == Status.DRAFT and copy.created_by == editor
    assert copy.headline == "[복제] 경북테크노파크, 지역 기업 지원사업 시작"
    for name in ("deck", "lead", "body", "kind", "department", "category_id"):
        assert getattr(copy, name) == getattr(source, name), name
    assert set(copy.tags.all()) == set(source.tags.all())
    assert set(copy.related_events.all()) == set(source.related_events.all())
    assert [(link.contact.name, link.role) for link in copy.contact_links.all()] == [
        ("먼저", ContactRole.RESPONSIBLE),
        ("나중", ContactRole.CONTACT),
    ]
    # Body photos stay, recorded for the public rule as every save does.
    assert list(copy.embedded_photos.all()) == [photo_in_body]


def test_a_copy_takes_no_state_dates_address_corrections_photos_or_attachments(editor):
    source, _photo = rich_source()
    copy = article_duplicate(source=source, by=editor)

    assert copy.embargo_kind == "immediate" and copy.embargo_at is None
    assert copy.embargo_date is None and copy.distributed_at is None and copy.release_at is None
    assert copy.slug and copy.slug != source.slug and copy.slug.isascii()
    assert not copy.corrections.exists()
    assert not copy.photo_links.exists()
    assert not copy.attachments.exists()
    # The source is untouched.
    source.refresh_from_db()
    assert source.status == Status.PUBLISHED and source.photo_links.count() == 2


def test_photos_are_copied_in_order_when_asked(editor):
    source, _photo = rich_source()
    copy = article_duplicate(source=source, by=editor, with_photos=True)
    assert [link.photo_id for link in copy.photo_links.all()] == [
        link.photo_id for link in source.photo_links.all()
    ]


def test_a_copy_has_a_revision_and_an_audit_line(editor):
    source, _photo = rich_source()
    copy = article_duplicate(source=source, by=editor)

    version = Version.objects.get_for_object(copy).get()
    assert version.revision.comment == f"복제: {source.headline}"
    assert version.revision.user == editor
    # The first revision already holds the copied 담당자 and tags.
    assert sorted(version.field_dict["tags"]) == [tag.pk for tag in source.tags.all()]
    followed = {v.content_type.model for v in version.revision.version_set.all()}
    assert "articlecontact" in followed

    line = AuditEvent.objects.get(action=Action.DUPLICATE)
    assert line.actor == editor and line.object_id == str(copy.pk)
    assert line.details["source"] == source.pk


def test_a_long_headline_still_fits(editor):
    source = make_article(headline="가" * 200)
    copy = article_duplicate(source=source, by=editor)
    assert len(copy.headline) == 200 and copy.headline.startswith("[복제] ")


def test_a_coverage_item_copies_its_outlet(editor):
    source = make_article(kind=Kind.COVERAGE, outlet="경북일보", reporter="김기자")
    copy = article_duplicate(source=source, by=editor)
    assert copy.outlet == "경북일보" and copy.reporter == "김기자"


# The admin: a button on the change form, an action on the list, a confirmation page.


def duplicate_url(article):
    return reverse("admin:articles_article_duplicate", args=[article.pk])


def test_the_change_form_offers_the_copy(writer_client):
    source = make_article()
    page = writer_client.get(reverse("admin:articles_article_change", args=[source.pk])).text
    assert duplicate_url(source) in page and "복제해서 새로 쓰기" in page


def test_the_confirmation_page_asks_about_photos_and_makes_nothing_on_get(writer_client):
    source, _photo = rich_source()
    before = Article.objects.count()
    response = writer_client.get(duplicate_url(source))
    assert response.status_code == 200
    assert "사진도 복사" in response.text and 'name="with_photos"' in response.text
    assert "csrfmiddlewaretoken" in response.text
    assert Article.objects.count() == before


def test_a_writer_copies_a_published_release_into_their_own_draft(writer_client, writer):
    source, _photo = rich_source()
    response = writer_client.get(duplicate_url(source))
    data = form_data(response, "duplicate-form")
    data["with_photos"] = "1"
    response = writer_client.post(duplicate_url(source), data)
    copy = Article.objects.exclude(pk=source.pk).get(headline__startswith="[복제]")
    assert response.status_code == 302
    assert response.url == reverse("admin:articles_article_change", args=[copy.pk])
    assert copy.created_by == writer and copy.status == Status.DRAFT
    assert copy.photo_links.count() == 2
    page = writer_client.get(response.url).text
    assert "복제한 새 초안을 만들었습니다." in page
    # The writer may edit their copy.
    assert 'name="headline"' in page


def test_without_the_option_no_photos_are_copied(editor_client):
    source, _photo = rich_source()
    editor_client.post(duplicate_url(source), {})
    copy = Article.objects.get(headline__startswith="[복제]")
    assert not copy.photo_links.exists()


def test_the_copy_needs_the_csrf_token(writer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)
    source = make_article()
    assert client.post(duplicate_url(source), {}).status_code == 403
    assert not Article.objects.filter(headline__startswith="[복제]").exists()


def test_without_add_permission_there_is_no_copy(client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(
        *Group.objects.get(name=WRITER).permissions.filter(codename="view_article")
    )
    client.force_login(viewer)
    source = make_article()
    assert client.get(duplicate_url(source)).status_code == 403
    assert client.post(duplicate_url(source), {}).status_code == 403
    page = client.get(reverse("admin:articles_article_change", args=[source.pk])).text
    assert duplicate_url(source) not in page


def test_the_list_action_leads_to_the_confirmation(editor_client):
    source = make_article()
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "duplicate_selected", "_selected_action": [source.pk]},
    )
    assert response.status_code == 302 and response.url == duplicate_url(source)


def test_the_list_action_wants_exactly_one(editor_client):
    first, second = make_article(), make_article()
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "duplicate_selected", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert "복제할 보도자료를 하나만 고르세요." in response.text
    assert not Article.objects.filter(headline__startswith="[복제]").exists()


# 본문 양식


@pytest.fixture
def seeded():
    """The templates the data migration seeds; made again here, since a transactional test
    elsewhere may have emptied the tables the migrations filled."""
    from importlib import import_module

    from django.apps import apps

    import_module("articles.migrations.0008_seed_release_templates").seed(apps, None)


def test_two_templates_are_seeded_in_the_house_style(seeded):
    templates = list(ReleaseTemplate.objects.filter(active=True))
    assert [t.name for t in templates] == ["보도자료 (소제목 구성)", "행사 안내"]
    for template in templates:
        assert template.body.count("<h2>") >= 3  # each h2 becomes a □ item in the documents
        assert template.lead and template.deck


def test_the_add_form_offers_the_templates(writer_client, seeded):
    inactive = ReleaseTemplate.objects.create(name="쓰지 않는 양식", body="<p>x</p>", active=False)
    page = writer_client.get(reverse("admin:articles_article_add")).text
    assert "양식으로 시작" in page
    for template in ReleaseTemplate.objects.filter(active=True):
        assert f'href="?template={template.pk}"' in page and template.name in page
    assert inactive.name not in page


def test_a_template_fills_the_add_form(writer_client, seeded):
    template = ReleaseTemplate.objects.get(name="행사 안내")
    response = writer_client.get(reverse("admin:articles_article_add") + f"?template={template.pk}")
    data = form_data(response, "article_form")
    assert data["kind"] == Kind.BRIEFING
    assert data["deck"] == template.deck and data["lead"] == template.lead
    assert "행사 개요" in data["body"]


@pytest.mark.parametrize("chosen", ["999999", "abc", ""])
def test_an_unknown_template_leaves_the_form_empty(writer_client, chosen):
    response = writer_client.get(reverse("admin:articles_article_add") + f"?template={chosen}")
    assert response.status_code == 200
    assert form_data(response, "article_form").get("lead", "") == ""


def test_an_inactive_template_is_not_used(writer_client):
    template = ReleaseTemplate.objects.create(
        name="끈 양식", lead="끈 양식의 리드", body="<p>x</p>", active=False
    )
    response = writer_client.get(reverse("admin:articles_article_add") + f"?template={template.pk}")
    assert "끈 양식의 리드" not in response.text


def test_editors_keep_the_templates_and_writers_do_not(editor_client, writer_client):
    add = reverse("admin:articles_releasetemplate_add")
    assert writer_client.get(add).status_code == 403
    assert editor_client.get(add).status_code == 200
    response = editor_client.post(
        add,
        {
            "name": "해명자료",
            "kind": Kind.CLARIFICATION,
            "active": "on",
            "order": "30",
            "deck": "",
            "lead": "",
            "body": "<h2>보도 내용</h2><p>x</p><script>alert(1)</script>",
        },
    )
    assert response.status_code == 302
    stored = ReleaseTemplate.objects.get(name="해명자료")
    assert "<script" not in stored.body  # rich text is sanitised like every body
    editors = Group.objects.get(name=EDITOR).permissions.values_list("codename", flat=True)
    assert {"add_releasetemplate", "change_releasetemplate", "delete_releasetemplate"} <= set(
        editors
    )


def test_the_photo_list_of_a_copy_is_its_own(editor):
    """ArticlePhoto rows of a copy are its own: removing them leaves the source's."""
    source, _photo = rich_source()
    copy = article_duplicate(source=source, by=editor, with_photos=True)
    ArticlePhoto.objects.filter(article=copy).delete()
    assert source.photo_links.count() == 2
