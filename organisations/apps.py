from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("기관과 담당자")

    def ready(self):
        import reversion

        from organisations.models import Organisation, PressContact

        # Their admins keep a history like every other content admin.
        reversion.register(Organisation)
        reversion.register(PressContact)
