"""The admin, composed once.

Each app defines its own admin classes; the project, which may import every app, puts together the
ones that span apps and registers them: releases and events get the quote inline (spokespeople), the
kit export action (presskits) and the Korean search box (search); quotes and people get the search
box. No app re-registers another app's admin.
"""

from django.contrib import admin

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
