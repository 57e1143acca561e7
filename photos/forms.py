from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import VersionedForm
from photos.imaging import NOT_AN_IMAGE
from photos.models import Photo
from photos.services import (
    photo_describe,
    photo_original_filename,
    photo_prepare_upload,
    photo_store_file,
)


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


# The photo rows of a release or event form: a photo dropped in (or picked from the library) with
# its 대체 텍스트, 사진 설명 and 출처 written right there.

PHOTO_TEXT_FIELDS = ["alt_text", "caption", "credit"]


class PhotoLinkForm(forms.ModelForm):
    """One photo placed in a release or event, described in the same row.

    The texts belong to the photo, so they are written onto it: only the ones changed in this form,
    and only by someone who may change the photo (`Photo.can_change`).
    """

    user = None  # set by the inline for each request

    alt_text = Photo._meta.get_field("alt_text").formfield(required=False)
    caption = Photo._meta.get_field("caption").formfield(
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60})
    )
    # Blank is allowed here as on the photo's own form; the pre-publish checklist refuses it.
    credit = Photo._meta.get_field("credit").formfield(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        photo = self.instance.photo if self.instance.photo_id else None
        for name in PHOTO_TEXT_FIELDS:
            if photo is not None:
                self.initial[name] = getattr(photo, name)
        self.fields["alt_text"].widget.attrs["data-photo-alt"] = "1"

    def clean(self):
        cleaned = super().clean()
        photo = cleaned.get("photo")
        if photo is None or cleaned.get("DELETE"):
            return cleaned
        texts = self.photo_texts()
        if not (texts.get("alt_text", photo.alt_text) or "").strip():
            self.add_error(
                "alt_text",
                _("대체 텍스트를 써 주세요. 사진을 볼 수 없는 독자에게 읽어 주는 한 문장입니다."),
            )
        if texts and self.user is not None and not photo.can_change(self.user):
            self.add_error(
                None,
                _(
                    "이 사진의 설명과 출처는 사진을 올린 사람이나 편집자만 고칠 수 있습니다. "
                    "바꾼 내용을 되돌리거나 편집자에게 부탁하세요."
                ),
            )
        return cleaned

    def photo_texts(self) -> dict:
        """The photo's texts this form changes: a row left as it came keeps the photo's own.

        A text not posted at all (a client that sends only the photo and its order) is unchanged.
        """
        photo = self.cleaned_data.get("photo")
        if photo is None:
            return {}
        texts = {}
        for name in PHOTO_TEXT_FIELDS:
            value = self.cleaned_data.get(name)
            if name not in self.changed_data or self.add_prefix(name) not in self.data:
                continue
            value = (value or "").strip()
            if value != getattr(photo, name):
                texts[name] = value
        return texts

    def save(self, commit=True):
        link = super().save(commit)
        texts = self.photo_texts()
        if texts:
            photo_describe(photo=link.photo, by=self.user, **texts)
        return link
