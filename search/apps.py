from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("검색")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.signals import content_changed
        from search.engine import synonyms_changed
        from search.models import SynonymGroup
        from search.services import search_content_changed

        for signal in (post_save, post_delete):
            signal.connect(synonyms_changed, sender=SynonymGroup, dispatch_uid="search.synonyms")

        # Every admin save and restore, workflow move (one or in bulk), new share link and photo
        # description queues the items whose search entries it changes.
        content_changed.connect(search_content_changed, weak=False, dispatch_uid="search.index")
