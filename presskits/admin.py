"""Press kits in the admin: curated kits, the 보도자료 양식, and "보도자료 키트 내려받기".

The action is defined here; gbtp/admin.py adds it to the release and event admins it composes. It
hands out the stored kit the worker built (asking for one if there is none yet), never builds in
the request.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article, Kind
from audit.models import Action
from audit.services import audit_record
from core.admin import PublishableAdmin
from events.models import Event
from presskits.letterhead import LOGO_MAX_BYTES, logo_check
from presskits.models import Letterhead, PressKit
from presskits.services import kit_build_for, kit_builds_request, kit_owners_touched_by
from sharing.registry import add_link_url

TARGETS = {Article: "release", Event: "event", PressKit: "presskit"}
KIT_FAILED = gettext_lazy(
    "키트를 만들지 못했습니다. 서버의 저장 공간에 문제가 있을 수 있습니다. "
    "다시 만들고 있으니 잠시 후 확인하고, 계속되면 관리자에게 알려 주세요."
)


def _kit_links(request, objects):
    """One line per item: its stored ZIP, or word that the worker is making it."""
    lines = []
    for obj in objects:
        if isinstance(obj, Article) and obj.kind == Kind.COVERAGE:
            lines.append(
                (str(obj), "", _("언론보도는 다른 언론사의 기사라 키트를 만들지 않습니다."))
            )
            continue
        build = kit_build_for(obj, create=True)
        if build.ready:
            target = TARGETS[type(obj)]
            key = obj.slug if target == "presskit" else obj.pk
            name = "download" if target == "presskit" else f"{target}_download"
            lines.append((str(obj), reverse(f"presskits:{name}", args=[key]), _("ZIP 내려받기")))
            audit_record(action=Action.EXPORT, actor=request.user, request=request, obj=obj)
            continue
        if build.failures:
            # The worker retries on its own; asking again starts a new attempt at once.
            kit_builds_request({TARGETS[type(obj)].replace("release", "article"): {obj.pk}})
            lines.append((str(obj), "", KIT_FAILED))
            continue
        lines.append((str(obj), "", _("키트를 만드는 중입니다. 1분쯤 뒤에 다시 눌러 주세요.")))
    return lines


def _report(model_admin, request, lines):
    items = format_html_join(
        "",
        "<li>{}: {}</li>",
        (
            (title, format_html('<a href="{}">{}</a>', url, text) if url else text)
            for title, url, text in lines
        ),
    )
    waiting = any(not url for _title, url, _text in lines)
    model_admin.message_user(
        request,
        format_html("{}<ul>{}</ul>", _("보도자료 키트"), items),
        messages.WARNING if waiting else messages.SUCCESS,
    )


@admin.action(description=gettext_lazy("보도자료 키트 내려받기"), permissions=["view"])
def export_kit_for_selection(model_admin, request, queryset):
    _report(model_admin, request, _kit_links(request, queryset))


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

    @admin.action(description=gettext_lazy("선택한 키트 ZIP 내려받기"), permissions=["view"])
    def export_selected(self, request, queryset):
        _report(self, request, _kit_links(request, queryset))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["share_add_url"] = add_link_url(request.user, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


class LetterheadForm(forms.ModelForm):
    class Meta:
        model = Letterhead
        fields = ["name", "logo", "address", "homepage", "phone", "licence", "footer"]

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):  # a new file; a kept one was checked when it came
            logo.seek(0)
            data = logo.read(LOGO_MAX_BYTES + 1)
            logo.seek(0)
            try:
                logo_check(data)
            except ValueError as problem:
                raise ValidationError(str(problem)) from problem
        return logo


@admin.register(Letterhead)
class LetterheadAdmin(admin.ModelAdmin):
    """One 보도자료 양식: the list opens the form, there is nothing to add or delete."""

    form = LetterheadForm
    fieldsets = [
        (None, {"fields": ["name", "logo"]}),
        (gettext_lazy("연락처"), {"fields": ["address", "homepage", "phone"]}),
        (gettext_lazy("이용 조건과 바닥글"), {"fields": ["licence", "footer"]}),
    ]

    def has_add_permission(self, request):
        return not Letterhead.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        current = Letterhead.objects.order_by("pk").first()
        if current is None:
            return HttpResponseRedirect(reverse("admin:presskits_letterhead_add"))
        return HttpResponseRedirect(reverse("admin:presskits_letterhead_change", args=[current.pk]))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Every stored kit prints the letterhead: all of them are made again.
        kit_builds_request(kit_owners_touched_by(obj))
