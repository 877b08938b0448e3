"""The data of bench_search.py: contacts in the Baltic tenant's countries and standard pages in every tenant.

Imported by bench_search.py once Django is set up. Contacts are written with bulk_create (no
signals: the benchmark indexes them itself, timed); pages with Wagtail's add_child.
"""
import random

from bench_search_data import (  # the benchmark's word lists
    CITIES,
    COUNTRY_LANGUAGE,
    FIRST_NAMES,
    FOCUS,
    FUNCTIONS,
    LAST_NAMES,
    ORGANISATIONS,
    PAGE_ASPECTS,
    PAGE_TOPICS,
    QUALIFIERS,
    SENTENCES,
)
from django.db import transaction
from django.utils import timezone

from directory.models import SOP, ActorRole, Contact, ContactPhone, Language, Organisation
from portal.models import HomePage, PortalSettings, StandardPage

HOSTNAME = "bsr.localhost"
LIBRARY_SLUG = "bench-library"


def baltic_tenant():
    return PortalSettings.objects.select_related("site__root_page", "resources_collection").get(site__hostname=HOSTNAME)


def generate_contacts(count: int, rng: random.Random) -> list[int]:
    """Bulk-create `count` contacts in the Baltic tenant's countries; returns their ids."""
    tenant = baltic_tenant()
    countries = list(tenant.member_countries.all())
    roles = {role.slug: role for role in ActorRole.objects.all()}
    functions = [entry for entry in FUNCTIONS if entry[0] in roles]
    sops = list(SOP.objects.all())
    languages = {language.code: language for language in Language.objects.all()}
    english = languages["en"]
    extra_languages = [languages[code] for code in ("de", "ru", "uk", "pl", "sv", "fr") if code in languages]
    organisations: dict[tuple[int, str], list[Organisation]] = {}
    new = []
    for country in countries:
        cities = CITIES.get(country.iso2, ["Capital"])
        for slug, (template, kind) in ORGANISATIONS.items():
            names = {template.format(city=city, country=country.name) for city in cities}
            for name in sorted(names):
                org = Organisation(name=name, name_en=name, country=country, organisation_type=kind)
                organisations.setdefault((country.pk, slug), []).append(org)
                new.append(org)
    Organisation.objects.bulk_create(new, batch_size=1000)
    ids = []
    batch = 5000
    for start in range(0, count, batch):
        contacts = []
        for index in range(start, min(count, start + batch)):
            country = rng.choice(countries)
            slug, function, translations = rng.choice(functions)
            city = rng.choice(CITIES.get(country.iso2, ["Capital"]))
            qualifier = rng.choice(QUALIFIERS)
            title = qualifier + (function[0].lower() + function[1:] if qualifier else function)
            if rng.random() < 0.7:
                title += " – " + rng.choice(FOCUS)
            if rng.random() < 0.4:
                title += ", " + city
            local = COUNTRY_LANGUAGE.get(country.iso2)
            contact = Contact(
                organisation=rng.choice(organisations.get((country.pk, slug)) or organisations[(country.pk, "hotline")]),
                country=country, role=roles[slug], position_title=title, position_title_en=title,
                person_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" if rng.random() < 0.6 else "",
                email=f"bench-{index}@example.org", visibility="public" if index % 5 else "practitioners",
                availability="Mon–Fri 8:00–16:00" if index % 3 else "24/7", availability_en="Mon–Fri 8:00–16:00" if index % 3 else "24/7",
                last_verified_on=None,
            )
            if local in translations:
                setattr(contact, f"position_title_{local}", f"{translations[local]}, {city}")
            contacts.append(contact)
        with transaction.atomic():
            created = Contact.objects.bulk_create(contacts, batch_size=1000)
            Contact.sops.through.objects.bulk_create(
                [Contact.sops.through(contact_id=c.pk, sop_id=sop.pk) for c in created for sop in rng.sample(sops, rng.randint(1, 2))],
                batch_size=5000,
            )
            links = []
            for c in created:
                spoken = {english, *rng.sample(extra_languages, 1)}
                local = languages.get(COUNTRY_LANGUAGE.get(c.country.iso2, ""))
                if local:
                    spoken.add(local)
                links += [Contact.languages.through(contact_id=c.pk, language_id=language.pk) for language in spoken]
            Contact.languages.through.objects.bulk_create(links, batch_size=5000)
            ContactPhone.objects.bulk_create(
                [ContactPhone(contact_id=c.pk, number=f"+3705{2000000 + (c.pk % 999999):07d}", label="Office", sort_order=0)
                 for c in created],
                batch_size=5000,
            )
        ids += [c.pk for c in created]
        print(f"  contacts {min(count, start + batch):,} / {count:,}", flush=True)
    return ids


def generate_pages(count: int, rng: random.Random) -> list[int]:
    """`count` live standard pages under a "Bench library" page of each tenant's home (Wagtail's add_child)."""
    homes = [HomePage.objects.get(pk=tenant.site.root_page_id) for tenant in
             PortalSettings.objects.select_related("site").order_by("site__hostname")]
    now = timezone.now()
    libraries = []
    for home in homes:
        library = StandardPage.objects.child_of(home).filter(slug=LIBRARY_SLUG).first()
        if library is None:
            library = home.add_child(instance=StandardPage(
                title="Bench library", title_en="Bench library", slug=LIBRARY_SLUG, live=True,
                first_published_at=now, last_published_at=now,
            ))
        libraries.append(library)
    ids = []
    offset = sum(library.numchild for library in libraries)
    chunk = 250
    for start in range(0, count, chunk):
        with transaction.atomic():
            for index in range(start, min(count, start + chunk)):
                library = libraries[index % len(libraries)]
                title = f"{rng.choice(PAGE_TOPICS)}: {rng.choice(PAGE_ASPECTS)} ({offset + index + 1})"
                intro = rng.choice(SENTENCES)
                body = "".join(f"<p>{sentence}</p>" for sentence in rng.sample(SENTENCES, 4))
                page = library.add_child(instance=StandardPage(
                    title=title, title_en=title, slug=f"bench-page-{offset + index + 1}", intro=intro, intro_en=intro,
                    body=body, body_en=body, live=True, first_published_at=now, last_published_at=now,
                ))
                ids.append(page.pk)
        print(f"  pages {min(count, start + chunk):,} / {count:,}", flush=True)
    return ids
