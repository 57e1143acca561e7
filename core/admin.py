"""Admin building blocks: author stamps, lost-update refusal, history, and the publishing workflow."""

import functools
from datetime import datetime

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.db.models import Max, Min, Value
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from audit.models import Action
from audit.services import audit_record
from core.fields import RichTextField
from core.history import revision_diff
from core.models import MOVES_WITH_REASON, Status, Transition, review_first
from core.sanitize import clean_html
from core.services import (
    ConflictError,
    check_version,
    publishable_transition,
    return_note,
    revision_restore,
)
from core.signals import content_changed

VERSION_FIELD = "expected_version"
# The reason typed beside 돌려보내기 (a workflow button on the change form, or the bulk action's page).
NOTE_FIELD = "_transition_note"
RENDERED_PREFIX = "rendered_"


def _rendered_rich_text(field):
    """A read-only display of a rich-text field as the HTML it is, not its source.

    The stored value was cleaned on save; it is cleaned again here before it is marked safe, so a
    row written around the admin (a fixture, SQL) still shows nothing but the allowed markup.
    """

    @admin.display(description=field.verbose_name)
    def show(obj):
        html = clean_html(getattr(obj, field.attname, "") or "")
        return format_html('<div class="rich-text-readonly">{}</div>', mark_safe(html))

    return show


class VersionedForm(forms.ModelForm):
    """Carries the version the editor started from, and refuses to overwrite a newer save."""

    expected_version = forms.IntegerField(
        label=gettext_lazy("편집을 시작한 판"), widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields[VERSION_FIELD].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        try:
            check_version(self.instance, cleaned.get(VERSION_FIELD))
        except ConflictError as conflict:
            # Keep everything typed; the next save, made knowingly, goes through.
            self.data = self.data.copy()
            self.data[self.add_prefix(VERSION_FIELD)] = conflict.current_version
            raise
        return cleaned


class AuditedAdmin(admin.ModelAdmin):
    """Stamps authors, refuses lost updates, and keeps a revision of every save with its history page."""

    form = VersionedForm
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    object_history_template = "admin/core/history.html"

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # `rendered_<name>` shows a rich-text field rendered where the form shows it read-only.
        self.rich_text_fields = [
            field.name for field in model._meta.fields if isinstance(field, RichTextField)
        ]
        for name in self.rich_text_fields:
            setattr(self, RENDERED_PREFIX + name, _rendered_rich_text(model._meta.get_field(name)))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not issubclass(form, VersionedForm):
            raise TypeError(f"{type(self).__name__}.form must derive from VersionedForm")
        return form

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if VERSION_FIELD in fields else [*fields, VERSION_FIELD]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and self.rich_text_fields:
            fieldsets = self._rich_text_rendered_where_readonly(request, obj, fieldsets)
        if any(VERSION_FIELD in _flatten(opts.get("fields", ())) for _name, opts in fieldsets):
            return fieldsets
        first_name, first_opts = fieldsets[0]
        return [
            (first_name, {**first_opts, "fields": [*first_opts["fields"], VERSION_FIELD]}),
            *fieldsets[1:],
        ]

    def _rich_text_rendered_where_readonly(self, request, obj, fieldsets):
        """On a form the user may only view, rich text appears rendered instead of as source.

        The form then has no input for the field at all (Django leaves every field of a view-only
        form out of it), so nothing posted can reach the stored value.
        """
        if self.has_change_permission(request, obj):
            return fieldsets

        def swap(fields):
            return [
                swap(field)
                if isinstance(field, (list, tuple))
                else RENDERED_PREFIX + field
                if field in self.rich_text_fields
                else field
                for field in fields
            ]

        return [
            (name, {**opts, "fields": swap(opts.get("fields", ()))}) for name, opts in fieldsets
        ]

    def changeform_view(self, request, *args, **kwargs):
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changelist_view(request, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        if reversion.is_active():
            reversion.set_comment(_("수정") if change else _("새로 작성"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.after_save(request, form.instance)

    def after_save(self, request, obj):
        """Derived records to bring up to date once the item and its inlines are stored.

        Runs after every admin save and every restore; admins extend it (photos placed in a body,
        the search index). Subclasses call this last: it tells other apps (press kits) that the
        item changed.
        """
        content_changed.send(sender=type(obj), instance=obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if hasattr(instance, "updated_by_id"):
                if instance.pk is None:
                    instance.created_by = request.user
                instance.updated_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    # History: revisions kept by django-reversion, compared and restored here.

    def get_urls(self):
        return [
            path(
                "<path:object_id>/history/restore/<int:version_id>/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_restore",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = list(Version.objects.get_for_object(obj).select_related("revision__user"))
        older_id, newer_id = request.GET.get("from"), request.GET.get("to")
        diff = None
        if older_id and newer_id:
            by_id = {str(v.pk): v for v in versions}
            if older_id in by_id and newer_id in by_id:
                diff = revision_diff(type(obj), by_id[older_id], by_id[newer_id])
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(name)s 변경 이력") % {"name": obj},
            "opts": self.opts,
            "object": obj,
            "versions": versions,
            "diff": diff,
            "from_id": older_id,
            "to_id": newer_id,
            "can_restore": self.has_change_permission(request, obj),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def restore_view(self, request, object_id, version_id):
        obj = self.get_object(request, object_id)
        if request.method != "POST" or obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_object(obj), pk=version_id)
        try:
            restored = revision_restore(
                obj=obj, version=version, by=request.user, request=request,
                expected_version=request.POST.get(VERSION_FIELD),
            )  # fmt: skip
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.after_save(request, restored)
            self.message_user(request, _("선택한 버전의 내용으로 복원했습니다."), messages.SUCCESS)
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        )


class WorkflowReasonCheck:
    """Refuses, before anything is saved, a workflow button that needs a reason and came without one.

    `PublishableAdmin.get_form` sets the move and the reason the request carries; the form then comes
    back with everything typed, the reason box included, and the item keeps its state.
    """

    workflow_move = ""
    workflow_note = ""

    def clean(self):
        cleaned = super().clean()
        if self.workflow_move in MOVES_WITH_REASON and not self.workflow_note.strip():
            raise ValidationError(
                reason_required_message(self.workflow_move), code="reason_required"
            )
        return cleaned


def reason_required_message(move):
    return _(
        "'%(move)s'에는 작성자에게 전할 이유를 적어야 합니다. 편집자 의견 칸에 적어 주세요."
    ) % {"move": Transition(move).label}


def _flatten(fields):
    for field in fields:
        if isinstance(field, (list, tuple)):
            yield from field
        else:
            yield field


@functools.cache
def _years_from_index(queryset_class):
    """`queryset_class` whose `datetimes(field, "year")` (the change list's row of years) probes
    each year between the first and last date for one row, through the date's index, instead of
    truncating the date of every row: two small queries whether there are 100 rows or 100,000."""

    class YearsFromIndex(queryset_class):
        def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
            if kind != "year" or connections[self.db].vendor != "postgresql":
                return super().datetimes(field_name, kind, order, tzinfo)
            bounds = self.aggregate(first=Min(field_name), last=Max(field_name))
            if bounds["first"] is None:
                return []
            zone = tzinfo or timezone.get_current_timezone()
            first, last = (timezone.localtime(bounds[k], zone).year for k in ("first", "last"))
            probes = [
                self.filter(
                    **{
                        f"{field_name}__gte": datetime(year, 1, 1, tzinfo=zone),
                        f"{field_name}__lt": datetime(year + 1, 1, 1, tzinfo=zone),
                    }
                )
                .order_by()
                .annotate(found_year=Value(year))
                .values_list("found_year", flat=True)[:1]
                for year in range(first, last + 1)
            ]
            found = probes[0].union(*probes[1:], all=True).order_by()
            found = sorted(found, reverse=order == "DESC")
            return [datetime(year, 1, 1, tzinfo=zone) for year in found]

    return YearsFromIndex


class PublishableAdmin(AuditedAdmin):
    """Workflow in the admin: state at a glance, buttons and bulk actions for each move, role checks.

    Every check is made on the server: a writer's forged POST meets the same refusal as a click.
    """

    change_form_template = "admin/core/publishable_change_form.html"

    @property
    def publisher_fields(self):
        """Fields only editors (holders of the publish permission) may set: the model's 보도시점."""
        return self.model.schedule_fields

    actions = [
        "submit_selected",
        "approve_selected",
        "return_selected",
        "publish_selected",
        "unpublish_selected",
    ]

    def has_review_permission(self, request):
        return request.user.has_perm(self.model.permission("review"))

    def has_publish_permission(self, request):
        return request.user.has_perm(self.model.permission("publish"))

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or obj.can_change(request.user)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        # Published or scheduled items are withdrawn, never deleted, so their history stays.
        return obj is None or (
            obj.status in (Status.DRAFT, Status.WITHDRAWN) and obj.can_change(request.user)
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if request.method != "POST":
            return form
        return type(
            form.__name__,
            (WorkflowReasonCheck, form),
            {
                "workflow_move": request.POST.get("_transition", ""),
                "workflow_note": request.POST.get(NOTE_FIELD, ""),
            },
        )

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "state_display", "release_at"]
        if not self.has_publish_permission(request):
            fields += [f for f in self.publisher_fields if f not in fields]
        return fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.date_hierarchy:
            queryset.__class__ = _years_from_index(queryset.__class__)
        return queryset

    def get_ordering(self, request):
        ordering = list(super().get_ordering(request) or ())
        if self.has_review_permission(request):
            # Editors see what waits for them first.
            ordering = [review_first().asc(), *ordering]
        return ordering

    @admin.display(description=gettext_lazy("상태"), ordering="status")
    def state_display(self, obj):
        css = "scheduled" if obj.is_scheduled else obj.status
        marker = format_html(
            '<input type="hidden" name="_version_{}" value="{}">', obj.pk, obj.version
        )
        return format_html('<span class="state state-{}">{}</span>{}', css, obj.state_label, marker)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        moves = obj.allowed_transitions(request.user) if obj is not None and obj.pk else []
        if add and request.user.has_perm(self.model.permission("add")):
            moves = [Transition.SUBMIT]
        context["transitions"] = [(move, Transition(move).label) for move in moves]
        # The reason box goes with 돌려보내기; what was typed comes back with a refused save.
        context["transition_reason_moves"] = [m for m in moves if m in MOVES_WITH_REASON]
        context["transition_note"] = request.POST.get(NOTE_FIELD, "") if request.POST else ""
        context["transition_note_field"] = NOTE_FIELD
        context["return_note"] = return_note(obj) if obj is not None and obj.pk else None
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id and request.POST.get("_transition"):
            obj = self.get_object(request, unquote(object_id))
            if (
                obj is not None
                and self.has_view_permission(request, obj)
                and not self.has_change_permission(request, obj)
            ):
                return self._move_without_saving(request, obj)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _move_without_saving(self, request, obj):
        """A workflow button on a form the user may only view (a writer taking back a submission).

        Nothing of the form is saved; the move itself decides who may make it.
        """
        move = request.POST["_transition"]
        if self._transition(
            request, obj, move, request.POST.get(VERSION_FIELD), request.POST.get(NOTE_FIELD, "")
        ):
            self.message_user(
                request,
                _("'%(move)s' 처리했습니다.") % {"move": Transition(move).label},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        )

    def save_model(self, request, obj, form, change):
        before_release = (
            type(obj)
            ._default_manager.filter(pk=obj.pk)
            .values_list("release_at", flat=True)
            .first()
            if change
            else None
        )
        super().save_model(request, obj, form, change)
        changed = [name for name in self.publisher_fields if name in form.changed_data]
        if change and (changed or before_release != obj.release_at):
            audit_record(
                action=Action.EMBARGO,
                actor=request.user,
                request=request,
                obj=obj,
                release_at=obj.release_at.isoformat() if obj.release_at else None,
                previous_release_at=before_release.isoformat() if before_release else None,
                fields={
                    name: [
                        str(form.initial.get(name) or ""),
                        str(form.cleaned_data.get(name) or ""),
                    ]
                    for name in changed
                },
            )

    def response_add(self, request, obj, post_url_continue=None):
        return self._response_after_transition(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._response_after_transition(request, obj) or super().response_change(
            request, obj
        )

    def _response_after_transition(self, request, obj):
        """A workflow button saves the form (inlines included), makes its move, and stays on the item."""
        move = request.POST.get("_transition")
        if not move:
            return None
        obj.refresh_from_db()
        if self._transition(request, obj, move, obj.version, request.POST.get(NOTE_FIELD, "")):
            self.message_user(
                request,
                _("저장하고 '%(move)s' 처리했습니다.") % {"move": Transition(move).label},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        )

    def _transition(self, request, obj, move, expected_version, note=""):
        if move not in Transition.values:
            raise PermissionDenied
        try:
            publishable_transition(
                obj=obj,
                move=move,
                by=request.user,
                request=request,
                expected_version=expected_version,
                note=note,
            )
        except (ValidationError, PermissionDenied) as refusal:
            text = (
                " ".join(refusal.messages) if isinstance(refusal, ValidationError) else str(refusal)
            )
            self.message_user(request, f"{obj}: {text}", messages.ERROR)
            return False
        return True

    def _bulk(self, request, queryset, move, note=""):
        done = 0
        for obj in queryset:
            # The list carried each row's version; a row someone changed since is refused, not overwritten.
            expected = request.POST.get(f"_version_{obj.pk}")
            if expected is None:
                self.message_user(
                    request,
                    _("%(obj)s: 목록을 새로 고친 뒤 다시 시도하세요.") % {"obj": obj},
                    messages.ERROR,
                )
                continue
            done += self._transition(request, obj, move, expected, note)
        if done:
            self.message_user(
                request,
                _("%(count)d건을 '%(move)s' 처리했습니다.")
                % {"count": done, "move": Transition(move).label},
                messages.SUCCESS,
            )

    @admin.action(description=gettext_lazy("선택한 항목 검토 요청"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, Transition.SUBMIT)

    @admin.action(description=gettext_lazy("선택한 항목 승인"), permissions=["review"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, Transition.APPROVE)

    @admin.action(description=gettext_lazy("선택한 항목 돌려보내기"), permissions=["review"])
    def return_selected(self, request, queryset):
        """돌려보내기 needs a reason: a page like Django's delete confirmation asks for it first."""
        note = request.POST.get(NOTE_FIELD, "").strip()
        confirmed = bool(request.POST.get("_return_confirmed"))
        if confirmed and note:
            self._bulk(request, queryset, Transition.RETURN, note)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("선택한 항목 돌려보내기"),
            "opts": self.opts,
            "queryset": queryset,
            "versions": [(obj.pk, request.POST.get(f"_version_{obj.pk}")) for obj in queryset],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "transition_note_field": NOTE_FIELD,
            "transition_note": request.POST.get(NOTE_FIELD, ""),
            "reason_error": reason_required_message(Transition.RETURN) if confirmed else "",
        }
        return TemplateResponse(request, "admin/core/return_selected.html", context)

    @admin.action(
        description=gettext_lazy("선택한 항목 게시 (보도시점에 공개)"), permissions=["publish"]
    )
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, Transition.PUBLISH)

    @admin.action(description=gettext_lazy("선택한 항목 게시 중단"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, Transition.UNPUBLISH)


class SlugHistoryAdmin:
    """For a model on `core.models.SlugHistoryMixin`: a slug changed by a save or a restore keeps
    its old address, which then redirects to the new one. Put it before the admin base class."""

    def save_model(self, request, obj, form, change):
        before = self.model.objects.filter(pk=obj.pk).values_list("slug", flat=True).first()
        super().save_model(request, obj, form, change)
        # A changed slug keeps its old address, which then redirects to the new one.
        obj.keep_old_slug(before)

    def restore_view(self, request, object_id, version_id):
        obj = self.get_object(request, object_id)
        before = obj.slug if obj is not None else None
        response = super().restore_view(request, object_id, version_id)
        if obj is not None:
            # A revision from before a slug change brings the old slug back: keep the one replaced.
            self.model.objects.get(pk=obj.pk).keep_old_slug(before)
        return response
