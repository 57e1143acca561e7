"""Photos placed inside rich text (a release's body, an event's description), as a stored relation.

The editor inserts a photo by its address (`/photos/<storage name>`, or a rendition
`/photos/w<width>/<stem>-<digest>.<fmt>`, or `/photos/w<width>/<stem>.<fmt>` as older pages had it). After each save the owner's `embedded_photos` relation is set to
exactly the photos its text shows, and the public rule for photos reads that relation: an image in
a body is public exactly while the body's item is, with no text search at request time.
"""

import re
from html import unescape

from django.db.models import Exists, OuterRef, Q
from django.urls import resolve

from core.sanitize import photo_path
from photos.models import PHOTO_DIR, Photo

IMAGE_SRC = re.compile(r"""<img\b[^>]*?\bsrc=["']([^"']+)["']""", re.IGNORECASE)


def embedded_photos_q(html: str) -> Q:
    """A filter on Photo selecting the photos whose addresses appear as images in `html`.

    Addresses are read as the sanitiser reads them (`core.sanitize.photo_path`, the URL
    configuration's photo file and rendition routes), so the two cannot disagree.
    """
    names, stems = [], []
    for src in IMAGE_SRC.findall(html or ""):
        path = photo_path(unescape(src))
        if path is None:
            continue
        match = resolve(path)
        if match.url_name == "rendition":
            stems.append(match.kwargs["stem"])
        else:
            names.append(PHOTO_DIR + match.kwargs["name"])
    found = Q(image__in=names)
    for stem in dict.fromkeys(stems):
        found |= Q(image__startswith=PHOTO_DIR, image__contains=f"/{stem}.")
    return found


def embedded_photos_record(*, owner, html: str) -> None:
    """Set `owner.embedded_photos` to the photos `html` shows; called after every save of the text."""
    owner.embedded_photos.set(
        Photo.objects.filter(embedded_photos_q(html)).values_list("pk", flat=True)
    )


def embedded_photos_backfill(app_label: str, model_name: str, field: str):
    """A migration's RunPython function recording the photos that stored texts already show.

    Works on the migration's historical models, with the same reading of addresses as above.
    """

    def backfill(apps, schema_editor):
        owners = apps.get_model(app_label, model_name)._default_manager
        photos = apps.get_model("photos", "Photo")._default_manager
        for owner in owners.exclude(**{field: ""}).only("pk", field).iterator():
            found = photos.filter(embedded_photos_q(getattr(owner, field)))
            owner.embedded_photos.set(found.values_list("pk", flat=True))

    return backfill


def photos_linked(link_model, owner_field: str, owners, photo_field: str = "photo_id") -> Q:
    """A filter on Photo: the photos a link table (photo, owner) gives the `owners` queryset.

    A correlated EXISTS: for one photo (a file request) it is an index lookup of that photo's
    links, whatever the number of items; `pk IN (all photos of all public items)` grew with them.
    """
    return Q(
        Exists(
            link_model.objects.filter(**{photo_field: OuterRef("pk"), f"{owner_field}__in": owners})
        )
    )
