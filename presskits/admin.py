"""Press kits in the admin, and the "보도자료 키트 내려받기" action on releases and events.

The action is defined here; gbtp/admin.py adds it to the release and event admins it composes.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article
from core.admin import PublishableAdmin
from presskits.contents import contents_for_items, contents_of_kit
from presskits.models import PressKit
from presskits.services import PressKitExportError, presskit_export_to_storage
from sharing.registry import add_link_url


def _export(model_admin, request, contents):
    """Export one kit to storage and tell staff how it went, failures included, never as a 500."""
    try:
        name, problems = presskit_export_to_storage(
            contents=contents, by=request.user, request=request
        )
    except PressKitExportError as failure:  # logged with its cause by the service
        model_admin.message_user(request, str(failure), messages.ERROR)
        return
    _report_export(model_admin, request, name, problems)


def _report_export(model_admin, request, name, problems):
    url = reverse("presskits:export", args=[name.removeprefix("exports/")])
    message = format_html(
        '{} <a href="{}">{}</a>', _("키트를 만들었습니다."), url, _("ZIP 내려받기")
    )
    if problems:
        items = format_html_join("", "<li>{}</li>", ((p,) for p in problems))
        message = format_html(
            "{}<br>{}<ul>{}</ul>",
            message,
            _("확인할 문제 (나머지 파일은 모두 들어 있습니다):"),
            items,
        )
    model_admin.message_user(request, message, messages.WARNING if problems else messages.SUCCESS)


@admin.action(description=gettext_lazy("보도자료 키트 내려받기"), permissions=["view"])
def export_kit_for_selection(model_admin, request, queryset):
    items = list(queryset)
    if model_admin.model is Article:
        contents = contents_for_items(articles=items)
    else:
        contents = contents_for_items(events=items)
    _export(model_admin, request, contents)


@admin.register(PressKit)
class PressKitAdmin(PublishableAdmin):
    list_display = ["title", "state_display", "release_at", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["articles", "events", "photos", "people"]
    actions = [*PublishableAdmin.actions, "export_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary"]}),
        (gettext_lazy("담을 내용"), {"fields": ["articles", "events", "photos", "people"]}),
        (gettext_lazy("게시"), {"fields": ["state_display", "release_at"]}),
        (
            gettext_lazy("기록"),
            {"classes": ["collapse"], "fields": PublishableAdmin.readonly_fields},
        ),
    ]

    @admin.action(description=gettext_lazy("선택한 키트 ZIP 만들기"), permissions=["view"])
    def export_selected(self, request, queryset):
        for kit in queryset:
            _export(self, request, contents_of_kit(kit))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["share_add_url"] = add_link_url(request.user, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)
