from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("언론 연락처")

    def ready(self):
        import reversion

        from contacts.models import Outlet

        # Outlets keep a history like the other admins' records. Journalists do not: a revision
        # would keep a person's contact details after their record is deleted. Changes of media
        # lists are in the audit trail instead, with the members added and removed.
        reversion.register(Outlet)
