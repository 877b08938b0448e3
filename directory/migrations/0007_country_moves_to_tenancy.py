"""Countries move to the tenancy (portal.Country, migration portal 0004): contacts and organisations
point at them there. The table (directory_country) and every column stay as they are."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0006_role_search_terms_data"),
        ("guidelines", "0003_nationalnote_country_in_tenancy"),
        ("portal", "0004_country"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="contact",
                    name="country",
                    field=models.ForeignKey(help_text="The country whose referral system this contact belongs to.", on_delete=django.db.models.deletion.PROTECT, related_name="contacts", to="portal.country", verbose_name="country of competence"),
                ),
                migrations.AlterField(
                    model_name="contact",
                    name="located_in",
                    field=models.ForeignKey(blank=True, help_text="For consular or liaison offices abroad: the country where the office is.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name="contacts_located", to="portal.country", verbose_name="located in"),
                ),
                migrations.AlterField(
                    model_name="organisation",
                    name="country",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="organisations", to="portal.country", verbose_name="country"),
                ),
                migrations.DeleteModel(name="Country"),
            ],
            database_operations=[],
        ),
    ]
