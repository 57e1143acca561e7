"""Admin for people and quotes, and the quote inlines of releases and events.

Quotes point at releases and events, so their inlines are added here, where that dependency already
runs, by re-registering the release and event admins with one more inline.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.admin import ArticleAdmin
from articles.models import Article
from core.admin import AuditedAdmin
from events.admin import EventAdmin
from events.models import Event
from spokespeople.models import Person, Quote


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "title", "organisation", "is_spokesperson", "phone", "email"]
    list_filter = ["is_spokesperson", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "title", "organisation__name", "organisation__short_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation", "headshot"]


@admin.register(Quote)
class QuoteAdmin(AuditedAdmin):
    list_display = [
        "speaker",
        "speaker_title",
        "excerpt",
        "said_on",
        "article",
        "event",
        "approved_for_reuse",
    ]
    list_filter = ["approved_for_reuse", "said_on", "speaker"]
    list_select_related = ["speaker__organisation", "article", "event__series"]
    search_fields = ["text", "speaker__name", "speaker_title"]
    date_hierarchy = "said_on"
    autocomplete_fields = ["speaker", "organisation", "article", "event"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or obj.can_change(request.user)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or obj.can_change(request.user)
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(Article.permission("review")):
            fields.append("approved_for_reuse")  # clearing a quote for reuse is an editor's call
        return fields

    @admin.display(description=_("발언"))
    def excerpt(self, obj):
        return obj.text[:60]


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker", "organisation"]
    fields = [
        "speaker",
        ("speaker_title", "organisation"),
        "said_on",
        "text",
        "approved_for_reuse",
        "order",
    ]


class ArticleWithQuotesAdmin(ArticleAdmin):
    inlines = [*ArticleAdmin.inlines, QuoteInline]


class EventWithQuotesAdmin(EventAdmin):
    inlines = [*EventAdmin.inlines, QuoteInline]


admin.site.unregister(Article)
admin.site.register(Article, ArticleWithQuotesAdmin)
admin.site.unregister(Event)
admin.site.register(Event, EventWithQuotesAdmin)
