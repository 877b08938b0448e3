"""Fills the roles' "other words people search for" from directory/data/search_terms.json."""
import json
from pathlib import Path

from django.db import migrations

TERMS = Path(__file__).resolve().parent.parent / "data" / "search_terms.json"


def load(apps, schema_editor):
    ActorRole = apps.get_model("directory", "ActorRole")
    roles = json.loads(TERMS.read_text(encoding="utf-8"))["roles"]
    for role in ActorRole.objects.filter(slug__in=roles):
        terms = roles[role.slug]
        for language, text in terms.items():
            setattr(role, f"search_terms_{language.replace('-', '_')}", text)
        role.search_terms = terms["en"]
        role.save()


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_role_search_terms")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
