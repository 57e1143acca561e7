from django.contrib import admin
from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _

from core.admin import PublishableAdmin, SlugHistoryAdmin
from events.models import EventFact, EventOrganisation, EventPhoto, Series, Session, Venue
from photos.admin import PhotoLinkInline
from photos.embedded import embedded_photos_record


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country", "address"]
    list_filter = ["country", "city"]
    search_fields = ["name", "city", "address"]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class SessionInline(admin.StackedInline):
    model = Session
    extra = 0
    autocomplete_fields = ["venue"]
    fields = [("title", "all_day"), ("starts_at", "ends_at"), "venue", "description"]


class EventOrganisationInline(admin.TabularInline):
    model = EventOrganisation
    extra = 0
    autocomplete_fields = ["organisation"]


class EventFactInline(admin.TabularInline):
    model = EventFact
    extra = 0


class EventPhotoInline(PhotoLinkInline):
    model = EventPhoto


class EventAdmin(SlugHistoryAdmin, PublishableAdmin):
    """The event form; registered by gbtp/admin.py with the quote inline, kit export and search."""

    list_display = ["full_title", "first_day", "last_day", "event_status", "state_display"]
    list_filter = ["status", "event_status", "series"]
    list_select_related = ["series"]
    search_fields = ["title", "summary", "series__name"]
    date_hierarchy = "release_at"
    # No prepopulated slug: it would copy Korean into the address. Left empty, the slug is the
    # title romanised (Event.fill_slug, while the form validates).
    autocomplete_fields = ["series"]
    inlines = [SessionInline, EventOrganisationInline, EventFactInline, EventPhotoInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    ("series", "edition"),
                    "summary",
                    "description",
                    "website",
                ]
            },
        ),
        (_("진행과 게시"), {"fields": ["event_status", "state_display", "release_at"]}),
        (_("기록"), {"classes": ["collapse"], "fields": PublishableAdmin.readonly_fields}),
    ]

    def after_save(self, request, obj):
        embedded_photos_record(owner=obj, html=obj.description)
        super().after_save(request, obj)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(first_start=Min("sessions__starts_at"), last_end=Max("sessions__ends_at"))
        )

    @admin.display(description=_("시작"), ordering="first_start")
    def first_day(self, obj):
        return obj.first_start

    @admin.display(description=_("종료"), ordering="last_end")
    def last_day(self, obj):
        return obj.last_end
