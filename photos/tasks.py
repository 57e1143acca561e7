"""Photo work done by the task worker."""

from django.tasks import task

from photos.services import photo_renditions_make, photo_unused_upload_discard


@task(queue_name="default")
def discard_unused_upload(photo_id: int) -> bool:
    """A photo dropped into a form that was never saved: removed a day later if still unused."""
    return photo_unused_upload_discard(photo_id=photo_id)


@task(queue_name="default")
def make_renditions(photo_id: int) -> bool:
    """The web copies of a photo's file, queued when it is stored; idempotent, made once."""
    return photo_renditions_make(photo_id=photo_id)
