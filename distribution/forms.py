from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Category
from distribution.services import consent_text


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("이메일"),
        max_length=254,
        error_messages={
            "required": _("이메일 주소를 적어 주세요."),
            "invalid": _("이메일 주소가 올바르지 않습니다."),
        },
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("받을 분류"),
        queryset=Category.objects.order_by("order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("고르지 않으면 모든 보도자료를 받습니다."),
    )
    consent = forms.BooleanField(
        label=_("개인정보 수집·이용에 동의합니다."),
        error_messages={"required": _("동의해야 구독할 수 있습니다.")},
    )

    def consent_text(self):
        return consent_text()
