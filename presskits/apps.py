from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PresskitsConfig(AppConfig):
    name = "presskits"
    verbose_name = _("보도자료 키트")

    def ready(self):
        import reversion
        from django.db.models import Q

        from photos import visibility
        from photos.embedded import photos_linked
        from presskits.models import PressKit
        from presskits.views import render_for_share_link
        from sharing import registry

        reversion.register(PressKit)

        from core.signals import content_changed

        def changed(sender, instance, **kwargs):
            from presskits.services import kit_builds_request, kit_owners_touched_by

            # A new share link needs its item's kit to exist; it changes nothing in it.
            missing_only = sender.__name__ == "ShareLink"
            kit_builds_request(kit_owners_touched_by(instance), missing_only=missing_only)

        content_changed.connect(changed, weak=False, dispatch_uid="presskits.kit_builds")

        def photos_of(kit):
            from presskits.contents import contents_of_kit

            return Q(pk__in=[photo.pk for photo in contents_of_kit(kit).photos])

        registry.register(PressKit, render=render_for_share_link, photos=photos_of)

        from core.models import Status

        def photos_chosen_for(kits):
            return photos_linked(PressKit.photos.through, "presskit", kits)

        visibility.register(
            public=lambda at=None: photos_chosen_for(PressKit.objects.published(at)),
            locked=lambda: photos_chosen_for(PressKit.objects.exclude(status=Status.DRAFT)),
        )
