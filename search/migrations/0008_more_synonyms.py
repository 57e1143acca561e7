from pathlib import Path

from django.db import migrations

# The shared vocabulary grew (technoparks, ministries and agencies, universities, venues, and the
# common equivalences of press-release language). Groups staff already have are left as they are;
# a line of the file is added only if no group holds exactly its terms.


def load_synonyms(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    source = Path(__file__).resolve().parent.parent / "data" / "synonyms.tsv"
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            terms = ", ".join(t.strip() for t in line.split("\t") if t.strip())
            SynonymGroup.objects.get_or_create(terms=terms)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_lexicon")]

    operations = [migrations.RunPython(load_synonyms, migrations.RunPython.noop)]
