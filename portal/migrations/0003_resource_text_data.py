"""Extracts the text of resources uploaded before their text was kept."""
from django.db import migrations


def extract(apps, schema_editor):
    from portal.extraction import extract_text

    Resource = apps.get_model("portal", "Resource")
    for resource in Resource.objects.exclude(file="").filter(text_of=""):
        try:
            text = extract_text(resource.file)
        except OSError:  # the file is gone: nothing to extract
            continue
        Resource.objects.filter(pk=resource.pk).update(text=text, text_of=resource.file.name)


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_resource_text")]
    operations = [migrations.RunPython(extract, migrations.RunPython.noop)]
