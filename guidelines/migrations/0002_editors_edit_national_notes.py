"""Country editors' groups that exist already get the national-note permissions new groups get."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ("add_nationalnote", "change_nationalnote", "delete_nationalnote")


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now to grant them.
    # (The migration state's app config has no models module; create_permissions needs one set.)
    app_config = apps.get_app_config("guidelines")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    Country = apps.get_model("directory", "Country")
    permissions = list(Permission.objects.filter(content_type__app_label="guidelines", codename__in=CODENAMES))
    for country in Country.objects.exclude(editors=None).select_related("editors"):
        country.editors.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("guidelines", "0001_initial"), ("directory", "0004_roles_and_sops"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
