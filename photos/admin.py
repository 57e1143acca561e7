from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import AuditedAdmin
from photos.forms import PhotoForm, PhotoLinkForm
from photos.models import Photo
from photos.services import photo_renditions_request


@admin.register(Photo)
class PhotoAdmin(AuditedAdmin):
    form = PhotoForm
    list_display = ["thumbnail", "__str__", "credit", "licence", "consent", "size", "created_at"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = ["licence", "consent", "created_at"]
    search_fields = ["caption", "alt_text", "credit", "rights_holder", "original_filename"]
    date_hierarchy = "created_at"
    readonly_fields = ["preview", "size", "original_filename", *AuditedAdmin.readonly_fields]
    fieldsets = [
        (None, {"fields": ["image", "preview", "alt_text", "caption"]}),
        (_("출처와 권리"), {"fields": ["credit", "rights_holder", "licence", "consent"]}),
        (_("파일 정보"), {"fields": ["taken_at", "size", "original_filename"]}),
        (_("기록"), {"classes": ["collapse"], "fields": AuditedAdmin.readonly_fields}),
    ]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or obj.can_change(request.user)
        )

    def after_save(self, request, obj):
        # A new file (or a restored version of the photo) gets its web copies from the worker.
        photo_renditions_request(obj)
        super().after_save(request, obj)

    @admin.display(description=_("미리보기"))
    def thumbnail(self, obj):
        return photo_thumbnail(obj)

    @admin.display(description=_("미리보기"))
    def preview(self, obj):
        if not obj.pk or not obj.image:
            return "-"
        return format_html(
            '<img src="{}" alt="{}" style="max-width:480px;height:auto">',
            obj.get_absolute_url(),
            obj.alt_text,
        )

    @admin.display(description=_("크기"))
    def size(self, obj):
        return f"{obj.width}×{obj.height}" if obj.width else "-"


def photo_thumbnail(photo, height=48):
    if photo is None or not photo.image:
        return "-"
    return format_html(
        '<img src="{}" alt="" class="photo-thumb" style="height:{}px;width:auto">',
        photo.get_absolute_url(),
        height,
    )


class PhotoLinkInline(admin.StackedInline):
    """The photos of a release or event, in its own form: dropped in, previewed and described there.

    Several files can be dropped or chosen at once (static/admin/js/photo-drop.js sends each to
    `photos:stage` and fills a row with it); a photo from the library can be picked in a row too.
    Each row asks for the photo's 대체 텍스트, 사진 설명 and 출처, and its place in the order.
    """

    form = PhotoLinkForm
    extra = 0
    autocomplete_fields = ["photo"]
    template = "admin/photos/edit_inline/photo_links.html"
    fields = [("preview", "photo"), "alt_text", "caption", ("credit", "order")]
    readonly_fields = ["preview"]
    classes = ["photo-links"]

    class Media:
        js = ["admin/js/inline-rows.js", "admin/js/photo-drop.js"]

    @admin.display(description=_("미리보기"))
    def preview(self, link):
        return photo_thumbnail(link.photo if link.photo_id else None, height=96)

    # A form only to be viewed shows the photo's texts through these instead of its inputs.

    @admin.display(description=_("대체 텍스트"))
    def alt_text(self, link):
        return link.photo.alt_text if link.photo_id else "-"

    @admin.display(description=_("사진 설명"))
    def caption(self, link):
        return link.photo.caption if link.photo_id else "-"

    @admin.display(description=_("사진 출처 표기"))
    def credit(self, link):
        return link.photo.credit if link.photo_id else "-"

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = type(self.form.__name__, (self.form,), {"user": request.user})
        return super().get_formset(request, obj, **kwargs)
