from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhotosConfig(AppConfig):
    name = "photos"
    verbose_name = _("사진")

    def ready(self):
        import reversion

        from photos.models import Photo

        # The photo admin keeps a history like every other content admin (caption, credit, consent).
        reversion.register(Photo)
