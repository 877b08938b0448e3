"""manage.py migrate: wagtail-modeltranslation's migrate, with its schema sync summarised.

After Django's migrations, wagtail-modeltranslation adds the per-language columns of Wagtail's
own `Page` (`title_en`, `slug_de`, ...) and prints every `ALTER TABLE` it runs with `print()`,
whatever the verbosity: about forty statements on a fresh database, the bulk of `make run`'s
output. Here they are shown at verbosity 2 and above; at verbosity 1 one line per model says
which fields gained columns. Lines that are not part of that report pass through unchanged.
"""
import contextlib
import io
import re

from wagtail_modeltranslation.management.commands.migrate_translation import Command as TranslationMigrateCommand

# The report of modeltranslation's sync_translation_fields (its wording, one statement per line).
MISSING_LANGUAGES = re.compile(r'^Missing languages in "(?P<field>[^"]+)" field from "(?P<model>[^"]+)" model: (?P<languages>.*)$')
SYNC_REPORT_LINES = re.compile(r"^(SQL to synchronize .*|\s+ALTER TABLE .*|Executing SQL\.\.\.|Done|No new translatable fields detected|\s*)$")


def schema_sync_summary(report: str) -> list[str]:
    """One line per model whose translated columns were added, then any line the report did not explain."""
    fields: dict[str, list[str]] = {}
    languages: dict[str, set[str]] = {}
    other = []
    for line in report.splitlines():
        missing = MISSING_LANGUAGES.match(line)
        if missing:
            fields.setdefault(missing["model"], []).append(missing["field"])
            languages.setdefault(missing["model"], set()).update(missing["languages"].split(", "))
        elif not SYNC_REPORT_LINES.match(line):
            other.append(line)
    summary = [
        f"  Translated columns added to {model}: {', '.join(sorted(names))} ({len(languages[model])} languages)"
        for model, names in fields.items()
    ]
    return summary + other


class Command(TranslationMigrateCommand):
    help = TranslationMigrateCommand.help

    def handle(self, *args, **options):
        # Only print() is captured: the migrations' own progress goes to self.stdout, bound when
        # the command was created, and still streams as it happens.
        report = io.StringIO()
        with contextlib.redirect_stdout(report):
            super().handle(*args, **options)
        if options["verbosity"] >= 2:
            self.stdout.write(report.getvalue(), ending="")
        elif options["verbosity"] == 1:
            for line in schema_sync_summary(report.getvalue()):
                self.stdout.write(line)
