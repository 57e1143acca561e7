from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from contacts.models import MediaList
from contacts.services import MAX_BYTES, contacts_import_read


class ImportUploadForm(forms.Form):
    """The CSV file to import; once valid, `upload` holds its rows (nothing is written yet)."""

    file = forms.FileField(
        label=_("CSV 파일"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_(
            "내보낸 파일과 같은 머리글(이름, 매체, 매체 유형, 부서, 이메일, 전화, 언어, 지역, "
            "엠바고 수신 동의, 명단)을 씁니다. 이름과 이메일 열은 꼭 있어야 합니다. UTF-8과 "
            "엑셀의 기본 CSV(CP949) 모두 읽습니다."
        ),
    )
    add_to_list = forms.CharField(
        label=_("모두 이 명단에 넣기"),
        required=False,
        max_length=MediaList._meta.get_field("name").max_length,
        help_text=_("예: 지역 언론. 없는 명단이면 새로 만듭니다."),
    )

    upload = None

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_BYTES:
            raise ValidationError(
                _("파일이 너무 큽니다. %(size)s MB까지 올릴 수 있습니다.")
                % {"size": MAX_BYTES // (1024 * 1024)}
            )
        return file

    def clean(self):
        cleaned = super().clean()
        file = cleaned.get("file")
        if file is not None and "add_to_list" not in self.errors:
            file.seek(0)
            try:
                self.upload = contacts_import_read(
                    file.read(), filename=file.name, add_to_list=cleaned.get("add_to_list", "")
                )
            except ValidationError as error:
                self.add_error("file", error)
        return cleaned
