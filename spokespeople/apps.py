from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpokespeopleConfig(AppConfig):
    name = "spokespeople"
    verbose_name = _("대변인과 발언")

    def ready(self):
        import reversion
        from django.db.models import Exists, OuterRef, Q

        from photos import visibility
        from spokespeople.models import Person, Quote

        reversion.register(Quote)
        reversion.register(Person)

        def headshots_of_spokespeople(at=None):
            # A spokesperson's page is public as long as the person is a spokesperson.
            return Q(Exists(Person.objects.spokespeople().filter(headshot_id=OuterRef("pk"))))

        visibility.register(public=headshots_of_spokespeople, locked=headshots_of_spokespeople)
