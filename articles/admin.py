from pathlib import PurePath

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from articles.contacts import contact_groups, department_of
from articles.models import (
    Article,
    ArticleContact,
    ArticlePhoto,
    Attachment,
    Category,
    ReleaseTemplate,
    Tag,
)
from articles.services import article_duplicate, article_record_correction, tags_for_names
from core.admin import PublishableAdmin, SlugHistoryAdmin, VersionedForm
from core.models import Transition
from core.storage import store_upload
from core.templatetags.korean import WEEKDAYS
from photos.admin import PhotoLinkInline
from photos.embedded import embedded_photos_record
from photos.services import photo_prepare_upload
from sharing.registry import add_link_url


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ReleaseTemplate)
class ReleaseTemplateAdmin(admin.ModelAdmin):
    """본문 양식, kept by editors; writers pick one on the release add form."""

    list_display = ["name", "kind", "active", "order"]
    list_editable = ["active", "order"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    fields = ["name", "kind", "active", "order", "deck", "lead", "body"]


class ArticlePhotoInline(PhotoLinkInline):
    model = ArticlePhoto


class ArticleContactInline(admin.TabularInline):
    """보도 담당자, ticked from a list of staff grouped by department (the release's own first)."""

    model = ArticleContact
    extra = 0
    autocomplete_fields = ["contact"]
    template = "admin/articles/edit_inline/contact_links.html"

    class Media:
        js = ["admin/js/inline-rows.js", "admin/js/contact-picker.js"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        department = obj.department if obj is not None and obj.department else ""
        chosen = obj.contact_links.values_list("contact_id", flat=True) if obj and obj.pk else ()
        picker = contact_groups(
            department=department or department_of(request.user), chosen_ids=chosen
        )
        return type(formset.__name__, (formset,), {"contact_picker": picker})


IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file", "order"]

    def _post_clean(self):
        super()._post_clean()
        upload = self.cleaned_data.get("file")
        # Written while the form validates: a full or read-only disk shows on this field and the
        # release comes back with everything typed, instead of a 500 that loses the whole save.
        if (
            hasattr(upload, "content_type")
            and not self._errors
            and not self.cleaned_data.get("DELETE")
        ):
            try:
                store_upload(self.instance.file, upload.name, self._cleaned_content(upload))
            except ValidationError as exc:
                self.add_error("file", exc)

    @staticmethod
    def _cleaned_content(upload):
        """A picture attached as 붙임 goes through the photo checks: no GPS, serial or owner leaves."""
        if PurePath(upload.name).suffix.lower() not in IMAGE_SUFFIXES:
            return upload
        content, info = photo_prepare_upload(upload=upload)
        content.name = f"{PurePath(upload.name).stem}.{info.extension}"
        return content


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 0


class TagNamesField(forms.CharField):
    """태그 typed as names separated by commas; names no tag has yet are created when the form saves.

    A text box instead of a search-and-pick list: typing a new name never opens a "결과가 없습니다."
    list that swallows the next click on 저장.
    """

    max_name_length = Tag._meta.get_field("name").max_length

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _(
                "쉼표(,)로 나눠 적으세요. 예: 반도체, 수출상담회. 없는 태그는 저장할 때 새로 만들어집니다."
            ),
        )
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 60, "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(str(getattr(tag, "name", tag)) for tag in value)
        return value

    def to_python(self, value):
        names = []
        for part in str(value or "").replace("，", ",").split(","):
            name = " ".join(part.split()).lstrip("#")
            if name and name.casefold() not in {known.casefold() for known in names}:
                names.append(name)
        return names

    def validate(self, value):
        super().validate(value)
        too_long = [name for name in value if len(name) > self.max_name_length]
        if too_long:
            raise ValidationError(
                _("태그 하나는 %(limit)s자까지 쓸 수 있습니다: %(name)s"),
                params={"limit": self.max_name_length, "name": too_long[0]},
            )

    def has_changed(self, initial, data):
        before = [str(getattr(tag, "name", tag)) for tag in (initial or [])]
        return before != self.to_python(data)


class ArticleForm(VersionedForm):
    tags = TagNamesField(label=_("태그"))
    # Set by the admin for each request: whether the user may create tags.
    can_add_tags = True
    correction_note = forms.CharField(
        label=_("정정 내용"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "이미 공개된 보도자료를 고치면 공개 페이지에 날짜와 함께 이 설명이 정정 안내로 붙습니다."
        ),
    )

    class Meta:
        model = Article
        exclude = []
        widgets = {
            "headline": forms.TextInput(attrs={"size": 90}),
            "deck": forms.Textarea(attrs={"rows": 3, "cols": 90}),
            "lead": forms.Textarea(attrs={"rows": 4, "cols": 90}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.fields.get("embargo_kind")
        if kind is not None:
            # What static/js/embargo-fields.js needs to write the moment out before saving.
            kind.widget.attrs.update(
                {
                    "data-morning-time": settings.EMBARGO_MORNING_TIME,
                    "data-evening-time": settings.EMBARGO_EVENING_TIME,
                    # Sunday first, as JavaScript counts weekdays.
                    "data-weekdays": WEEKDAYS[-1] + WEEKDAYS[:-1],
                    "data-moment-text": _("%(moment)s 공개"),
                    "data-immediate-text": _("즉시: 게시하는 순간 공개됩니다."),
                    "data-missing-at-text": _("보도 일시를 입력하면 공개 일시가 여기에 나옵니다."),
                    "data-missing-date-text": _("보도 날짜를 고르면 공개 일시가 여기에 나옵니다."),
                }
            )

    def clean_tags(self):
        names = self.cleaned_data.get("tags") or []
        if not self.can_add_tags:
            known = {name.casefold() for name in Tag.objects.values_list("name", flat=True)}
            unknown = [name for name in names if name.casefold() not in known]
            if unknown:
                raise ValidationError(
                    _("없는 태그입니다: %(names)s. 새 태그는 편집자에게 부탁하세요."),
                    params={"names": ", ".join(unknown)},
                )
        return names

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.is_public and self.has_changed():
            changed = set(self.changed_data) - {"correction_note", "expected_version"}
            if changed and not cleaned.get("correction_note", "").strip():
                self.add_error(
                    "correction_note",
                    _("공개된 보도자료를 고칠 때는 무엇을 바로잡았는지 정정 내용을 써 주세요."),
                )
        return cleaned


class ArticleAdmin(SlugHistoryAdmin, PublishableAdmin):
    """The release form; registered by gbtp/admin.py with the quote inline, kit export and search."""

    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    actions = [*PublishableAdmin.actions, "duplicate_selected"]
    list_display = [
        "headline",
        "kind",
        "state_display",
        "embargo_display",
        "category",
        "updated_at",
    ]
    list_filter = ["status", "kind", "embargo_kind", "category", "tags"]
    list_select_related = ["category"]
    search_fields = ["headline", "deck", "lead", "body", "outlet"]
    date_hierarchy = "release_at"
    # No prepopulated slug: it would copy Korean into the address. Left empty, the slug is the
    # headline romanised (Article.fill_slug, while the form validates).
    autocomplete_fields = ["category", "related_events", "covers"]
    inlines = [ArticlePhotoInline, ArticleContactInline, AttachmentInline]
    fieldsets = [
        (None, {"fields": ["kind", "headline", "deck", "slug", "lead", "body"]}),
        (
            _("보도시점과 게시"),
            {
                "fields": [
                    "state_display",
                    "embargo_kind",
                    ("embargo_at", "embargo_date"),
                    "distributed_at",
                    "release_at",
                    "correction_note",
                ]
            },
        ),
        (_("분류와 연결"), {"fields": ["department", "category", "tags", "related_events"]}),
        (
            _("언론보도 정보"),
            {
                "classes": ["collapse"],
                "description": _("다른 언론사가 쓴 기사를 옮길 때만 입력합니다."),
                "fields": ["outlet", "reporter", "source_url", "copyright_line", "covers"],
            },
        ),
        (_("기록"), {"classes": ["collapse"], "fields": PublishableAdmin.readonly_fields}),
    ]

    class Media:
        # Shows only the 보도시점 fields the chosen kind needs and the resulting moment, live.
        js = ["js/embargo-fields.js"]

    @admin.display(description=_("보도시점"), ordering="release_at")
    def embargo_display(self, obj):
        from core.templatetags.korean import release_date

        if obj.embargo_kind == "immediate":
            return obj.get_embargo_kind_display()
        label = release_date(obj.embargo_time())
        return label if obj.embargo_kind == "at" else f"{obj.get_embargo_kind_display()} {label}"

    def after_save(self, request, obj):
        embedded_photos_record(owner=obj, html=obj.body)
        super().after_save(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["share_add_url"] = add_link_url(request.user, obj)
        if obj is not None and obj.pk:
            if self.has_add_permission(request):
                context["duplicate_url"] = reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_duplicate", args=[obj.pk]
                )
            moves = obj.allowed_transitions(request.user)
            if Transition.APPROVE in moves or Transition.PUBLISH in moves:
                blocking, warnings = obj.publish_problems()
                context["publish_checklist"] = {"blocking": blocking, "warnings": warnings}
        elif add:
            context["release_templates"] = ReleaseTemplate.objects.filter(active=True)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_changeform_initial_data(self, request):
        """`?template=<id>` starts the add form from a 본문 양식; 담당 부서 is the writer's own."""
        initial = super().get_changeform_initial_data(request)
        if not initial.get("department"):
            initial["department"] = department_of(request.user)
        chosen = str(initial.pop("template", ""))
        template = (
            ReleaseTemplate.objects.filter(active=True, pk=chosen).first()
            if chosen.isdigit()
            else None
        )
        return {**initial, **template.initial_data()} if template else initial

    # 복제해서 새로 쓰기: a button on the change form and an action on the list, both leading to a
    # small confirmation page (with the choice to copy the photo list) that makes the copy on POST.

    def get_urls(self):
        return [
            path(
                "<path:object_id>/duplicate/",
                self.admin_site.admin_view(self.duplicate_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_duplicate",
            ),
            *super().get_urls(),
        ]

    def duplicate_view(self, request, object_id):
        source = self.get_object(request, unquote(object_id))
        if source is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_add_permission(request) and self.has_view_permission(request, source)):
            raise PermissionDenied
        if request.method == "POST":
            with transaction.atomic():
                copy = article_duplicate(
                    source=source,
                    by=request.user,
                    with_photos=bool(request.POST.get("with_photos")),
                    request=request,
                )
                self.after_save(request, copy)
            self.message_user(
                request,
                _("복제한 새 초안을 만들었습니다. 제목과 내용을 고친 뒤 저장하세요."),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[copy.pk]
                )
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("복제해서 새로 쓰기"),
            "opts": self.opts,
            "original": source,
            "photo_count": source.photo_links.count(),
        }
        return TemplateResponse(request, "admin/articles/article/duplicate.html", context)

    @admin.action(description=_("선택한 보도자료 복제해서 새로 쓰기"), permissions=["add"])
    def duplicate_selected(self, request, queryset):
        chosen = list(queryset[:2])
        if len(chosen) != 1:
            self.message_user(request, _("복제할 보도자료를 하나만 고르세요."), messages.WARNING)
            return None
        return HttpResponseRedirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_duplicate",
                args=[chosen[0].pk],
            )
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.is_public and self.has_change_permission(request, obj):
            return fieldsets
        # 정정 내용 is asked only when a public release is changed: a new release, a draft or a
        # form the user may only view has nothing to show for it.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "correction_note"]})
            for name, opts in fieldsets
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(
            form.__name__, (form,), {"can_add_tags": request.user.has_perm("articles.add_tag")}
        )

    def save_related(self, request, form, formsets, change):
        if "tags" in form.cleaned_data:
            # The names typed become tags (new ones created) before Django sets the relation.
            form.cleaned_data["tags"] = tags_for_names(form.cleaned_data["tags"])
        super().save_related(request, form, formsets, change)
        note = form.cleaned_data.get("correction_note", "").strip()
        if change and note:
            article_record_correction(
                article=form.instance, note=note, by=request.user, request=request
            )
