"""Reference data every installation needs: all countries (with Kosovo as XK) and ISO 639-1 languages."""
from django.conf.locale import LANG_INFO
from django.db import migrations
from django_countries import countries


def add_reference_data(apps, schema_editor):
    Country = apps.get_model("directory", "Country")
    Language = apps.get_model("directory", "Language")
    codes = {code for code, _name in countries} | {"XK"}
    existing = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create([Country(code=code) for code in sorted(codes - existing)])
    languages = {code for code, info in LANG_INFO.items() if len(code) == 2 and "name" in info}
    existing = set(Language.objects.values_list("code", flat=True))
    Language.objects.bulk_create([Language(code=code) for code in sorted(languages - existing)])


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(add_reference_data, migrations.RunPython.noop)]
