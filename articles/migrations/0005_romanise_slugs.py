"""Korean slugs become romanised ASCII; every old slug is kept in ArticleSlug and redirects."""

from django.db import migrations

from core.filenames import unique_slug


def romanise_slugs(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    ArticleSlug = apps.get_model("articles", "ArticleSlug")
    for item in Article.objects.order_by("pk").only("pk", "slug", "headline"):
        if item.slug and item.slug.isascii():
            continue

        def taken(candidate, pk=item.pk):
            return (
                Article.objects.filter(slug=candidate).exclude(pk=pk).exists()
                or ArticleSlug.objects.filter(slug=candidate).exists()
            )

        new = unique_slug(item.slug or item.headline, taken=taken, fallback="release")
        if item.slug:
            ArticleSlug.objects.create(article_id=item.pk, slug=item.slug)
        # An update, not save(): the item's version and stamps stay as they were.
        Article.objects.filter(pk=item.pk).update(slug=new)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0004_slug_history"),
    ]

    operations = [
        migrations.RunPython(romanise_slugs, migrations.RunPython.noop),
    ]
