"""Synonyms for staff, and the same Korean search engine behind the admin's search boxes.

gbtp/admin.py adds the search box to the admins of what search covers. Indexing after a save or
restore follows `core.signals.content_changed`, which every admin save sends (see search.apps)."""

from django.contrib import admin

from search.engine import matching_ids
from search.models import SynonymGroup


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
