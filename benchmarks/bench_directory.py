"""Directory benchmark: page latency with 100,000 contacts and the import of 10,000 rows.

Run with `make bench-directory` (PostgreSQL started by scripts/postgres.sh). Prints figures;
it asserts nothing. Targets (issue "Contact directory"): directory p95 <= 50 ms for a
country+role filter, free text p95 <= 100 ms, import of 10,000 rows <= 30 s.
"""
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from directory.importing import contact_import_apply, contact_import_preview  # noqa: E402
from directory.models import SOP, ActorRole, Contact, ContactPhone, Language, Organisation  # noqa: E402
from portal.models import PortalSettings  # noqa: E402

CONTACTS = int(os.environ.get("BENCH_CONTACTS", "100000"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
WORDS = ["duty", "desk", "liaison", "referral", "shelter", "victim support", "coordination", "unit", "office", "return"]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def generate(count: int) -> None:
    """Bulk-create `count` contacts spread over the Baltic tenant's countries (fictional, like the demo)."""
    rng = random.Random(2026)
    tenant = PortalSettings.objects.get(site__hostname="bsr.localhost")
    countries = list(tenant.member_countries.all())
    roles = list(ActorRole.objects.all())
    sops = list(SOP.objects.all())
    languages = list(Language.objects.filter(code__in=["en", "de", "pl", "lt", "sv", "ru", "uk", "lv", "et", "fi"]))
    organisations = {}
    for country in countries:
        for index in range(20):
            organisations.setdefault(country.pk, []).append(
                Organisation(name=f"Bench organisation {country.iso2}-{index}", name_en=f"Bench organisation {country.iso2}-{index}",
                             country=country)
            )
    Organisation.objects.bulk_create([org for orgs in organisations.values() for org in orgs], batch_size=1000)
    batch = 5000
    for start in range(0, count, batch):
        contacts = []
        for index in range(start, min(count, start + batch)):
            country = rng.choice(countries)
            title = f"Bench {rng.choice(WORDS)} {index}"
            contacts.append(Contact(
                organisation=rng.choice(organisations[country.pk]), country=country, role=rng.choice(roles),
                position_title=title, position_title_en=title, person_name=f"Person {index}",
                email=f"bench-{index}@example.org", visibility="public" if index % 5 else "practitioners",
                last_verified_on=None,
            ))
        with transaction.atomic():
            created = Contact.objects.bulk_create(contacts, batch_size=1000)
            Contact.sops.through.objects.bulk_create(
                [Contact.sops.through(contact_id=c.pk, sop_id=rng.choice(sops).pk) for c in created], batch_size=5000
            )
            Contact.languages.through.objects.bulk_create(
                [Contact.languages.through(contact_id=c.pk, language_id=language.pk)
                 for c in created for language in rng.sample(languages, 2)], batch_size=5000
            )
            ContactPhone.objects.bulk_create(
                [ContactPhone(contact_id=c.pk, number=f"+3705{2000000 + (c.pk % 999999):07d}", sort_order=0) for c in created],
                batch_size=5000,
            )
        print(f"  generated {min(count, start + batch):,} / {count:,}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(client: Client, path: str, *, cold: bool) -> tuple[float, float, int]:
    """Latency of `path`; cold: the cache emptied before each request (facet counts computed every time)."""
    for _ in range(5):
        client.get(path, HTTP_HOST="bsr.localhost")
    timings = []
    for _ in range(REQUESTS if not cold else max(20, REQUESTS // 5)):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(path, HTTP_HOST="bsr.localhost")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(timings), percentile(timings, 0.95), len(timings)


def import_csv(rows: int) -> bytes:
    from directory.tabular import COLUMNS

    lines = [",".join(COLUMNS)]
    for index in range(rows):
        values = {column: "" for column in COLUMNS}
        values.update({
            "external_id": f"bench-import-{index}", "country": "LT", "role": "law-enforcement", "sops": "1;2",
            "organisation": "Bench import police", "organisation_type": "law_enforcement",
            "position_title": f"Imported duty desk {index}", "languages": "lt;en",
            "email": f"import-{index}@example.org", "phone": f"+3705{2100000 + index:07d}", "phone_24_7": "yes",
            "visibility": "public",
        })
        lines.append(",".join(values[column] for column in COLUMNS))
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    print(f"database: {connection.vendor}")
    call_command("migrate", "--noinput", verbosity=0)
    if not PortalSettings.objects.exists():
        call_command("load_demo", verbosity=0)
    if Contact.objects.count() < CONTACTS:
        print(f"generating {CONTACTS:,} contacts ...", flush=True)
        started = time.perf_counter()
        generate(CONTACTS - Contact.objects.count())
        print(f"  done in {time.perf_counter() - started:.1f} s")
    print(f"contacts in the database: {Contact.objects.count():,}")

    client = Client()
    for label, path in [
        ("directory, country+role filter", "/en/directory/?country=LT&role=law-enforcement"),
        ("directory, free text", "/en/directory/?q=liaison"),
        ("directory, free text + country", "/en/directory/?q=shelter&country=PL"),
        ("directory, no filter", "/en/directory/"),
    ]:
        for cold in (False, True):
            p50, p95, count = measure(client, path, cold=cold)
            state = "cold cache" if cold else "warm cache"
            print(f"{label:34s} {state}  p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({count} requests)", flush=True)

    admin = get_user_model().objects.get(username="admin")
    content = import_csv(IMPORT_ROWS)
    started = time.perf_counter()
    report = contact_import_preview(file_obj=io.BytesIO(content), filename="bench.csv", user=admin)
    checked = time.perf_counter()
    result = contact_import_apply(report=report, user=admin)
    finished = time.perf_counter()
    print(f"import of {IMPORT_ROWS:,} rows: check {checked - started:.1f} s + write {finished - checked:.1f} s "
          f"= {finished - started:.1f} s ({result})")


if __name__ == "__main__":
    main()
