from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sharing.models import ShareLink, ShareLinkOpen
from sharing.registry import add_link_url, shareable_models, shareable_target
from sharing.services import DEFAULT_LIFETIME, sharelink_create, sharelink_revoke

# The new link's address goes from the save to the page that shows it in a signed cookie that
# only that page reads, once: the token never rests on the server, not even in the session.
CREATED_COOKIE = "sharelink_created"
CREATED_COOKIE_SECONDS = 300

RECIPIENT_FIELDS = [
    "recipient_name",
    "recipient_organisation",
    "recipient_email",
    "purpose",
    "expires_at",
]


class ShareLinkForm(forms.ModelForm):
    class Meta:
        model = ShareLink
        fields = ["content_type", "object_id", *RECIPIENT_FIELDS]
        widgets = {"content_type": forms.HiddenInput, "object_id": forms.HiddenInput}

    def clean(self):
        cleaned = super().clean()
        if shareable_target(cleaned.get("content_type"), cleaned.get("object_id")) is None:
            raise forms.ValidationError(
                _("공유할 수 없는 대상입니다. 보도자료 화면의 '공유 링크 만들기'에서 시작하세요.")
            )
        return cleaned


class ShareLinkOpenInline(admin.TabularInline):
    model = ShareLinkOpen
    extra = 0
    fields = ["opened_at", "what", "ip", "user_agent"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class SharedKindFilter(admin.SimpleListFilter):
    """What was shared, by the Korean name of its kind (releases, events, kits) — not model names."""

    title = gettext_lazy("공유한 자료")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [
            (ContentType.objects.get_for_model(model).pk, model._meta.verbose_name)
            for model in shareable_models()
        ]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(content_type_id=value) if value and value.isdigit() else queryset


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    form = ShareLinkForm
    list_display = [
        "recipient",
        "target_display",
        "expires_at",
        "state",
        "open_count",
        "created_by",
        "created_at",
    ]
    list_filter = ["revoked_at", "expires_at", SharedKindFilter]
    search_fields = ["recipient_name", "recipient_organisation", "recipient_email", "purpose"]
    list_select_related = ["created_by", "content_type"]
    actions = ["revoke_selected"]
    inlines = [ShareLinkOpenInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(open_total=Count("opens"))

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["target_display"]
        # A link is never edited after it is made: revoke it and make another.
        return [
            "target_display",
            *RECIPIENT_FIELDS,
            "revoked_at",
            "created_by",
            "created_at",
        ]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["target_display", *ShareLinkForm.Meta.fields]
        return self.get_readonly_fields(request, obj)

    def get_changeform_initial_data(self, request):
        # content_type and object_id arrive in the address from the release's "공유 링크 만들기" button.
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("expires_at", timezone.localtime() + DEFAULT_LIFETIME)
        return initial

    def has_change_permission(self, request, obj=None):
        # Viewing a link's opens needs no change; revoking goes through the action.
        return super().has_change_permission(request, obj) and obj is None

    @admin.display(description=gettext_lazy("받는 사람"))
    def recipient(self, obj):
        return str(obj)

    @admin.display(description=gettext_lazy("공유 대상"))
    def target_display(self, obj):
        if obj is not None and obj.pk:
            return str(obj.target)
        return "-"

    @admin.display(description=gettext_lazy("상태"))
    def state(self, obj):
        if obj.revoked_at:
            return _("폐기됨")
        return _("유효") if obj.is_valid else _("만료됨")

    @admin.display(description=gettext_lazy("열람 횟수"), ordering="open_total")
    def open_count(self, obj):
        return obj.open_total

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if add:
            content_type = ContentType.objects.filter(
                pk=request.GET.get("content_type") or None
            ).first()
            target = shareable_target(content_type, request.GET.get("object_id"))
            context["subtitle"] = str(target) if target else _("대상을 고르지 않았습니다")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        token = sharelink_create(link=obj, by=request.user, request=request)
        request._sharelink_url = request.build_absolute_uri(ShareLink.url_for(token))

    def get_urls(self):
        created = path(
            "<int:pk>/created/",
            self.admin_site.admin_view(self.created_view),
            name="sharing_sharelink_created",
        )
        return [created, *super().get_urls()]

    @staticmethod
    def _created_path(pk) -> str:
        return reverse("admin:sharing_sharelink_created", args=[pk])

    def response_add(self, request, obj, post_url_continue=None):
        """After a new link: the page with its address, a copy button and what to tell the recipient."""
        url = getattr(request, "_sharelink_url", None)
        response = HttpResponseRedirect(self._created_path(obj.pk))
        if url:
            response.set_signed_cookie(
                CREATED_COOKIE,
                url,
                salt=f"sharing.created.{obj.pk}",
                max_age=CREATED_COOKIE_SECONDS,
                path=self._created_path(obj.pk),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Strict",
            )
        return response

    def created_view(self, request, pk):
        link = get_object_or_404(ShareLink.objects.select_related("content_type"), pk=pk)
        if not self.has_view_permission(request, link):
            raise PermissionDenied
        url = request.get_signed_cookie(
            CREATED_COOKIE,
            default=None,
            salt=f"sharing.created.{pk}",
            max_age=CREATED_COOKIE_SECONDS,
        )
        target = link.target
        release_at = getattr(target, "release_at", None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("공유 링크를 만들었습니다"),
            "subtitle": str(target) if target is not None else None,
            "link": link,
            "url": url,
            "target": target,
            "release_at": release_at,
            "embargoed": target is not None and (release_at is None or release_at > timezone.now()),
            "another_url": add_link_url(request.user, target),
        }
        response = TemplateResponse(request, "admin/sharing/sharelink/created.html", context)
        # Shown once: a reload or the back button finds the address gone.
        response.delete_cookie(CREATED_COOKIE, path=self._created_path(pk), samesite="Strict")
        return response

    @admin.action(description=gettext_lazy("선택한 링크 폐기"), permissions=["delete"])
    def revoke_selected(self, request, queryset):
        for link in queryset:
            sharelink_revoke(link=link, by=request.user, request=request)
        self.message_user(
            request,
            _("%(count)d개의 링크를 폐기했습니다.") % {"count": queryset.count()},
            messages.SUCCESS,
        )
