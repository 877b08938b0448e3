"""manage.py rebuild_search_index [--tenant T] [--language L]: new Elasticsearch indexes, then an alias swap.

Search keeps answering from the current indexes while the new ones fill. Without
Elasticsearch (no ELASTICSEARCH_URL) it rebuilds Wagtail's database index instead.
"""
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from tqdm import tqdm

from portal.models import PortalSettings


class Command(BaseCommand):
    help = "Rebuild the search indexes (all tenants and languages, or the ones given) without interrupting search."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", action="append", default=[],
                            help="A tenant: its host name, the host's first label (bsr) or its short name (repeatable). Default: all.")
        parser.add_argument("--language", action="append", default=[],
                            help="A language code such as de or sr-latn (repeatable). Default: each tenant's languages.")

    def handle(self, *args, tenant, language, **options):
        if not settings.ELASTICSEARCH_URL:
            self.stdout.write("No ELASTICSEARCH_URL: rebuilding Wagtail's database search index.")
            call_command("update_index", stdout=self.stdout, stderr=self.stderr)
            return
        from search import indexing
        from search.documents import Tenants

        site_ids = None
        if tenant:
            site_ids = []
            for name in tenant:
                found = PortalSettings.objects.filter(
                    Q(short_name__iexact=name) | Q(site__hostname__iexact=name) | Q(site__hostname__istartswith=f"{name}.")
                ).first()
                if found is None:
                    known = ", ".join(PortalSettings.objects.values_list("site__hostname", flat=True))
                    raise CommandError(f"Unknown tenant {name!r}. Tenants: {known}.")
                site_ids.append(found.site_id)
        known_languages = {code for code, _ in settings.LANGUAGES}
        for code in language:
            if code not in known_languages:
                raise CommandError(f"Unknown language {code!r}. Languages: {', '.join(sorted(known_languages))}.")
        targets = Tenants(site_ids, language or None).targets()
        if not targets:
            raise CommandError("No index to build: none of these tenants has these languages enabled.")
        self.stdout.write(f"Building {len(targets)} indexes: " + ", ".join(f"{t.site_id}-{t.language}" for t in targets))
        with tqdm(unit="doc", desc="indexing", disable=options["verbosity"] == 0) as bar:
            result = indexing.rebuild(site_ids=site_ids, languages=language or None, progress=bar.update)
        self.stdout.write(self.style.SUCCESS(
            f"Indexed {result['documents']} documents into {len(result['indexes'])} indexes; aliases swapped."
        ))
