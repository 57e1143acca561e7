from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("행사")

    def ready(self):
        import reversion

        from events import hooks
        from events.models import Event, EventFact, EventOrganisation, EventPhoto, Session
        from photos import visibility

        for model in (Session, EventOrganisation, EventFact, EventPhoto):
            reversion.register(model)
        reversion.register(Event, follow=("sessions", "organisation_roles", "facts", "photo_links"))
        visibility.register(
            public=hooks.photos_of_public_events, locked=hooks.photos_of_events_past_draft
        )
