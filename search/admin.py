"""Synonyms for staff, the same Korean search engine behind the admin's search boxes, and indexing
after every admin save. gbtp/admin.py adds both mixins to the admins of what search covers."""

from django.contrib import admin

from search.engine import matching_ids
from search.models import SynonymGroup
from search.services import search_index_after_admin_save


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    list_display = ["__str__", "note"]
    search_fields = ["terms", "note"]


class KoreanSearchMixin:
    """Admin search boxes find what the public search finds (particles, compounds, synonyms)."""

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        ids = matching_ids(self.model, search_term)
        plain, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.filter(pk__in=ids) | plain, may_have_duplicates


class SearchIndexedAdmin:
    """Keeps the search index current after every admin save and restore of the item."""

    def after_save(self, request, obj):
        super().after_save(request, obj)
        search_index_after_admin_save(request, obj)
