from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PresskitsConfig(AppConfig):
    name = "presskits"
    verbose_name = _("보도자료 키트")

    def ready(self):
        import reversion
        from django.db.models import Q

        from photos import visibility
        from presskits.models import PressKit
        from presskits.views import render_for_share_link
        from sharing import registry

        reversion.register(PressKit)

        def photos_of(kit):
            from presskits.contents import contents_of_kit

            return Q(pk__in=[photo.pk for photo in contents_of_kit(kit).photos])

        registry.register(PressKit, render=render_for_share_link, photos=photos_of)

        from core.models import Status

        def photos_chosen_for(kits):
            chosen = PressKit.photos.through.objects.filter(presskit__in=kits)
            return Q(pk__in=chosen.values("photo_id"))

        visibility.register(
            public=lambda at=None: photos_chosen_for(PressKit.objects.published(at)),
            locked=lambda: photos_chosen_for(PressKit.objects.exclude(status=Status.DRAFT)),
        )
