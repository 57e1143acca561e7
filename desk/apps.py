from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The staff's desk (admin home), the release and event calendar and its .ics feed."""

    name = "desk"
    verbose_name = _("데스크")
    default_auto_field = "django.db.models.BigAutoField"
