"""The actor-role taxonomy and the five SOPs, named in every interface language (directory/data/reference.json)."""
import json
from pathlib import Path

from django.db import migrations

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference.json"


def field_name(field: str, language: str) -> str:
    # As django-modeltranslation names its columns: "sr-latn" becomes "sr_latn".
    return f"{field}_{language.replace('-', '_')}"


def translated(field: str, values: dict) -> dict:
    columns = {field_name(field, language): text for language, text in values.items()}
    columns[field] = values["en"]
    return columns


def load(apps, schema_editor):
    ActorRole = apps.get_model("directory", "ActorRole")
    SOP = apps.get_model("directory", "SOP")
    data = json.loads(REFERENCE.read_text(encoding="utf-8"))
    for role in data["roles"]:
        ActorRole.objects.update_or_create(
            slug=role["slug"],
            defaults={"sort_order": role["sort_order"], **translated("name", role["name"]),
                      **translated("description", role["description"])},
        )
    for sop in data["sops"]:
        SOP.objects.update_or_create(number=sop["number"], defaults={"slug": sop["slug"], **translated("title", sop["title"])})


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_contacts")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
