"""배포 in the admin: send a release (with a preview), follow each mailing, the report, the month's CSV.

The views are thin: the form checks input, `distribution.services` does the work.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article
from contacts.models import Journalist, MediaList
from core.filenames import content_disposition
from core.views import mark_private
from distribution.models import (
    Delivery,
    DeliveryState,
    Mailing,
    MailingState,
    Mode,
    Subscriber,
    Suppression,
)
from distribution.services import (
    BOTH,
    mailing_cancel,
    mailing_problems,
    mailing_queue,
    mailing_recipients,
    monthly_csv,
    preview_message,
    release_report,
    subscriber_export,
    subscribers_erase,
)


def _body_of(html: str) -> str:
    """What is inside <body> of a message we rendered ourselves (autoescaped template output)."""
    match = re.search(r"<body[^>]*>(.*)</body>", html, re.DOTALL)
    return match.group(1) if match else html


class SendForm(forms.Form):
    mode = forms.ChoiceField(
        label=gettext_lazy("발송 방식"),
        choices=[
            (Mode.ON_TIME, Mode.ON_TIME.label),
            (Mode.ADVANCE, Mode.ADVANCE.label),
            (BOTH, gettext_lazy("엠바고 동의 기자에게는 지금, 나머지는 보도시점에")),
        ],
        initial=Mode.ON_TIME,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "보도시점에 발송: 보도시점이 되면 작업 처리기가 보냅니다. 엠바고 사전 발송: 지금 "
            "보내되 엠바고 수신에 동의한 기자에게만, 엠바고 표시와 개인 열람 링크를 붙여 보냅니다."
        ),
    )
    lists = forms.ModelMultipleChoiceField(
        label=gettext_lazy("명단"),
        queryset=MediaList.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    journalists = forms.ModelMultipleChoiceField(
        label=gettext_lazy("기자"),
        queryset=Journalist.objects.filter(active=True).select_related("outlet").order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=gettext_lazy("명단 밖의 기자를 더할 때 고르세요."),
    )

    def clean(self):
        data = super().clean()
        if not data.get("lists") and not data.get("journalists"):
            raise ValidationError(_("명단이나 기자를 하나 이상 고르세요."))
        return data


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ["name", "outlet", "email", "state", "attempts", "sent_at", "error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    list_display = ["article", "mode", "state", "send_at", "sent_count", "created_by"]
    list_filter = ["state", "mode"]
    search_fields = ["article__headline"]
    date_hierarchy = "send_at"
    list_select_related = ["article", "created_by"]
    fields = [
        "article", "mode", "state", "send_at", "release_at", "note", "created_by", "created_at",
        "finished_at",
    ]  # fmt: skip
    readonly_fields = fields
    inlines = [DeliveryInline]
    actions = ["cancel_selected"]

    @admin.display(description=gettext_lazy("보냄 / 전체"))
    def sent_count(self, obj):
        deliveries = obj.deliveries.all()
        sent = sum(1 for d in deliveries if d.state == DeliveryState.SENT)
        return f"{sent} / {len(deliveries)}"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("deliveries")

    def has_add_permission(self, request):
        return False  # a mailing starts from its release (send_view)

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what was sent stays

    @admin.action(description=gettext_lazy("선택한 배포 취소(아직 보내지 않은 것)"))
    def cancel_selected(self, request, queryset):
        count = 0
        for mailing in queryset.filter(state__in=[MailingState.QUEUED, MailingState.SENDING]):
            mailing_cancel(mailing=mailing, by=request.user, request=request)
            count += 1
        self.message_user(request, _("%(count)s건의 배포를 취소했습니다.") % {"count": count})

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("send/<int:article_id>/", view(self.send_view), name="distribution_send"),
            path("report/<int:article_id>/", view(self.report_view), name="distribution_report"),
            path("monthly/", view(self.monthly_view), name="distribution_monthly"),
            *super().get_urls(),
        ]

    def send_view(self, request, article_id):
        """Choose lists and people, see the message as it will arrive, and queue the send."""
        if not request.user.has_perm("distribution.add_mailing"):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=article_id)
        form = SendForm(request.POST or None)
        mode = form.data.get("mode") if form.is_bound else Mode.ON_TIME
        mode = mode if mode in [*Mode.values, BOTH] else Mode.ON_TIME
        if request.method == "POST" and form.is_valid() and "_preview" not in request.POST:
            try:
                mailings = mailing_queue(
                    article=article,
                    mode=form.cleaned_data["mode"],
                    lists=form.cleaned_data["lists"],
                    journalists=form.cleaned_data["journalists"],
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                for problem in error.messages:
                    form.add_error(None, problem)
            else:
                for mailing in mailings:
                    when = timezone.localtime(mailing.send_at)
                    self.message_user(
                        request,
                        _("%(mode)s: %(count)s명에게 %(when)s에 보냅니다.")
                        % {
                            "mode": mailing.get_mode_display(),
                            "count": mailing.deliveries.count(),
                            "when": f"{when:%Y-%m-%d %H:%M}",
                        },
                        messages.SUCCESS,
                    )
                return redirect("admin:distribution_report", article.pk)
        groups = []  # (label, recipients, skipped) for each send the choice makes
        if form.is_bound and form.is_valid():
            advance = []
            for one in [Mode.ADVANCE, Mode.ON_TIME] if mode == BOTH else [mode]:
                send, skipped = mailing_recipients(
                    article=article,
                    mode=one,
                    lists=form.cleaned_data["lists"],
                    journalists=form.cleaned_data["journalists"],
                )
                if one == Mode.ADVANCE:
                    advance = send
                elif advance:  # those who get it in advance are not sent it again
                    emails = {j.email for j in advance}
                    send = [j for j in send if j.email not in emails]
                    if mode == BOTH:
                        skipped = [(j, r) for j, r in skipped if j.email not in emails]
                if mode == BOTH and one == Mode.ADVANCE:
                    skipped = []  # the others are listed under the on-time send
                groups.append((Mode(one).label, send, skipped))
        message = preview_message(article, Mode.ADVANCE if mode == BOTH else mode)
        context = {
            **self.admin_site.each_context(request),
            "title": _("보도자료 배포: %(headline)s") % {"headline": article.headline},
            "opts": self.model._meta,
            "article": article,
            "form": form,
            "problems": mailing_problems(article, Mode.ADVANCE if mode == BOTH else mode),
            "subject": message.subject,
            "text": message.body,
            # The HTML part as it will show, inside this page (the admin allows inline styles).
            "html": mark_safe(_body_of(message.alternatives[0].content)),
            "headers": {k: v for k, v in message.extra_headers.items() if k.startswith("List")},
            "groups": groups,
            "mailings": article.mailings.order_by("-created_at")[:10],
        }
        return mark_private(TemplateResponse(request, "admin/distribution/send.html", context))

    def report_view(self, request, article_id):
        if not request.user.has_perm("distribution.report_mailing"):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=article_id)
        context = {
            **self.admin_site.each_context(request),
            "title": _("배포 결과: %(headline)s") % {"headline": article.headline},
            "opts": self.model._meta,
            **release_report(article),
        }
        return mark_private(TemplateResponse(request, "admin/distribution/report.html", context))

    def monthly_view(self, request):
        """The month's releases × recipients × coverage as CSV (?month=2026-12; default this month)."""
        today = timezone.localdate()
        try:
            year, month = (int(part) for part in request.GET.get("month", "").split("-"))
            if not 1 <= month <= 12 or not 2000 <= year <= 2100:
                raise ValueError
        except ValueError:
            year, month = today.year, today.month
        content = monthly_csv(year, month, by=request.user, request=request)
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        name = f"배포결과-{year}-{month:02d}.csv"
        response["Content-Disposition"] = content_disposition(
            name, ascii_fallback=f"mailings-{year}-{month:02d}.csv"
        )
        return mark_private(response)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "monthly_url": reverse("admin:distribution_monthly"),
        }
        return super().changelist_view(request, extra_context)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Each message sent: bounces reported later by the relay are marked here."""

    list_display = ["name", "outlet", "email", "mailing", "state", "sent_at"]
    list_filter = ["state", "mailing__mode"]
    search_fields = ["name", "email", "outlet", "mailing__article__headline"]
    list_select_related = ["mailing__article"]
    readonly_fields = [
        "mailing", "journalist", "name", "outlet", "email", "state", "attempts", "error",
        "sent_at", "message_id", "link",
    ]  # fmt: skip
    actions = ["mark_bounced"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("반송으로 표시"), permissions=["change"])
    def mark_bounced(self, request, queryset):
        count = queryset.filter(state=DeliveryState.SENT).update(state=DeliveryState.BOUNCED)
        self.message_user(request, _("%(count)s건을 반송으로 표시했습니다.") % {"count": count})


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ["email", "created_at", "source"]
    search_fields = ["email"]
    readonly_fields = ["created_at"]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """Subscribers and their consent; export (right of access) and erase (right to erasure)."""

    list_display = ["email", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = [
        ("confirmed_at", admin.EmptyFieldListFilter),
        ("unsubscribed_at", admin.EmptyFieldListFilter),
        "categories",
    ]
    search_fields = ["email"]
    fields = [
        "email", "categories", "created_at", "confirmation_sent_at", "confirmed_at",
        "confirmed_ip", "unsubscribed_at", "consent_text", "consent_version", "consent_at",
        "consent_ip", "consent_user_agent",
    ]  # fmt: skip
    readonly_fields = fields
    actions = ["export_selected", "erase_selected"]

    def has_add_permission(self, request):
        return False  # subscribing is the reader's own act, with their consent

    def has_delete_permission(self, request, obj=None):
        return False  # erasing goes through the audited action

    def has_erase_permission(self, request):
        return request.user.has_perm("distribution.delete_subscriber")

    @admin.action(description=gettext_lazy("선택한 구독자 정보 내보내기(JSON)"))
    def export_selected(self, request, queryset):
        parts = [subscriber_export(s, by=request.user, request=request) for s in queryset]
        body = b"[\n" + b",\n".join(parts) + b"\n]\n"
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = content_disposition(
            "구독자-정보.json", ascii_fallback="subscribers.json"
        )
        return mark_private(response)

    @admin.action(description=gettext_lazy("선택한 구독자 정보 파기"), permissions=["erase"])
    def erase_selected(self, request, queryset):
        count = subscribers_erase(queryset, by=request.user, request=request)
        self.message_user(
            request, _("구독자 %(count)s명의 정보를 파기했습니다.") % {"count": count}
        )
