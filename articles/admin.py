from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleContact, ArticlePhoto, Attachment, Category, Tag
from core.admin import AuditedAdmin


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


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0


@admin.register(Article)
class ArticleAdmin(AuditedAdmin):
    list_display = [
        "headline",
        "kind",
        "status",
        "embargo_kind",
        "release_at",
        "category",
        "updated_at",
    ]
    list_filter = ["status", "kind", "embargo_kind", "category", "tags"]
    list_select_related = ["category"]
    search_fields = ["headline", "deck", "lead", "body", "outlet"]
    date_hierarchy = "release_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["category", "tags", "related_events"]
    inlines = [ArticlePhotoInline, ArticleContactInline, AttachmentInline]
    fieldsets = [
        (None, {"fields": ["kind", "headline", "deck", "slug", "lead", "body"]}),
        (
            _("보도시점과 게시"),
            {
                "fields": [
                    "status",
                    "embargo_kind",
                    "embargo_at",
                    "embargo_date",
                    "distributed_at",
                    "release_at",
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
        (_("기록"), {"classes": ["collapse"], "fields": AuditedAdmin.readonly_fields}),
    ]
