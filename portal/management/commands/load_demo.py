"""manage.py load_demo: the three fictional demo tenants (idempotent: a second run changes nothing)."""
import logging

from django.core.management.base import BaseCommand
from tqdm import tqdm

from portal.demo.loader import ADMIN_USERNAME, DEMO_PASSWORD, DemoLoader


class Command(BaseCommand):
    help = "Create the demo tenants (Baltic Sea Region, South-Eastern Europe, TACT) with fictional data."

    def handle(self, *args, **options):
        # Each published page logs a line; for ninety demo pages the progress bar says it better.
        for name in ("wagtail", "django_tasks"):
            logging.getLogger(name).setLevel(logging.WARNING)
        with tqdm(total=DemoLoader.step_count(), unit="step", disable=options["verbosity"] == 0) as progress:
            DemoLoader(progress=progress).load()
        self.stdout.write(self.style.SUCCESS("Demo tenants loaded: http://bsr.localhost:8000/ http://see.localhost:8000/ http://tact.localhost:8000/"))
        self.stdout.write(
            f"Admin: http://127.0.0.1:8000/admin/  user '{ADMIN_USERNAME}', password '{DEMO_PASSWORD}' "
            f"(country editors: editor-<iso2>, e.g. editor-lt, same password)"
        )
