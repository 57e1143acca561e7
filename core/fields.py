from django_ckeditor_5.fields import CKEditor5Field

from core.sanitize import clean_html


class RichTextField(CKEditor5Field):
    """CKEditor 5 in the admin, sanitised on the server on every save and every form clean.

    Cleaning in `pre_save` covers the admin, the shell, fixtures and `bulk_create`; cleaning in
    `clean` lets the form show the editor what will actually be stored.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config_name", "default")
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def clean(self, value, model_instance):
        return super().clean(clean_html(value), model_instance)

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
