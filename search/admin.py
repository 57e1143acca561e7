"""Synonyms for staff, and the same Korean search engine behind the admin's search boxes."""

from django.contrib import admin

from articles.models import Article
from events.models import Event
from search.engine import matching_ids
from search.models import SynonymGroup
from spokespeople.models import Person, Quote


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


for _model in (Article, Event, Quote, Person):
    _current = type(admin.site.get_model_admin(_model))
    admin.site.unregister(_model)
    admin.site.register(_model, type(_current.__name__, (KoreanSearchMixin, _current), {}))
