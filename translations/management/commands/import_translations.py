"""manage.py import_translations FILE --tenant bsr [--user NAME] [--dry-run].

Prints the preview (every change and every problem, by unit id), then applies the good units in
one transaction unless --dry-run is given. Units with a problem are never written; the exit
code is 1 when the file had any, so a script notices. Without --user the import acts as an
administrator (every country); with it, as that user (an editor imports their countries only).
"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from portal.tenancy.uploads import acting_user
from translations.importing import translation_import_apply, translation_import_preview
from translations.management.commands._common import tenant_named


class Command(BaseCommand):
    help = "Import a translated XLIFF 2.0 or PO file: preview, then apply the good units in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("file", help="An .xlf or .po file exported by export_translations (or the admin).")
        parser.add_argument("--tenant", required=True, help="Host name, its first label (bsr) or short name.")
        parser.add_argument("--user", help="Import as this user (an editor imports only their countries).")
        parser.add_argument("--dry-run", action="store_true", help="Print the preview only; write nothing.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        tenant = tenant_named(options["tenant"])
        user = acting_user(options.get("user"))
        content = path.read_bytes()
        quiet = options["verbosity"] == 0
        with tqdm(total=1, desc="Checking", unit="file", disable=quiet, file=self.stderr) as bar:
            preview = translation_import_preview(content=content, filename=path.name, tenant=tenant, user=user)
            bar.update(1)
        for change in preview.changes:
            self.stdout.write(f"{change.unit_id}: {change.old!r} -> {change.new!r}")
        for problem in preview.problems:
            self.stdout.write(f"problem: {problem}")
        self.stdout.write(
            f"{len(preview.changes)} to change, {preview.unchanged} unchanged, {preview.untranslated} untranslated, "
            f"{len(preview.problems)} problems."
        )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
        elif preview.changes:
            with tqdm(total=len(preview.changes), desc="Writing", unit="unit", disable=quiet, file=self.stderr) as bar:
                result = translation_import_apply(
                    content=content, filename=path.name, tenant=tenant, user=user, confirmed=set(preview.change_ids),
                    progress=bar.update,
                )
            self.stdout.write(f"Translations applied: {result.applied}.")
            for problem in result.skipped:
                self.stdout.write(f"skipped: {problem}")
        if preview.problems:
            raise CommandError("The file had problems: those units were not written.", returncode=1)
