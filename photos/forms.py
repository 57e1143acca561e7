from django.utils import timezone

from core.admin import VersionedForm
from photos.imaging import NOT_AN_IMAGE
from photos.models import Photo
from photos.services import photo_prepare_upload


class PhotoForm(VersionedForm):
    class Meta:
        model = Photo
        fields = [
            "image", "alt_text", "caption", "credit", "rights_holder", "licence", "consent", "taken_at",
        ]  # fmt: skip
        error_messages = {"image": {"invalid_image": NOT_AN_IMAGE}}

    upload_info = None

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        # An unchanged file on an existing photo is already clean; only new uploads are inspected.
        if upload and hasattr(upload, "content_type"):
            content, self.upload_info = photo_prepare_upload(upload=upload)
            self.instance.width, self.instance.height = (
                self.upload_info.width,
                self.upload_info.height,
            )
            if not self.instance.original_filename:
                self.instance.original_filename = upload.name[:255]
            return content
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("taken_at") and self.upload_info and self.upload_info.taken_at:
            cleaned["taken_at"] = timezone.make_aware(self.upload_info.taken_at)
        return cleaned
