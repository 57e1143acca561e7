from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("감사 기록")

    def ready(self):
        from audit import receivers  # noqa: F401  (connects the login signals)
