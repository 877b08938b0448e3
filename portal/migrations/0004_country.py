"""Countries move from the directory to the tenancy (the portal app's ground floor).

Only Django's picture of the models changes: the table keeps its name (directory_country) and
every foreign key keeps pointing at it, so nothing in the database is altered or copied.
"""
import django.db.models.deletion
import django_countries.fields
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Permissions and log entries that name countries follow them to the portal app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="portal", model="country").exists():
        ContentType.objects.filter(app_label="directory", model="country").update(app_label="portal")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="directory", model="country").exists():
        ContentType.objects.filter(app_label="portal", model="country").update(app_label="directory")


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0006_role_search_terms_data"),
        ("portal", "0003_resource_text_data"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Country",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("code", django_countries.fields.CountryField(max_length=2, unique=True, verbose_name="country")),
                        ("editors", models.OneToOneField(blank=True, help_text="Members edit this country's contacts, organisations and profile pages.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="edited_country", to="auth.group", verbose_name="editors' group")),
                    ],
                    options={
                        "verbose_name": "country",
                        "verbose_name_plural": "countries",
                        "db_table": "directory_country",
                        "ordering": ["code"],
                    },
                ),
                migrations.AlterField(
                    model_name="countryprofilepage",
                    name="country",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="portal.country", verbose_name="country"),
                ),
                migrations.AlterField(
                    model_name="portalsettings",
                    name="member_countries",
                    field=models.ManyToManyField(blank=True, related_name="tenants", to="portal.country", verbose_name="member countries"),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
