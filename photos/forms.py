from django.core.exceptions import ValidationError
from django.utils import timezone

from core.admin import VersionedForm
from photos.imaging import NOT_AN_IMAGE
from photos.models import Photo
from photos.services import photo_original_filename, photo_prepare_upload, photo_store_file


class PhotoForm(VersionedForm):
    class Meta:
        model = Photo
        fields = [
            "image", "alt_text", "caption", "credit", "rights_holder", "licence", "consent", "taken_at",
        ]  # fmt: skip
        error_messages = {"image": {"invalid_image": NOT_AN_IMAGE}}

    upload_info = None
    prepared = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "image" in self.fields:
            # Stored under a random name, so the length of the name it was sent with does not matter.
            self.fields["image"].max_length = None

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        # An unchanged file on an existing photo is already clean; only new uploads are inspected.
        if upload and hasattr(upload, "content_type"):
            self.prepared, self.upload_info = photo_prepare_upload(upload=upload)
            self.instance.width, self.instance.height = (
                self.upload_info.width,
                self.upload_info.height,
            )
            if not self.instance.original_filename:
                self.instance.original_filename = photo_original_filename(upload)
            return self.prepared
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("taken_at") and self.upload_info and self.upload_info.taken_at:
            cleaned["taken_at"] = timezone.make_aware(self.upload_info.taken_at)
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # The file is written last, once everything else is valid, and still inside validation:
        # a full or read-only disk then shows on the field, with everything typed kept, and no row.
        if self.prepared is not None and not self._errors:
            try:
                photo_store_file(photo=self.instance, content=self.prepared)
            except ValidationError as exc:
                self.add_error("image", exc)
