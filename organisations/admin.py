from django.contrib import admin

from core.admin import AuditedAdmin
from organisations.models import Organisation, PressContact


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "english_name", "website"]
    search_fields = ["name", "short_name", "english_name"]


@admin.register(PressContact)
class PressContactAdmin(AuditedAdmin):
    list_display = ["name", "position", "department", "phone", "email", "organisation", "is_active"]
    list_filter = ["is_active", "department", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "department", "phone", "email"]
    autocomplete_fields = ["organisation"]
