"""Small hand-written factories: each returns a saved object with sensible Korean defaults."""

import io
import itertools
from datetime import timedelta

import reversion
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ExifTags, Image

from articles.models import Article, ArticleContact, ArticlePhoto
from core.models import Status
from events.models import Event, Session, Venue
from organisations.models import Organisation, PressContact
from photos.embedded import embedded_photos_record
from photos.services import photo_create
from spokespeople.models import Person, Quote

_seq = itertools.count(1)


def jpeg_bytes(size=(64, 48), colour=(200, 80, 40), exif=None, fmt="JPEG"):
    out = io.BytesIO()
    image = Image.new("RGB", size, colour)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def private_exif(orientation=1):
    """EXIF as a phone writes it: location, camera serial and owner, which uploads must remove."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCam"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (35.0, 49.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (128.0, 44.0, 10.0)
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    sub[ExifTags.Base.BodySerialNumber] = "SN-123456"
    sub[ExifTags.Base.CameraOwnerName] = "Hong Gildong"
    sub[ExifTags.Base.DateTimeOriginal] = "2023:10:16 10:30:00"
    return exif


def upload(data=None, name="사진.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(
        name, data if data is not None else jpeg_bytes(), content_type=content_type
    )


def make_photo(**fields):
    fields.setdefault("alt_text", "시험용 사진")
    return photo_create(upload=upload(), **fields)


def make_organisation(**fields):
    n = next(_seq)
    fields.setdefault("name", f"기관 {n}")
    return Organisation.objects.create(**fields)


def make_contact(**fields):
    n = next(_seq)
    fields.setdefault("name", f"담당자{n}")
    fields.setdefault("department", "대외협력팀")
    fields.setdefault("position", "선임")
    fields.setdefault("phone", f"053-819-{n:04d}")
    fields.setdefault("organisation", make_organisation())
    return PressContact.objects.create(**fields)


def make_article(status=Status.PUBLISHED, release_in=None, photos=0, contacts=0, **fields):
    """A release; `release_in` (a timedelta) puts its release time in the future or past.

    `contacts` gives it 담당자: a number of new ones, or the PressContacts to list in order.
    """
    n = next(_seq)
    fields.setdefault("headline", f"보도자료 제목 {n}")
    fields.setdefault("slug", f"release-{n}")
    fields.setdefault("body", f"<p>본문 {n}</p>")
    fields.setdefault("lead", f"리드 문단 {n}")
    if release_in is not None:
        fields["embargo_kind"] = "at"
        fields["embargo_at"] = timezone.now() + release_in
    with (
        reversion.create_revision()
    ):  # as everything made through the newsroom has a first revision
        article = Article.objects.create(status=status, **fields)
    embedded_photos_record(owner=article, html=article.body)  # as every admin save does
    for i in range(photos):
        ArticlePhoto.objects.create(
            article=article, photo=make_photo(caption=f"사진 {n}-{i}"), order=i
        )
    if isinstance(contacts, int):
        contacts = [make_contact() for _ in range(contacts)]
    for i, contact in enumerate(contacts):
        ArticleContact.objects.create(article=article, contact=contact, order=i)
    return article


def make_venue(**fields):
    n = next(_seq)
    fields.setdefault("name", f"행사장 {n}")
    fields.setdefault("city", "대구")
    return Venue.objects.create(**fields)


def make_event(
    status=Status.PUBLISHED, starts_in=timedelta(days=10), sessions=1, release_in=None, **fields
):
    n = next(_seq)
    fields.setdefault("title", f"행사 {n}")
    fields.setdefault("slug", f"event-{n}")
    if release_in is not None:
        fields["release_at"] = timezone.now() + release_in
    with reversion.create_revision():
        event = Event.objects.create(status=status, **fields)
    embedded_photos_record(owner=event, html=event.description)
    venue = make_venue() if sessions else None
    start = timezone.now() + starts_in
    for i in range(sessions):
        Session.objects.create(
            event=event,
            title=f"세션 {i + 1}",
            starts_at=start + timedelta(days=i),
            ends_at=start + timedelta(days=i, hours=3),
            venue=venue,
        )
    return event


def make_person(**fields):
    n = next(_seq)
    fields.setdefault("name", f"홍길동{n}")
    fields.setdefault("slug", f"person-{n}")
    fields.setdefault("title", "원장")
    fields.setdefault("is_spokesperson", True)
    if "organisation" not in fields:
        fields["organisation"] = make_organisation(short_name=f"기관{n}")
    return Person.objects.create(**fields)


def make_quote(speaker=None, **fields):
    speaker = speaker or make_person()
    n = next(_seq)
    fields.setdefault("text", f"발언 내용 {n}")
    fields.setdefault("said_on", timezone.localdate())
    fields.setdefault("speaker_title", speaker.title)
    return Quote.objects.create(speaker=speaker, **fields)
