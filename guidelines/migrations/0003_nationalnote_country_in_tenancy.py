"""National notes point at countries where they now live (portal.Country); the column is unchanged."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("guidelines", "0002_editors_edit_national_notes"),
        ("portal", "0004_country"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="nationalnote",
                    name="country",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="portal.country", verbose_name="country"),
                ),
            ],
            database_operations=[],
        ),
    ]
