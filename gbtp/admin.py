"""The admin, composed once.

Each app defines its own admin classes; the project, which may import every app, puts together the
ones that span apps and registers them: releases and events get the quote inline (spokespeople), the
kit export action (presskits) and the Korean search box (search); quotes and people get the search
box. No app re-registers another app's admin.
"""

from django.contrib import admin
from django.urls import reverse

from articles.admin import ArticleAdmin
from articles.models import Article
from events.admin import EventAdmin
from events.models import Event
from presskits.admin import export_kit_for_selection
from search.admin import KoreanSearchMixin
from spokespeople.admin import PersonAdmin, QuoteAdmin, QuoteInline
from spokespeople.models import Person, Quote


@admin.register(Article)
class ReleaseAdmin(KoreanSearchMixin, ArticleAdmin):
    inlines = [*ArticleAdmin.inlines, QuoteInline]
    actions = [*ArticleAdmin.actions, export_kit_for_selection]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Links to send the release to journalists (distribution) and to what came of it."""
        extra_context = dict(extra_context or {})
        if object_id and str(object_id).isdigit():
            if request.user.has_perm("distribution.add_mailing"):
                extra_context["distribution_send_url"] = reverse(
                    "admin:distribution_send", args=[object_id]
                )
            if request.user.has_perm("distribution.report_mailing"):
                extra_context["distribution_report_url"] = reverse(
                    "admin:distribution_report", args=[object_id]
                )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Event)
class NewsroomEventAdmin(KoreanSearchMixin, EventAdmin):
    inlines = [*EventAdmin.inlines, QuoteInline]
    actions = [*EventAdmin.actions, export_kit_for_selection]


@admin.register(Quote)
class NewsroomQuoteAdmin(KoreanSearchMixin, QuoteAdmin):
    pass


@admin.register(Person)
class NewsroomPersonAdmin(KoreanSearchMixin, PersonAdmin):
    pass
