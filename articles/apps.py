from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("보도자료")

    def ready(self):
        import reversion

        from articles import hooks
        from articles.models import Article, ArticleContact, ArticlePhoto, Attachment
        from articles.views import render_for_share_link
        from photos import visibility
        from sharing import registry

        for model in (ArticlePhoto, ArticleContact, Attachment):
            reversion.register(model)
        # "quotes" is the reverse relation from spokespeople.Quote; following it needs no import.
        reversion.register(
            Article, follow=("photo_links", "contact_links", "attachments", "quotes")
        )
        visibility.register(
            public=hooks.photos_of_public_releases, locked=hooks.photos_of_releases_past_draft
        )
        registry.register(Article, render=render_for_share_link, photos=hooks.photos_of)
