"""Share links: per recipient, random, expiring, revocable, every open logged."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from articles.models import Article, ArticlePhoto
from audit.models import Action, AuditEvent
from core.models import Status
from sharing.models import ShareLink, ShareLinkOpen, hash_token
from sharing.services import sharelink_create, sharelink_revoke
from tests.factories import make_article, make_photo
from tests.forms import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.production_paths]


def _embargoed(**fields):
    return make_article(
        status=Status.PUBLISHED, release_in=timedelta(hours=6), headline="엠바고 보도자료", **fields
    )


def _link(article, editor, **fields):
    fields.setdefault("recipient_name", "김기자")
    fields.setdefault("recipient_organisation", "대구일보")
    link = ShareLink(target=article, **fields)
    token = sharelink_create(link=link, by=editor)
    return link, token


def test_editor_makes_a_link_in_the_admin_and_sees_it_once(editor_client, editor):
    article = _embargoed()
    content_type = ContentType.objects.get_for_model(Article)
    add = f"/admin/sharing/sharelink/add/?content_type={content_type.pk}&object_id={article.pk}"
    page = editor_client.get(add)
    assert page.status_code == 200 and "엠바고 보도자료" in page.text
    data = form_data(page, "sharelink_form")
    assert data["content_type"] == str(content_type.pk) and data["object_id"] == str(article.pk)
    data.update(recipient_name="이기자", recipient_organisation="경북매일")
    response = editor_client.post(add, data, follow=True)
    token = re.search(r"/share/([A-Za-z0-9_-]+)/", response.text).group(1)
    assert len(token) >= 32  # 192 random bits, base64
    link = ShareLink.objects.get()
    assert link.token_hash == hash_token(token) and token not in link.token_hash
    assert AuditEvent.objects.filter(action=Action.SHARE_CREATE, actor=editor).exists()
    assert token not in editor_client.get(f"/admin/sharing/sharelink/{link.pk}/change/").text


def test_recipient_reads_embargoed_release_with_notice_and_photos(editor):
    photo = make_photo()
    article = _embargoed()
    ArticlePhoto.objects.create(article=article, photo=photo)
    _link_obj, token = _link(article, editor)
    journalist = Client()
    assert journalist.get(article.get_absolute_url()).status_code == 404
    assert journalist.get(photo.get_absolute_url()).status_code == 404

    page = journalist.get(f"/share/{token}/")
    assert page.status_code == 200
    assert "김기자 (대구일보)님께 보내 드린 개인 열람 링크" in page.text
    assert "엠바고:" in page.text and "이전에는 보도할 수 없습니다" in page.text
    assert "no-store" in page["Cache-Control"] and "noindex" in page["X-Robots-Tag"]
    photo_response = journalist.get(photo.get_absolute_url())
    assert photo_response.status_code == 200 and "no-store" in photo_response["Cache-Control"]
    # The public still sees nothing.
    assert Client().get(photo.get_absolute_url()).status_code == 404


def test_every_open_is_logged_with_time_and_recipient(editor):
    article = _embargoed()
    link, token = _link(article, editor)
    Client().get(f"/share/{token}/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Reporter/1.0")
    Client().get(f"/share/{token}/")
    opens = ShareLinkOpen.objects.filter(link=link)
    assert opens.count() == 2
    assert opens.filter(ip="203.0.113.7", user_agent="Reporter/1.0").exists()
    assert (
        AuditEvent.objects.filter(action=Action.SHARE_OPEN, actor_label="김기자 (대구일보)").count()
        == 2
    )


def test_link_expires(editor):
    article = _embargoed()
    _link_obj, token = _link(article, editor, expires_at=timezone.now() + timedelta(hours=1))
    journalist = Client()
    assert journalist.get(f"/share/{token}/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert journalist.get(f"/share/{token}/").status_code == 404


def test_revoked_link_stops_working_at_once(editor):
    photo = make_photo()
    article = _embargoed()
    ArticlePhoto.objects.create(article=article, photo=photo)
    link, token = _link(article, editor)
    journalist = Client()
    assert journalist.get(f"/share/{token}/").status_code == 200
    sharelink_revoke(link=link, by=editor)
    assert journalist.get(f"/share/{token}/").status_code == 404
    assert (
        journalist.get(photo.get_absolute_url()).status_code == 404
    )  # the session grant died with it
    assert AuditEvent.objects.filter(action=Action.SHARE_REVOKE).exists()


def test_links_are_personal_and_unguessable(editor):
    article = _embargoed()
    _a, token_a = _link(article, editor, recipient_name="가기자")
    _b, token_b = _link(article, editor, recipient_name="나기자")
    assert token_a != token_b
    assert "가기자" in Client().get(f"/share/{token_a}/").text
    assert "나기자" in Client().get(f"/share/{token_b}/").text
    assert Client().get(f"/share/{token_a[:-2]}xx/").status_code == 404


def test_link_to_one_release_does_not_open_another(editor):
    shared = _embargoed(slug="shared")
    other = _embargoed(slug="other")
    other_photo = make_photo()
    ArticlePhoto.objects.create(article=other, photo=other_photo)
    _link_obj, token = _link(shared, editor)
    journalist = Client()
    journalist.get(f"/share/{token}/")
    assert journalist.get(other.get_absolute_url()).status_code == 404
    assert journalist.get(other_photo.get_absolute_url()).status_code == 404


def test_revoke_action_in_admin(editor_client, editor):
    link, token = _link(_embargoed(), editor)
    editor_client.post(
        "/admin/sharing/sharelink/", {"action": "revoke_selected", "_selected_action": [link.pk]}
    )
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert Client().get(f"/share/{token}/").status_code == 404
