"""manage.py apply_search_updates: apply the index updates still waiting (e.g. after an outage), from cron or by hand."""
from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    help = "Write the search index updates that are still waiting (they are kept while Elasticsearch is unavailable)."

    def handle(self, *args, **options):
        applied, pending = indexing.apply_pending_updates()
        self.stdout.write(f"Applied {applied} updates; {pending} still waiting.")
        if pending:
            self.stderr.write("Elasticsearch did not accept every update; they stay queued for the next run.")
