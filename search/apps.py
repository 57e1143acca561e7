from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("검색")

    def ready(self):
        from core import admin as core_admin
        from search.services import search_index_after_admin_save

        core_admin.SAVE_HOOKS.append(search_index_after_admin_save)
