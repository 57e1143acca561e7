from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributionConfig(AppConfig):
    name = "distribution"
    verbose_name = _("배포")

    def ready(self):
        from core.signals import content_changed

        content_changed.connect(
            _announce_releases, weak=False, dispatch_uid="distribution.subscribers"
        )


def _announce_releases(sender, instance, **kwargs):
    """A release saved as 게시 is announced to subscribers at its 보도시점 (the task re-checks)."""
    from articles.models import Article
    from distribution.services import subscriber_notices_request

    if isinstance(instance, Article):
        subscriber_notices_request(instance)
