"""Handbook benchmark: size, pages and build time of each demo tenant's editions.

Run with `make bench-handbook`: a fresh SQLite database in a temporary folder (or DATABASE_URL),
migrated and loaded with the demo tenants, then each tenant's whole handbook and one country's
edition built in English and in one more of its languages, as the task worker builds them.
Prints figures; asserts nothing.
"""
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp(prefix='bench-handbook-')}/db.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import translation  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from handbook.content import edition_content  # noqa: E402
from handbook.pdf import handbook_pdf  # noqa: E402
from portal.tenancy.models import PortalSettings  # noqa: E402
from portal.tenancy.sites import tenant_for_site  # noqa: E402

# Per tenant: a second language (right to left for tact) and a country for the one-country edition.
EDITIONS = {"bsr.localhost": ("de", "LT"), "see.localhost": ("sr-latn", "RS"), "tact.localhost": ("ar", "MA")}


def main() -> None:
    print(f"database: {django.conf.settings.DATABASES['default']['NAME']}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", verbosity=0)
    print(f"migrate + load_demo: {time.perf_counter() - started:.1f} s")
    print(f"{'tenant':<16} {'language':<9} {'edition':<8} {'pages':>5} {'KB':>7} {'content s':>10} {'PDF s':>7}")
    for host, (language, code) in EDITIONS.items():
        tenant = tenant_for_site(PortalSettings.objects.select_related("site__root_page").get(site__hostname=host).site)
        for lang in ("en", language):
            for country in (None, tenant.member(code)):
                with translation.override(lang):
                    begin = time.perf_counter()
                    edition = edition_content(tenant=tenant, country=country)
                    middle = time.perf_counter()
                    content = handbook_pdf(edition)
                    end = time.perf_counter()
                pages = len(PdfReader(io.BytesIO(content)).pages)
                print(f"{host:<16} {lang:<9} {country.iso2 if country else 'all':<8} {pages:>5} {len(content) / 1024:>7.0f} "
                      f"{middle - begin:>10.2f} {end - middle:>7.2f}")


if __name__ == "__main__":
    main()
