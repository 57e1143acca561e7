from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import display_filename, store_upload
from photos.imaging import ImageInfo, check_density, inspect_image, strip_private_metadata
from photos.models import Photo

PHOTO_NOT_STORED = _(
    "사진을 저장하지 못했습니다. 서버의 저장 공간에 문제가 있습니다. "
    "잠시 후 다시 시도하고, 계속되면 관리자에게 알려 주세요."
)


def photo_prepare_upload(*, upload) -> tuple[ContentFile, ImageInfo]:
    """Validate an uploaded file and return a cleaned copy ready to store.

    Raises ValidationError with a Korean message for anything we do not accept.
    """
    upload.seek(0)
    data = upload.read()
    info = inspect_image(data)
    cleaned = strip_private_metadata(data, info.format)
    del data  # the original may be tens of megabytes; only the cleaned copy goes on
    # Judged again without the metadata and padding an upload could use to look less compressed
    # (only the pixel count matters, so the displayed size serves).
    check_density(len(cleaned), info.width, info.height)
    return ContentFile(cleaned, name=f"photo.{info.extension}"), info


def photo_original_filename(upload) -> str:
    """The name the photographer gave the file, fit to show in the admin."""
    return display_filename(getattr(upload, "name", "") or "")


def photo_store_file(*, photo: Photo, content: ContentFile) -> str:
    """Write the cleaned file for `photo`; a storage failure is a ValidationError in Korean."""
    return store_upload(photo.image, content.name, content, message=PHOTO_NOT_STORED)


@transaction.atomic
def photo_create(*, upload, alt_text, user=None, **fields) -> Photo:
    """Store an uploaded photo as a Photo record, with the same checks as the admin form."""
    content, info = photo_prepare_upload(upload=upload)
    photo = Photo(
        alt_text=alt_text,
        original_filename=photo_original_filename(upload) or content.name,
        created_by=user,
        updated_by=user,
        **fields,
    )
    photo.width, photo.height = info.width, info.height
    if photo.taken_at is None and info.taken_at is not None:
        photo.taken_at = timezone.make_aware(info.taken_at)
    photo.full_clean(exclude=["image"])
    photo_store_file(photo=photo, content=content)
    try:
        photo.save()
    except BaseException:
        photo.image.delete(save=False)  # no file without its record
        raise
    return photo
