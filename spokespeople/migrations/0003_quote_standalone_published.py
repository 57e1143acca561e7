from django.db import migrations, models


def keep_standalone_quotes_public(apps, schema_editor):
    # Before this field, a quote with neither release nor event was public at once; those already
    # stored stay public, new ones wait for an editor.
    Quote = apps.get_model("spokespeople", "Quote")
    Quote.objects.filter(article__isnull=True, event__isnull=True).update(
        standalone_published=True
    )


class Migration(migrations.Migration):
    dependencies = [("spokespeople", "0002_person_version_quote_version")]

    operations = [
        migrations.AddField(
            model_name="quote",
            name="standalone_published",
            field=models.BooleanField(
                default=False,
                help_text="보도자료나 행사에 딸리지 않은 발언은 편집자가 이 항목을 켜야 대변인 페이지에 나타납니다. 보도자료나 행사에 딸린 발언은 그 보도자료·행사와 함께 공개됩니다.",
                verbose_name="단독 공개",
            ),
        ),
        migrations.RunPython(keep_standalone_quotes_public, migrations.RunPython.noop),
    ]
