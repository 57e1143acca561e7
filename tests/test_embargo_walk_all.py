"""The embargo walk, widened: every public URL pattern, every unpublished state, every kind of visitor.

URL patterns come from the resolver (tests/urlwalk.py), so a new view cannot be forgotten: the walk
fails until it knows how to address the new pattern. For each unpublished state (draft, review,
approved, scheduled, withdrawn) a release, an event, a press kit, a quote, a person and their photos
exist with a marker planted in every text field; they are requested as an anonymous visitor, as a
logged-in user without staff rights, by HEAD, and in English. Public items that share a quote, a
photo, an event or a kit with an unpublished one are walked too. No marker may appear anywhere.
"""

import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import F, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticlePhoto, ArticleSlug, Attachment, Category
from core.fields import RichTextField
from core.models import Status
from events.models import EventFact, EventPhoto, EventSlug
from gbtp.sitemaps import SITEMAPS
from photos import renditions
from presskits.models import KitBuild, PressKit
from presskits.services import kit_builds_request
from search.services import search_rebuild
from sharing.models import ShareLink
from sharing.services import sharelink_create
from tests.factories import make_article, make_event, make_person, make_photo, make_quote
from tests.urlwalk import public_routes

pytestmark = [pytest.mark.django_db, pytest.mark.production_paths]
STATES = ["draft", "review", "approved", "scheduled", "withdrawn"]
MARKER = re.compile(r"zq[a-z]+qz", re.IGNORECASE)
# Routes that show no content item whatever the data: nothing to leak through them.
WITHOUT_ITEMS = {
    "robots",
    "set_language",
    "language",
    "account_otp_verify",
    "account_otp_enrol",
    "admin_password_reset",
    "password_reset_done",
    "password_reset_complete",
    "password_reset_confirm",
    # Subscribing and unsubscribing: forms and confirmations that name no item.
    "distribution:subscribe",
    "distribution:subscription-confirm",
    "distribution:subscription-stop",
    "distribution:unsubscribe",
}
TEXT_SUFFIXES = (".txt", ".html", ".json", ".csv", ".ics", ".vcf", ".xml")


def _marker(state, field):
    return f"zq{state}{field.replace('_', '')}qz"


def _plant(obj, state, skip=()):
    """A marker in every text field of `obj` that staff can write."""
    for field in obj._meta.concrete_fields:
        if field.name in skip or field.choices or not field.editable:
            continue
        marker = _marker(state, field.name)
        if isinstance(field, RichTextField):
            setattr(obj, field.attname, f"<p>{marker}</p>")
        elif isinstance(field, models.URLField):
            setattr(obj, field.attname, f"https://example.com/{marker}")
        elif isinstance(field, models.EmailField):
            setattr(obj, field.attname, f"{marker}@example.com")
        elif isinstance(field, (models.CharField, models.TextField)):
            setattr(obj, field.attname, marker)
    obj.save()
    return obj


def _status(state):
    return Status.PUBLISHED if state == "scheduled" else state


def _secret_items(state, editor, public_event, category):
    later = timezone.now() + timedelta(days=30)
    photo = _plant(make_photo(), state, skip=("image",))
    body_photo = _plant(make_photo(), state + "body", skip=("image",))
    article = make_article(status=_status(state), category=category)
    if state == "scheduled":
        article.embargo_kind, article.embargo_at = "at", later
    _plant(article, state, skip=("embargo_kind",))
    article.body += f'<figure class="image"><img src="{body_photo.get_absolute_url()}"></figure>'
    article.save()
    from photos.embedded import embedded_photos_record

    embedded_photos_record(owner=article, html=article.body)
    ArticlePhoto.objects.create(article=article, photo=photo)
    article.related_events.add(public_event)
    attachment = Attachment.objects.create(
        article=article,
        title=_marker(state, "attachment"),
        file=ContentFile(b"%PDF-1.4 secret", name="붙임.pdf"),
    )
    event = make_event(status=_status(state), release_in=timedelta(days=30))
    if state != "scheduled":
        event.release_at = None
    _plant(event, state + "event")
    EventFact.objects.create(event=event, label=_marker(state, "factlabel"), value="1")
    EventPhoto.objects.create(event=event, photo=photo)
    event.sessions.update(title=_marker(state, "session"))
    person = _plant(make_person(is_spokesperson=False), state + "person")
    speaker = make_person(name="하인성")  # a public spokesperson
    standalone = make_quote(speaker=speaker, text=_marker(state, "standalone"))
    on_release = make_quote(speaker=speaker, article=article, text=_marker(state, "quote"))
    shared = make_quote(
        speaker=speaker, article=article, event=public_event, text=_marker(state, "shared")
    )
    make_quote(speaker=person, event=event, text=_marker(state, "eventquote"))
    kit = _plant(
        PressKit.objects.create(title="키트", slug=f"kit-{state}", status=_status(state)),
        state + "kit",
    )
    kit.articles.add(article)
    kit.events.add(event)
    kit.photos.add(photo)
    # A link that expired yesterday opens nothing.
    expired_token = sharelink_create(
        link=ShareLink(
            content_type=ContentType.objects.get_for_model(article),
            object_id=article.pk,
            recipient_name="기자",
            expires_at=timezone.now() - timedelta(days=1),
        ),
        by=editor,
    )
    # Addresses the items had before their slugs changed redirect only for those who may see them.
    ArticleSlug.objects.create(article=article, slug=f"old-release-{state}")
    EventSlug.objects.create(event=event, slug=f"old-event-{state}")
    assert not article.is_public and not event.is_public
    return {
        "article": article,
        "event": event,
        "kit": kit,
        "photo": photo,
        "body_photo": body_photo,
        "attachment": attachment,
        "person": person,
        "speaker": speaker,
        "quotes": (standalone, on_release, shared),
        "expired_token": expired_token,
    }


@pytest.fixture
def newsroom(editor, run_tasks):
    category = Category.objects.create(name="비밀 분류", slug="secret-category")
    public_event = make_event(status=Status.PUBLISHED, title="공개 행사")
    public_release = make_article(status=Status.PUBLISHED, headline="공개 보도자료")
    secrets = {state: _secret_items(state, editor, public_event, category) for state in STATES}
    # Cross cases: public items that share a quote, a photo, an event or a kit with secret ones.
    draft = secrets["draft"]
    make_quote(article=public_release, event=draft["event"], text=_marker("draft", "crossquote"))
    public_release.related_events.add(draft["event"])
    shared_photo = make_photo(caption="공개 사진")
    ArticlePhoto.objects.create(article=public_release, photo=shared_photo)
    ArticlePhoto.objects.create(article=secrets["scheduled"]["article"], photo=shared_photo)
    public_kit = PressKit.objects.create(title="공개 키트", slug="public-kit", status="published")
    public_kit.articles.add(public_release)
    public_kit.events.add(public_event)
    # Stored kits exist for every item, secret ones included (as after a staff export or a share
    # link): only the public rule stands between them and a visitor.
    kit_builds_request(
        {
            "article": {i["article"].pk for i in secrets.values()} | {public_release.pk},
            "event": {i["event"].pk for i in secrets.values()} | {public_event.pk},
            "presskit": {i["kit"].pk for i in secrets.values()} | {public_kit.pk},
        }
    )
    run_tasks()
    assert not KitBuild.objects.exclude(built=F("wanted")).exists()
    search_rebuild()
    return {
        "secrets": secrets,
        "public_release": public_release,
        "public_event": public_event,
        "public_kit": public_kit,
        "category": category,
    }


def _item_urls(items):
    """Every address of one unpublished item set, by route name: each must answer 404 (or login)."""
    article, event, kit = items["article"], items["event"], items["kit"]
    photo, body_photo = items["photo"], items["body_photo"]
    stem = photo.image.name.rsplit("/", 1)[-1].split(".")[0]
    files = {
        build.target: [(build.owner_id if build.target != "presskit" else kit.slug, f) for f in
                       build.files.all()]
        for build in KitBuild.objects.filter(
            Q(article=article) | Q(event=event) | Q(presskit=kit)
        ).prefetch_related("files")
    }  # fmt: skip
    old_release, old_event = article.old_slugs.get().slug, event.old_slugs.get().slug
    return {
        "release-short": [article.get_short_url()],
        "event-short": [event.get_short_url()],
        "articles:detail": [
            article.get_absolute_url(),
            reverse("articles:detail", args=[old_release]),
        ],
        "articles:attachment": [
            reverse("articles:attachment", args=[slug, items["attachment"].pk])
            for slug in (article.slug, old_release)
        ],
        "events:detail": [event.get_absolute_url(), reverse("events:detail", args=[old_event])],
        "events:ics": [reverse("events:ics", args=[s]) for s in (event.slug, old_event)],
        "spokespeople:detail": [reverse("spokespeople:detail", args=[items["person"].slug])],
        "spokespeople:vcard": [reverse("spokespeople:vcard", args=[items["person"].slug])],
        "presskits:detail": [kit.get_absolute_url()],
        "presskits:download": [reverse("presskits:download", args=[kit.slug])],
        "presskits:release": [reverse("presskits:release", args=[article.pk])],
        "presskits:release_download": [reverse("presskits:release_download", args=[article.pk])],
        "presskits:event": [reverse("presskits:event", args=[event.pk])],
        "presskits:event_download": [reverse("presskits:event_download", args=[event.pk])],
        **{
            route: [reverse(route, args=[key, f.pk, f.name]) for key, f in files[target]]
            for route, target in (
                ("presskits:file", "presskit"),
                ("presskits:release_file", "release"),
                ("presskits:event_file", "event"),
            )
        },
        "photos:file": [photo.get_absolute_url(), body_photo.get_absolute_url()],
        "photos:rendition": [
            reverse("photos:rendition", args=[w, stem, fmt])
            for w in renditions.WIDTHS
            for fmt in renditions.FORMATS
        ],
        "photos:editor_upload": [reverse("photos:editor_upload")],
        "photos:stage": [reverse("photos:stage")],
        "sharing:open": [reverse("sharing:open", args=[items["expired_token"]])],
    }


def _list_urls(newsroom):
    """Pages that list or gather items: each answers 200 and must not mention a secret one."""
    category = newsroom["category"].slug
    speaker = newsroom["secrets"]["draft"]["speaker"]
    urls = {
        "home": [reverse("home")],
        "articles:list": [
            reverse("articles:list"),
            reverse("articles:list") + f"?category={category}",
            reverse("articles:list") + f"?year={timezone.now().year}",
        ],
        "events:list": [reverse("events:list")],
        "events:calendar": [reverse("events:calendar")],
        "spokespeople:list": [reverse("spokespeople:list")],
        "feed-rss": [reverse("feed-rss")],
        "feed-atom": [reverse("feed-atom")],
        "feed-category-rss": [reverse("feed-category-rss", args=[category])],
        "feed-category-atom": [reverse("feed-category-atom", args=[category])],
        "sitemap": [reverse("sitemap")],
        "sitemap-section": [reverse("sitemap-section", args=[s]) for s in SITEMAPS],
        "presskits:list": [reverse("presskits:list")],
        "search": [reverse("search") + "?q=" + m for m in _search_terms(newsroom)],
        # Public pages that share something with the secret items.
        "articles:detail": [newsroom["public_release"].get_absolute_url()],
        "events:detail": [newsroom["public_event"].get_absolute_url()],
        "events:ics": [reverse("events:ics", args=[newsroom["public_event"].slug])],
        "spokespeople:detail": [speaker.get_absolute_url()],
        "spokespeople:vcard": [reverse("spokespeople:vcard", args=[speaker.slug])],
        "presskits:detail": [newsroom["public_kit"].get_absolute_url()],
        "presskits:download": [reverse("presskits:download", args=["public-kit"])],
    }
    return urls


def _search_terms(newsroom):
    terms = ["하인성", "공개"]
    for state in STATES:
        terms += [_marker(state, f) for f in ("headline", "quote", "shared", "eventtitle")]
    return terms


def _texts(response):
    """Every piece of text a visitor receives, files inside a ZIP (and its documents) included."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] != b"PK":
        yield body.decode("utf-8", "replace")
        return
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        for name in archive.namelist():
            yield name
            data = archive.read(name)
            if name.endswith(TEXT_SUFFIXES):
                yield data.decode("utf-8", "replace")
            elif name.endswith((".docx", ".hwpx")):
                with zipfile.ZipFile(io.BytesIO(data)) as document:
                    for inner in document.namelist():
                        if inner.endswith(".xml"):
                            yield document.read(inner).decode("utf-8", "replace")


def _visitors(django_user_model):
    member = django_user_model.objects.create_user("reader", password="pw-for-tests-reader")
    signed_in = Client()
    signed_in.force_login(member)
    english = Client()
    english.cookies["django_language"] = "en"
    return {"anonymous": Client(), "signed in, not staff": signed_in, "English": english}


def test_every_public_route_is_walked():
    """A new public view fails here until the walk below knows how to address it."""
    names = {route.name for route in public_routes()}
    unknown = names - _ROUTES_WALKED - WITHOUT_ITEMS
    assert not unknown, f"routes the walk does not know yet: {sorted(unknown)}"


_ROUTES_WALKED = {
    "home", "feed-rss", "feed-atom", "feed-category-rss", "feed-category-atom",
    "articles:list", "articles:detail", "articles:attachment", "events:list", "events:calendar",
    "events:detail", "events:ics", "spokespeople:list", "spokespeople:detail",
    "spokespeople:vcard", "presskits:detail", "presskits:download", "presskits:file",
    "presskits:list", "presskits:release", "presskits:release_download", "presskits:release_file",
    "presskits:event", "presskits:event_download", "presskits:event_file", "search", "photos:editor_upload", "photos:stage", "photos:rendition", "photos:file",
    "sharing:open", "sitemap", "sitemap-section", "release-short", "event-short",
}  # fmt: skip


def test_no_unpublished_item_shows_on_any_surface(newsroom, django_user_model):
    visitors = _visitors(django_user_model)
    walked, leaks = 0, []
    routes = set()
    for state, items in newsroom["secrets"].items():
        for route, urls in _item_urls(items).items():
            routes.add(route)
            for url in urls:
                for who, client in visitors.items():
                    for method in (client.get, client.head):
                        response = method(url)
                        walked += 1
                        login = response.status_code == 302 and "login" in response["Location"]
                        if response.status_code not in (404, 405) and not login:
                            leaks.append((state, who, method.__name__, url, response.status_code))
    for route, urls in _list_urls(newsroom).items():
        routes.add(route)
        for url in urls:
            query = url.split("?q=", 1)[1] if "?q=" in url else None
            for who, client in visitors.items():
                assert client.head(url).status_code == 200, url
                response = client.get(url)
                walked += 2
                assert response.status_code == 200, (url, response.status_code)
                for text in _texts(response):
                    if query:
                        text = re.sub(re.escape(query), "", text, flags=re.IGNORECASE)
                    found = MARKER.findall(text)
                    if found:
                        leaks.append((who, url, sorted(set(found))[:5]))
    assert routes == _ROUTES_WALKED  # every route of the table above was requested
    print(f"embargo walk: {walked} requests, {len(routes)} routes, {len(STATES)} states")
    assert walked > 600
    assert leaks == [], leaks[:20]


def test_workflow_moves_never_publish_an_embargoed_release_early(editor_client, editor):
    """Bulk actions, a withdraw-and-republish round, an edit and a restore all keep the 보도시점."""
    from reversion.models import Version

    from core.models import Transition
    from core.services import publishable_transition
    from tests.forms import change_form

    changelist = reverse("admin:articles_article_changelist")
    article = make_article(status=Status.APPROVED, release_in=timedelta(days=2), contacts=1)
    article.embargo_at = article.embargo_at.replace(microsecond=0)  # as the admin's form keeps it
    article.save()
    embargo = article.release_at
    anonymous = Client()

    def hidden():
        article.refresh_from_db()
        assert article.release_at == embargo
        assert anonymous.get(article.get_absolute_url()).status_code == 404

    data = {"action": "publish_selected", "_selected_action": [article.pk]}
    editor_client.post(changelist, {**data, f"_version_{article.pk}": article.version})
    hidden()
    assert article.is_scheduled
    data["action"] = "unpublish_selected"
    editor_client.post(changelist, {**data, f"_version_{article.pk}": article.version})
    hidden()
    for move in (Transition.REDRAFT, Transition.SUBMIT, Transition.APPROVE, Transition.PUBLISH):
        article = publishable_transition(obj=article, move=move, by=editor)
    hidden()
    url, form = change_form(editor_client, article)
    form.update(headline="예약된 보도자료 (고침)", correction_note="")
    assert editor_client.post(url, form).status_code == 302
    hidden()
    oldest = Version.objects.get_for_object(article).order_by("pk").first()
    editor_client.post(
        reverse("admin:articles_article_restore", args=[article.pk, oldest.pk]),
        {"expected_version": article.version},
    )
    hidden()
    assert article.is_scheduled
