from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from photos.imaging import ImageInfo, inspect_image, strip_private_metadata
from photos.models import Photo


def photo_prepare_upload(*, upload) -> tuple[ContentFile, ImageInfo]:
    """Validate an uploaded file and return a cleaned copy ready to store.

    Raises ValidationError with a Korean message for anything we do not accept.
    """
    upload.seek(0)
    data = upload.read()
    info = inspect_image(data)
    cleaned = strip_private_metadata(data, info.format)
    stem = PurePath(getattr(upload, "name", "") or "photo").stem
    return ContentFile(cleaned, name=f"{stem}.{info.extension}"), info


@transaction.atomic
def photo_create(*, upload, alt_text, user=None, **fields) -> Photo:
    """Store an uploaded photo as a Photo record, with the same checks as the admin form."""
    content, info = photo_prepare_upload(upload=upload)
    photo = Photo(
        alt_text=alt_text,
        original_filename=PurePath(getattr(upload, "name", "") or content.name).name[:255],
        created_by=user,
        updated_by=user,
        **fields,
    )
    photo.width, photo.height = info.width, info.height
    if photo.taken_at is None and info.taken_at is not None:
        photo.taken_at = timezone.make_aware(info.taken_at)
    photo.full_clean(exclude=["image"])
    photo.image.save(content.name, content, save=False)
    photo.save()
    return photo
