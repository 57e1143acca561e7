from pathlib import PurePath

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleContact, ArticlePhoto, Attachment, Category, Tag
from articles.services import article_record_correction
from core.admin import PublishableAdmin, SlugHistoryAdmin, VersionedForm
from core.storage import store_upload
from core.templatetags.korean import WEEKDAYS
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


class ArticlePhotoInline(admin.TabularInline):
    model = ArticlePhoto
    extra = 0
    autocomplete_fields = ["photo"]


class ArticleContactInline(admin.TabularInline):
    model = ArticleContact
    extra = 0
    autocomplete_fields = ["contact"]


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


class ArticleForm(VersionedForm):
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
    autocomplete_fields = ["category", "tags", "related_events"]
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
                "fields": ["outlet", "reporter", "source_url", "copyright_line"],
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
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        note = form.cleaned_data.get("correction_note", "").strip()
        if change and note:
            article_record_correction(
                article=form.instance, note=note, by=request.user, request=request
            )
