"""manage.py load_demo: the three fictional demo tenants (idempotent: a second run changes nothing)."""
import logging
import sys

from django.core.management.base import BaseCommand

from portal.demo.loader import ADMIN_USERNAME, DEMO_PASSWORD, TENANTS, DemoLoader
from portal.demo.progress import progress_for


class Command(BaseCommand):
    help = "Create the demo tenants (Baltic Sea Region, South-Eastern Europe, TACT) with fictional data."

    def add_arguments(self, parser):
        # The addresses printed at the end are the ones runserver will answer on (`make run PORT=...`).
        parser.add_argument("--port", type=int, default=8000, help="Port the demo will be served on (default 8000).")

    def handle(self, *args, **options):
        # Each published page logs a line; for ninety demo pages the progress bar says it better.
        for name in ("wagtail", "django_tasks"):
            logging.getLogger(name).setLevel(logging.WARNING)
        with progress_for(sys.stderr, total=DemoLoader.step_count(), disable=options["verbosity"] == 0) as progress:
            DemoLoader(progress=progress).load()
        port = options["port"]
        tenants = " ".join(f"http://{tenant.hostname}:{port}/" for tenant in TENANTS)
        self.stdout.write(self.style.SUCCESS(f"Demo tenants loaded: {tenants}"))
        self.stdout.write(
            f"Admin: http://127.0.0.1:{port}/admin/  user '{ADMIN_USERNAME}', password '{DEMO_PASSWORD}' "
            f"(country editors: editor-<iso2>, e.g. editor-lt, same password)"
        )
