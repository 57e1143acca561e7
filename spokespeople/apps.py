from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpokespeopleConfig(AppConfig):
    name = "spokespeople"
    verbose_name = _("대변인과 발언")
