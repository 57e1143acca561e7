from django.contrib import admin

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail can be searched and filtered, never edited or deleted here."""

    list_display = ["at", "action", "actor_label", "ip", "object_type", "object_repr"]
    list_filter = ["action", "object_type", "at"]
    search_fields = ["actor_label", "object_repr", "ip", "object_id"]
    date_hierarchy = "at"
    fields = [
        "at",
        "action",
        "actor",
        "actor_label",
        "ip",
        "object_type",
        "object_id",
        "object_repr",
        "details",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
