from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("검색")

    def ready(self):
        from core.signals import content_changed
        from search.services import search_content_changed

        # Every admin save and restore, workflow move (one or in bulk), new share link and photo
        # description queues the items whose search entries it changes.
        content_changed.connect(search_content_changed, weak=False, dispatch_uid="search.index")
