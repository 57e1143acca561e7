"""Media contacts in the admin: outlets, journalists and lists, and CSV import and export.

The import is two requests: the upload shows a preview (contacts.services plans, nothing is
written) and keeps the file's rows in the staff member's own session under a random token; the
confirmation names that token and the service writes the plan, or nothing. No row of the file ever
travels through the page, so nothing the browser sends back can change what is imported.
"""

import secrets

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.forms import ImportUploadForm
from contacts.models import Journalist, MediaList, Outlet
from contacts.services import (
    ImportRefused,
    ImportUpload,
    contacts_export,
    contacts_import_apply,
    contacts_import_plan,
    media_list_change_record,
    media_lists_delete,
)
from core.admin import AuditedAdmin
from core.filenames import content_disposition
from core.views import mark_private

SESSION_KEY = "contacts_import"
RECORD_FIELDS = (
    gettext_lazy("기록"),
    {"classes": ["collapse"], "fields": AuditedAdmin.readonly_fields},
)


class WithoutRevisions:
    """Journalists and lists keep no revisions (a deleted journalist's details must not outlive the
    record): their history page is Django's log of admin changes, with nothing to restore."""

    object_history_template = "admin/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        return admin.ModelAdmin.history_view(self, request, object_id, extra_context)

    def restore_view(self, request, object_id, version_id):
        raise Http404


def _csv_response(export):
    response = HttpResponse(export.content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition(
        export.name, ascii_fallback=export.ascii_name
    )
    return mark_private(response)


def _may_export(request):
    return request.user.has_perm("contacts.export_journalist")


class RegionFilter(admin.SimpleListFilter):
    """The regions written on the records, blanks left out."""

    title = gettext_lazy("지역")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        regions = (
            model_admin.model._default_manager.exclude(region="")
            .order_by("region")
            .values_list("region", flat=True)
            .distinct()
        )
        return [(region, region) for region in regions]

    def queryset(self, request, queryset):
        return queryset.filter(region=self.value()) if self.value() else queryset


@admin.register(Outlet)
class OutletAdmin(AuditedAdmin):
    list_display = ["name", "kind", "region", "journalist_count", "website"]
    list_filter = ["kind", RegionFilter]
    search_fields = ["name", "region"]
    fieldsets = [(None, {"fields": ["name", "kind", "region", "website"]}), RECORD_FIELDS]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description=gettext_lazy("기자 수"), ordering="journalist_count")
    def journalist_count(self, obj):
        return obj.journalist_count


@admin.register(Journalist)
class JournalistAdmin(WithoutRevisions, AuditedAdmin):
    list_display = [
        "name", "outlet", "outlet_kind", "desk", "email", "phone", "region", "embargo_consent",
        "list_names", "active",
    ]  # fmt: skip
    list_filter = ["active", "embargo_consent", "outlet__kind", RegionFilter, "lists", "language"]
    list_select_related = ["outlet"]
    search_fields = ["name", "email", "desk", "phone", "region", "outlet__name"]
    autocomplete_fields = ["outlet"]
    readonly_fields = [*AuditedAdmin.readonly_fields, "list_names"]
    actions = ["export_selected"]
    change_list_template = "contacts/journalist_change_list.html"
    fieldsets = [
        (None, {"fields": ["name", "outlet", "desk", "email", "phone", "language", "region"]}),
        (gettext_lazy("엠바고"), {"fields": ["embargo_consent", "embargo_consent_on"]}),
        (gettext_lazy("명단과 메모"), {"fields": ["list_names", "active", "note"]}),
        RECORD_FIELDS,
    ]

    def get_queryset(self, request):
        # The outlet is part of a journalist's name (autocomplete, audit lines): read with it.
        return super().get_queryset(request).select_related("outlet").prefetch_related("lists")

    @admin.display(description=gettext_lazy("매체 유형"), ordering="outlet__kind")
    def outlet_kind(self, obj):
        return obj.outlet.get_kind_display() if obj.outlet_id else ""

    @admin.display(description=gettext_lazy("명단"))
    def list_names(self, obj):
        return "; ".join(sorted(media_list.name for media_list in obj.lists.all()))

    def has_import_permission(self, request):
        return request.user.has_perm("contacts.import_journalist")

    def has_export_permission(self, request):
        return _may_export(request)

    @admin.action(
        description=gettext_lazy("선택한 기자 CSV 파일로 내보내기"), permissions=["export"]
    )
    def export_selected(self, request, queryset):
        return _csv_response(contacts_export(queryset, by=request.user, request=request))

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    # Import: upload and preview, then confirm.

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            path(
                "import/confirm/",
                self.admin_site.admin_view(self.import_confirm_view),
                name="{}_{}_import_confirm".format(*info),
            ),
            *super().get_urls(),
        ]

    def _page(self, request, template, title, **context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": title,
                **context,
            },
        )

    def _preview(self, request, plan, token, upload):
        return mark_private(
            self._page(
                request,
                "contacts/import_preview.html",
                _("가져오기 미리 보기"),
                plan=plan,
                token=token,
                upload=upload,
            )
        )

    def _changelist_url(self):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")

    def _import_url(self):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            plan = contacts_import_plan(form.upload)
            token = secrets.token_urlsafe(32)
            request.session[SESSION_KEY] = {
                "token": token,
                "user": request.user.pk,
                "digest": plan.digest,
                "upload": form.upload.as_data(),
            }
            return self._preview(request, plan, token, form.upload)
        return self._page(
            request, "contacts/import_form.html", _("기자 연락처 CSV 가져오기"), form=form
        )

    def import_confirm_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseRedirect(self._import_url())
        stored = request.session.get(SESSION_KEY) or {}
        if not (
            stored.get("user") == request.user.pk
            and constant_time_compare(str(stored.get("token", "")), request.POST.get("token", ""))
        ):
            self.message_user(
                request,
                _("확인할 가져오기를 찾을 수 없습니다. 파일을 다시 올려 주세요."),
                messages.ERROR,
            )
            return HttpResponseRedirect(self._import_url())
        if "_cancel" in request.POST:
            request.session.pop(SESSION_KEY, None)
            self.message_user(request, _("가져오기를 취소했습니다."), messages.INFO)
            return HttpResponseRedirect(self._changelist_url())
        upload = ImportUpload.from_data(stored["upload"])
        try:
            plan = contacts_import_apply(
                upload, expected_digest=stored["digest"], by=request.user, request=request
            )
        except ImportRefused as refused:
            self.message_user(request, refused.message, messages.ERROR)
            if refused.plan is None:
                request.session.pop(SESSION_KEY, None)
                return HttpResponseRedirect(self._import_url())
            request.session[SESSION_KEY] = {**stored, "digest": refused.plan.digest}
            return self._preview(request, refused.plan, stored["token"], upload)
        request.session.pop(SESSION_KEY, None)
        self.message_user(
            request,
            _(
                "가져왔습니다. 새 기자 %(created)s명, 고친 기자 %(updated)s명, 그대로인 기자 "
                "%(same)s명입니다."
            )
            % {
                "created": len(plan.creates),
                "updated": len(plan.updates),
                "same": len(plan.unchanged),
            },
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._changelist_url())


@admin.register(MediaList)
class MediaListAdmin(WithoutRevisions, AuditedAdmin):
    list_display = ["name", "description", "member_count", "consenting_count", "updated_at"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["members"]
    actions = ["export_members"]
    fieldsets = [(None, {"fields": ["name", "description", "members"]}), RECORD_FIELDS]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description=gettext_lazy("기자 수"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count

    @admin.display(description=gettext_lazy("엠바고 동의 기자 수"), ordering="consenting_count")
    def consenting_count(self, obj):
        return obj.consenting_count

    def has_export_permission(self, request):
        return _may_export(request)

    @admin.action(
        description=gettext_lazy("선택한 명단의 기자 CSV 파일로 내보내기"), permissions=["export"]
    )
    def export_members(self, request, queryset):
        media_lists = list(queryset)
        journalists = Journalist.objects.filter(lists__in=media_lists).distinct()
        export = contacts_export(
            journalists, by=request.user, request=request, media_lists=media_lists
        )
        return _csv_response(export)

    def save_related(self, request, form, formsets, change):
        # Read before the form's members are saved: the audit line names who came and went.
        before = set(form.instance.members.values_list("pk", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        media_list_change_record(
            media_list=form.instance,
            members_before=before,
            by=request.user,
            request=request,
            created=not change,
            fields=[name for name in form.changed_data if name in ("name", "description")],
        )

    def delete_model(self, request, obj):
        media_lists_delete([obj], by=request.user, request=request)

    def delete_queryset(self, request, queryset):
        media_lists_delete(list(queryset), by=request.user, request=request)
