from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import AuditedAdmin
from photos.forms import PhotoForm
from photos.models import Photo


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

    @admin.display(description=_("미리보기"))
    def thumbnail(self, obj):
        if not obj.image:
            return "-"
        return format_html(
            '<img src="{}" alt="" style="height:48px;width:auto">', obj.get_absolute_url()
        )

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
