"""manage.py export_translations --tenant bsr --language de [--format xliff|po] [--user NAME] -o FILE.

Writes every text of the tenant that is missing or stale in the language, as XLIFF 2.0 (default)
or PO, for a translator. With --user, only what that user may edit (an editor's countries).
"""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from portal.tenancy.uploads import acting_user
from translations import formats
from translations.management.commands._common import tenant_named
from translations.units import unit_list


class Command(BaseCommand):
    help = "Export a tenant's missing and stale translations in one language as XLIFF 2.0 or PO."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True, help="Host name, its first label (bsr) or short name.")
        parser.add_argument("--language", required=True, help="A language the tenant publishes in, e.g. de.")
        parser.add_argument("--format", choices=formats.FORMATS, default=formats.XLIFF)
        parser.add_argument("--user", help="Export only what this user may edit.")
        parser.add_argument("-o", "--output", required=True, help="The file to write.")

    def handle(self, *args, **options):
        tenant = tenant_named(options["tenant"])
        language = options["language"]
        if language == settings.LANGUAGE_CODE or not tenant.is_language_enabled(language):
            enabled = ", ".join(code for code in tenant.languages if code != settings.LANGUAGE_CODE)
            raise CommandError(f"{tenant} does not publish in {language!r}; its languages are {enabled}.")
        user = acting_user(options.get("user")) if options.get("user") else None
        with tqdm(total=2, desc="Exporting", unit="step", disable=options["verbosity"] == 0, file=self.stderr) as bar:
            units = unit_list(tenant=tenant, language=language, user=user)
            bar.update(1)
            content = formats.translation_file_export(units, fmt=options["format"], language=language, tenant=tenant)
            Path(options["output"]).write_bytes(content)
            bar.update(1)
        self.stdout.write(f"{len(units)} units to translate written to {options['output']}.")
