"""Build the demo newsroom from demo.content. Idempotent: running twice changes nothing."""

import secrets
from datetime import datetime, time, timedelta

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import TOTP_NAME, recovery_codes_issue, totp_secret
from articles.models import (
    Article,
    ArticleContact,
    ArticlePhoto,
    Category,
    ContactRole,
    Kind,
    Tag,
)
from contacts.models import Journalist, MediaList, Outlet
from core.models import Status
from demo import content
from demo.drawing import draw_photo
from events.models import Event, EventFact, EventOrganisation, EventPhoto, Series, Session, Venue
from organisations.models import Organisation, PressContact
from photos.models import Consent, Photo
from photos.services import photo_create
from presskits.models import Letterhead, PressKit
from presskits.services import every_kit_owner, kit_builds_request
from roles.definitions import EDITOR, WRITER
from search.services import search_rebuild
from spokespeople.models import Person, Quote

DEMO_EDITOR_USERNAME = "editor"
DEMO_WRITER_USERNAME = "writer"


def _aware(day, at=time(0, 0)):
    return timezone.make_aware(datetime.combine(day, at))


@transaction.atomic
def demo_load() -> dict[str, int]:
    with reversion.create_revision():
        reversion.set_comment("데모 뉴스룸 불러오기")
        counts = _demo_load()
    search_rebuild()
    # The worker (started beside the server by `make run`) builds every kit of the demo.
    kit_builds_request(every_kit_owner())
    return counts


def _demo_load() -> dict[str, int]:
    orgs = {
        key: Organisation.objects.update_or_create(name=data["name"], defaults=data)[0]
        for key, data in content.ORGANISATIONS.items()
    }
    contacts = {}
    for key, data in content.CONTACTS.items():
        fields = {**data, "organisation": orgs[data["organisation"]]}
        contacts[key], _ = PressContact.objects.update_or_create(
            name=fields.pop("name"), department=fields.pop("department"), defaults=fields
        )
    venues = {
        key: Venue.objects.update_or_create(name=data["name"], city=data["city"], defaults=data)[0]
        for key, data in content.VENUES.items()
    }
    series = {
        key: Series.objects.update_or_create(slug=key, defaults={"name": name})[0]
        for key, name in content.SERIES.items()
    }
    people = {}
    for slug, data in content.PEOPLE.items():
        fields = {**data, "organisation": orgs.get(data["organisation"])}
        people[slug], _ = Person.objects.update_or_create(slug=slug, defaults=fields)
    categories = {
        slug: Category.objects.update_or_create(slug=slug, defaults={"name": name, "order": i})[0]
        for i, (slug, name) in enumerate(content.CATEGORIES.items())
    }
    photos = {key: _demo_photo(key, data) for key, data in content.PHOTOS.items()}
    events = {
        slug: _demo_event(slug, data, orgs, venues, series) for slug, data in content.EVENTS.items()
    }
    if not Letterhead.objects.exists():
        Letterhead().save()  # the 보도자료 양식 with GBTP's name, address and numbers
    for slug, data in content.ARTICLES.items():
        article = _demo_article(slug, data, categories, photos, events, people, orgs, contacts)
        if article.kind != Kind.COVERAGE:  # another outlet's article is never packaged
            _demo_kit(article, [events[key] for key in data["events"]])
    _demo_media_contacts()
    return {
        "articles": Article.objects.count(),
        "events": Event.objects.count(),
        "sessions": Session.objects.count(),
        "quotes": Quote.objects.count(),
        "people": Person.objects.count(),
        "organisations": Organisation.objects.count(),
        "photos": Photo.objects.count(),
        "press kits": PressKit.objects.count(),
        "journalists": Journalist.objects.count(),
    }


def _demo_media_contacts():
    outlets = {
        key: Outlet.objects.update_or_create(name=data["name"], defaults=data)[0]
        for key, data in content.OUTLETS.items()
    }
    lists = {
        key: MediaList.objects.update_or_create(name=name, defaults={"description": about})[0]
        for key, (name, about) in content.MEDIA_LISTS.items()
    }
    today = timezone.localdate()
    for name, outlet, desk, email, consent, in_lists in content.JOURNALISTS:
        journalist, _ = Journalist.objects.update_or_create(
            email=email,
            defaults={
                "name": name,
                "outlet": outlets[outlet],
                "desk": desk,
                "embargo_consent": consent,
                "embargo_consent_on": today if consent else None,
            },
        )
        for key in in_lists:
            lists[key].members.add(journalist)


def _demo_photo(key, data):
    filename = f"demo-{key}.jpg"
    photo = Photo.objects.filter(original_filename=filename).first()
    fields = {
        "caption": data["caption"],
        "consent": data.get("consent", Consent.NOT_NEEDED),
        "taken_at": _aware(data["taken_on"], time(10, 0)),
    }
    if photo is None:
        upload = ContentFile(draw_photo(data["motif"], key), name=filename)
        return photo_create(upload=upload, alt_text=data["alt_text"], **fields)
    Photo.objects.filter(pk=photo.pk).update(alt_text=data["alt_text"], **fields)
    return photo


def _demo_event(slug, data, orgs, venues, series):
    first_day = min(day for _, day, _, _ in data["sessions"])
    event, _ = Event.objects.update_or_create(
        slug=slug,
        defaults={
            "title": data["title"],
            "series": series.get(data.get("series")),
            "edition": data.get("edition"),
            "summary": data["summary"],
            "status": Status.PUBLISHED,
            "release_at": _aware(first_day - timedelta(days=14), time(9, 0)),
        },
    )
    event.sessions.all().delete()
    Session.objects.bulk_create(
        Session(
            event=event,
            title=title,
            starts_at=_aware(first),
            ends_at=_aware(last, time(23, 59, 59)),
            all_day=True,
            venue=venues[venue],
        )
        for title, first, last, venue in data["sessions"]
    )
    event.organisation_roles.all().delete()
    EventOrganisation.objects.bulk_create(
        EventOrganisation(event=event, organisation=orgs[org], role=role, order=i)
        for i, (role, org) in enumerate(data["organisations"])
    )
    event.facts.all().delete()
    EventFact.objects.bulk_create(
        EventFact(event=event, label=label, value=value, order=i)
        for i, (label, value) in enumerate(data["facts"])
    )
    return event


def _demo_article(slug, data, categories, photos, events, people, orgs, contacts):
    released = timezone.make_aware(datetime(*data["released"]))
    article, _ = Article.objects.update_or_create(
        slug=slug,
        defaults={
            "kind": data["kind"],
            "headline": data["headline"],
            "deck": "\n".join(data["deck"]),
            "lead": data["lead"],
            "body": "".join(f"<p>{escape(p)}</p>" for p in data["body"]),
            "category": categories[data["category"]],
            "status": Status.PUBLISHED,
            "embargo_kind": "immediate",
            "release_at": released,
            "distributed_at": released,
            "department": ""
            if data["kind"] == "coverage"
            else content.CONTACTS["demo-contact"]["department"],
            "outlet": data.get("outlet", ""),
            "reporter": data.get("reporter", ""),
            "copyright_line": data.get("copyright_line", ""),
        },
    )
    article.tags.set(
        Tag.objects.get_or_create(name=name, defaults={"slug": name.lower().replace(" ", "-")})[0]
        for name in data["tags"]
    )
    article.related_events.set(events[key] for key in data["events"])
    article.photo_links.all().delete()
    ArticlePhoto.objects.bulk_create(
        ArticlePhoto(article=article, photo=photos[key], order=i)
        for i, key in enumerate(data["photos"])
    )
    for key, event_slug in zip(data["photos"], data["events"], strict=False):
        EventPhoto.objects.get_or_create(event=events[event_slug], photo=photos[key])
    article.contact_links.all().delete()
    if data["kind"] != "coverage":
        ArticleContact.objects.bulk_create(
            [
                ArticleContact(
                    article=article,
                    contact=contacts["demo-lead"],
                    role=ContactRole.RESPONSIBLE,
                    order=0,
                ),
                ArticleContact(
                    article=article,
                    contact=contacts["demo-contact"],
                    role=ContactRole.CONTACT,
                    order=1,
                ),
            ]
        )
    article.quotes.all().delete()
    for order, (speaker_slug, event_slug, text) in enumerate(data["quotes"]):
        speaker = people[speaker_slug]
        Quote.objects.create(
            text=text,
            speaker=speaker,
            speaker_title=speaker.title,
            organisation=speaker.organisation,
            said_on=released.date(),
            article=article,
            event=events.get(event_slug),
            approved_for_reuse=speaker.is_spokesperson,
            order=order,
        )
    return article


def _demo_kit(article, events):
    kit, _ = PressKit.objects.update_or_create(
        slug=f"{article.slug}-kit",
        defaults={
            "title": article.headline,
            "summary": article.deck_lines[0] if article.deck_lines else "",
            "status": Status.PUBLISHED,
            "release_at": article.release_at,
        },
    )
    kit.articles.set([article])
    kit.events.set(events)
    return kit


@transaction.atomic
def demo_account_ensure(*, username, role, first_name, last_name) -> tuple[str, str]:
    """A staff account in one of the press-office roles, with a fresh password each time."""
    user, _ = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@example.com",
        },
    )
    password = secrets.token_urlsafe(12)
    user.is_staff = True
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    return username, password


@transaction.atomic
def demo_second_factor_ensure(*, username) -> dict:
    """A fresh authenticator-app device and recovery codes for a demo account that needs them.

    The demo's editor must log in with a second factor like any editor; `create_demo_editor` prints
    the key (for an authenticator app) and recovery codes (for a newcomer without one).
    """
    user = get_user_model().objects.get(username=username)
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=True)
    return {
        "secret": totp_secret(device),
        "otpauth": device.config_url,
        "recovery_codes": recovery_codes_issue(user=user),
    }


def demo_second_factor_remove(*, username) -> None:
    """The demo writer logs in with a password only (writers may enrol, but are not made to)."""
    user = get_user_model().objects.get(username=username)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def demo_editor_ensure():
    return demo_account_ensure(
        username=DEMO_EDITOR_USERNAME, role=EDITOR, first_name="데모", last_name="편집자"
    )


def demo_writer_ensure():
    return demo_account_ensure(
        username=DEMO_WRITER_USERNAME, role=WRITER, first_name="데모", last_name="작성자"
    )
