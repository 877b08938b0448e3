"""manage.py import_contacts FILE [--user USERNAME] [--dry-run]: import a CSV or XLSX contact list.

Prints the preview (every problem as "row 12, column phone: ..."), then applies the file in one
transaction when no row has a problem and --dry-run is not given. The exit code is 1 when
anything was rejected (and then nothing is written), so a script or cron job notices. Without --user the import acts as a
portal administrator (every country).
"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from directory.importing import ImportHasErrors, contact_import_apply, contact_import_preview
from portal.tenancy.uploads import acting_user

# Below this many rows a progress bar is only noise.
PROGRESS_THRESHOLD = 500


class Command(BaseCommand):
    help = "Import contacts from a CSV or XLSX file (the columns of the directory's export)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv or .xlsx file.")
        parser.add_argument("--user", help="Import as this user (an editor imports only their countries).")
        parser.add_argument("--dry-run", action="store_true", help="Check and report only; write nothing.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = acting_user(options.get("user"))
        content = path.read_bytes()
        show_progress = self.progress_wanted(content, options)

        with tqdm(desc="Checking", unit="row", disable=not show_progress, file=self.stderr) as bar:
            report = contact_import_preview(file_obj=content, filename=path.name, user=user, progress=bar.update)
        for problem in report.problems:
            self.stdout.write(str(problem))
        counts = report.counts
        summary = (
            f"{counts['create']} to create, {counts['update']} to update, "
            f"{counts['unchanged']} unchanged, {counts['rejected']} rejected"
        )
        if report.has_errors:
            self.stdout.write(f"{summary}.")
            raise CommandError("Nothing was written: correct the file and run the import again.", returncode=1)
        if options["dry_run"]:
            self.stdout.write(f"{summary}. Dry run: nothing was written.")
            return
        to_write = counts["create"] + counts["update"]
        if show_progress and to_write:
            self.stderr.write("Writing in one transaction, then updating the search and reference indexes.")
        with tqdm(total=to_write, desc="Writing", unit="row", disable=not show_progress, file=self.stderr) as bar:
            try:
                result = contact_import_apply(report=report, user=user, progress=bar.update)
            except ImportHasErrors as error:
                raise CommandError(str(error)) from error
        self.stdout.write(
            f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged, "
            f"{result.rejected} rejected."
        )

    def progress_wanted(self, content: bytes, options) -> bool:
        # A rough row count (line breaks) is enough to decide; XLSX files are compressed, so any
        # XLSX large enough to matter gets a bar.
        return options.get("verbosity", 1) > 0 and (
            content.count(b"\n") >= PROGRESS_THRESHOLD or len(content) > 64 * 1024
        )
