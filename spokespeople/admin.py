"""Admin for people and quotes, and the quote inline of releases and events.

gbtp/admin.py registers them (with the Korean search box) and adds the inline to the release and
event admins: the project composes the admin once, so no app re-registers another's.
"""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import AuditedAdmin, VersionedForm
from spokespeople.models import Quote


class PersonAdmin(AuditedAdmin):
    list_display = ["name", "title", "organisation", "is_spokesperson", "phone", "email"]
    list_filter = ["is_spokesperson", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "title", "organisation__name", "organisation__short_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation", "headshot"]


EDITOR_ONLY_QUOTE_FIELDS = ["approved_for_reuse", "standalone_published"]


class QuoteRoleCheck:
    """Checks the quote as the user wants it, not only as it was stored.

    The admin asks `Quote.can_change` for the stored quote before it shows the form; this asks again
    for the quote with the release and event the form names, so a writer cannot attach a quote to
    someone else's release or move one from their own draft onto a public page.
    """

    user = None  # set by the admin for each request

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk and not self.has_changed():
            return  # a quote shown unchanged beside the release the writer edits
        if self.user is not None and not self.instance.can_change(self.user):
            self.add_error(
                None,
                _(
                    "이 발언을 이렇게 저장할 권한이 없습니다. 작성자는 자신이 고칠 수 있는 "
                    "작성 중인 보도자료·행사에만 발언을 붙일 수 있고, 공개된 발언은 편집자만 "
                    "고칠 수 있습니다."
                ),
            )


QUOTE_FIELDS = [
    "text", "speaker", "speaker_title", "organisation", "said_on", "article", "event",
    "approved_for_reuse", "standalone_published", "order",
]  # fmt: skip


class QuoteForm(QuoteRoleCheck, VersionedForm):
    class Meta:
        model = Quote
        fields = QUOTE_FIELDS


class QuoteInlineForm(QuoteRoleCheck, forms.ModelForm):
    class Meta:
        model = Quote
        fields = QUOTE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and "said_on" in self.fields:
            # A quote in a new row was most likely said today; a row left empty is still not saved.
            self.fields["said_on"].initial = timezone.localdate


class QuoteInlineFormSet(forms.BaseInlineFormSet):
    """Deleting a quote from a release's inline is a change too: the same rule decides."""

    user = None

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            quote = form.instance
            if quote.pk and self.user is not None:
                stored = Quote.objects.select_related("article", "event").get(pk=quote.pk)
                if not stored.can_change(self.user):
                    raise forms.ValidationError(
                        _("다른 곳에도 실린 발언 “%(text)s”은(는) 편집자만 지울 수 있습니다.")
                        % {"text": stored.text[:40]}
                    )


def _form_for(user, base):
    return type(base.__name__, (base,), {"user": user})


def _editor_only_fields(request):
    return [] if Quote.is_editor(request.user) else EDITOR_ONLY_QUOTE_FIELDS


class QuoteAdmin(AuditedAdmin):
    form = QuoteForm
    list_display = [
        "speaker",
        "speaker_title",
        "excerpt",
        "said_on",
        "article",
        "event",
        "approved_for_reuse",
    ]
    list_filter = ["approved_for_reuse", "said_on", "speaker"]
    list_select_related = ["speaker__organisation", "article", "event__series"]
    search_fields = ["text", "speaker__name", "speaker_title"]
    date_hierarchy = "said_on"
    autocomplete_fields = ["speaker", "organisation", "article", "event"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or obj.can_change(request.user)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or obj.can_change(request.user)
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = _form_for(request.user, self.form)
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # Readonly fields are not in the form, so a forged POST of them changes nothing.
        return [*super().get_readonly_fields(request, obj), *_editor_only_fields(request)]

    @admin.display(description=_("발언"))
    def excerpt(self, obj):
        return obj.text[:60]


class QuoteInline(admin.StackedInline):
    model = Quote
    form = QuoteInlineForm
    extra = 0
    autocomplete_fields = ["speaker", "organisation"]
    fields = [
        "speaker",
        ("speaker_title", "organisation"),
        "said_on",
        "text",
        "approved_for_reuse",
        "order",
    ]

    def get_extra(self, request, obj=None, **kwargs):
        # A new release or event starts with one empty quote row: most carry a quote, and a row
        # left empty is not saved.
        return 1 if obj is None else 0

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = _form_for(request.user, self.form)
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (QuoteInlineFormSet, formset), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *_editor_only_fields(request)]

    def get_fields(self, request, obj=None):
        # Fields only editors set are left out of a writer's rows rather than shown as a bare
        # yes/no icon; they are read-only for writers as well, so a forged value changes nothing.
        hidden = set(_editor_only_fields(request))
        return [name for name in super().get_fields(request, obj) if name not in hidden]
