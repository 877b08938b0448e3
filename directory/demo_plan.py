"""The demo directory as data: which organisations and contacts each demo country gets (fictional, deterministic).

Pure planning from demo_data/directory.json; directory/demo.py writes the plan to the database.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
from django.utils import translation
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from directory.models import Visibility
from portal.tenancy.models import Country

DATA = Path(__file__).parent / "demo_data" / "directory.json"
EXTERNAL_ID_PREFIX = "demo-"

PHONE_TYPES = {
    "fixed": PhoneNumberType.FIXED_LINE,
    "mobile": PhoneNumberType.MOBILE,
    "toll_free": PhoneNumberType.TOLL_FREE,
}
# Never verified: one contact in this many. Overdue: these remainders of the running number mod 20 (15 %).
NEVER_VERIFIED_EVERY = 23
OVERDUE_REMAINDERS = (3, 9, 16)


@dataclass(frozen=True)
class PlannedPhone:
    number: str  # E.164
    label: str
    is_24_7: bool


@dataclass(frozen=True)
class PlannedOrganisation:
    key: tuple[str, str]  # (country iso2, name)
    iso: str
    name: str
    organisation_type: str
    website: str
    address: str
    switchboard: str


@dataclass(frozen=True)
class PlannedContact:
    external_id: str
    iso: str
    located_in: str | None
    organisation: tuple[str, str]
    role: str
    sops: tuple[int, ...]
    titles: dict[str, str]
    availability: dict[str, str]
    person_name: str
    languages: tuple[str, ...]
    email: str
    alternative_email: str
    phones: tuple[PlannedPhone, ...]
    visibility: str
    verified_days_ago: int | None


@dataclass(frozen=True)
class DemoPlan:
    organisations: tuple[PlannedOrganisation, ...]
    contacts: tuple[PlannedContact, ...]


def demo_data() -> dict:
    with DATA.open(encoding="utf-8") as handle:
        return json.load(handle)


# --- phone numbers -------------------------------------------------------------------------

def fictional_numbers(*, region: str, kind: str) -> Iterator[str]:
    """Valid numbers of a type in a region, derived from libphonenumber's example number.

    The last three digits of the example are replaced in a fixed order; only numbers that
    are valid for the region are kept, so every number passes the directory's own checks.
    """
    example = phonenumbers.example_number_for_type(region, PHONE_TYPES[kind])
    if example is None:
        example = phonenumbers.example_number_for_type(region, PhoneNumberType.FIXED_LINE)
    # The national significant number keeps Italy's leading zero, which national_number drops.
    national = phonenumbers.national_significant_number(example)
    stem, start = national[:-3], int(national[-3:])
    for step in range(1, 1000):
        # 7 and 1000 are coprime: the walk visits every ending once (the example itself excluded).
        candidate = f"{stem}{(start + 7 * step) % 1000:03d}"
        number = phonenumbers.parse(f"+{example.country_code}{candidate}")
        if phonenumbers.is_valid_number_for_region(number, region):
            yield phonenumbers.format_number(number, PhoneNumberFormat.E164)


class PhoneBook:
    """Hands out each fictional number once, in a fixed order."""

    def __init__(self):
        self._sources: dict[tuple[str, str], Iterator[str]] = {}

    def take(self, *, region: str, kind: str) -> str:
        source = self._sources.get((region, kind))
        if source is None:
            source = self._sources[(region, kind)] = fictional_numbers(region=region, kind=kind)
        return next(source)


# --- the plan (no database) ----------------------------------------------------------------

def country_name_en(iso: str) -> str:
    """The English name (organisation names are in English; other languages fall back to it)."""
    with translation.override("en"):
        return str(Country(code=iso).code.name)


def contact_languages(*, country: dict, position: int, role: str) -> tuple[str, ...]:
    """1 to 4 languages: the country's own, mostly English, sometimes one or two more."""
    own = country["languages"]
    extra = country["extra_languages"]
    pattern = 3 if role == "hotline" else 2 if role == "ngo-assistance" else position % 5
    if pattern == 1:
        codes = [*own]
    elif pattern == 2:
        codes = [*own, "en", extra[position % len(extra)]]
    elif pattern == 3:
        codes = [*own, "en", extra[position % len(extra)], extra[(position + 1) % len(extra)]]
    else:
        codes = [*own, "en"]
    return tuple(dict.fromkeys(codes))[:4]


def verified_days_ago(*, serial: int) -> int | None:
    """Most within the last six months, about 15 % older than a year, a few never."""
    if serial % NEVER_VERIFIED_EVERY == NEVER_VERIFIED_EVERY // 2:
        return None
    if serial % 20 in OVERDUE_REMAINDERS:
        return 380 + (serial * 53) % 300
    return 3 + (serial * 37) % 170


def translated(values: dict[str, str], *, languages) -> dict[str, str]:
    """English and, where the data has them, the tenants' second languages."""
    return {code: values[code] for code in ("en", *languages) if code in values}


def build_plan(*, data: dict | None = None) -> DemoPlan:
    """Every organisation and contact of the demo, in a fixed order (no database access)."""
    data = data or demo_data()
    phones = PhoneBook()
    organisations: dict[tuple[str, str], PlannedOrganisation] = {}
    contacts: list[PlannedContact] = []
    countries = {country["iso"]: country for country in data["countries"]}

    def organisation(iso: str, key: str, **names) -> tuple[str, str]:
        spec = data["organisations"][key]
        name = spec["name"].format(country=country_name_en(iso), iso=iso, **names)
        if (iso, name) not in organisations:
            slug = f"{key}-{names.get('city', '').lower()}".rstrip("-")
            city = names.get("city") or countries[iso]["city"]
            organisations[(iso, name)] = PlannedOrganisation(
                key=(iso, name),
                iso=iso,
                name=name,
                organisation_type=spec["type"],
                website=f"https://example.org/demo/{iso.lower()}/{slug}/",
                address=f"{len(organisations) % 40 + 1} Example Street, {city} (fictional address)",
                switchboard=phones.take(region=iso, kind="fixed"),
            )
        return (iso, name)

    def planned_phones(iso: str, specs) -> tuple[PlannedPhone, ...]:
        return tuple(
            PlannedPhone(phones.take(region=iso, kind=kind), label, is_24_7) for kind, label, is_24_7 in specs
        )

    rotating = data["rotating_roles"]
    serial = 0
    for index, country in enumerate(data["countries"]):
        iso = country["iso"]
        roles = [*data["key_roles"], *(rotating[(3 * index + k) % len(rotating)] for k in range(5))]
        # One or two practitioners-only contacts per country, never a key contact: the
        # country profile shows those to everyone.
        restricted = {4 + index % 5}
        if index % 3 != 2:
            restricted.add(4 + (index + 3) % 5)
        # About half are named people; hotlines and duty desks (positions 1 and 2) are function mailboxes.
        with_person = {0, 3, 5, 7, 4 + index % 2 * 2}
        people = country["people"]
        for position, role in enumerate(roles):
            spec = data["roles"][role]
            # Key contacts get every phone of their role (the 24/7 line among them); others one or two.
            phone_specs = spec["phones"] if role in data["key_roles"] else spec["phones"][: 1 + (position + index) % 2]
            contacts.append(PlannedContact(
                external_id=f"{EXTERNAL_ID_PREFIX}{iso.lower()}-{position + 1:03d}",
                iso=iso,
                located_in=None,
                organisation=organisation(iso, spec["organisation"]),
                role=role,
                sops=tuple(spec["sops"]),
                titles=translated(spec["title"], languages=country["title_languages"]),
                availability=translated(
                    data["availability"][spec["availability"]], languages=country["title_languages"]
                ),
                person_name=people[(position + index) % len(people)] if position in with_person else "",
                languages=contact_languages(country=country, position=position + index, role=role),
                email=f"{spec['email']}.{iso.lower()}@example.org" if spec["email"] else "",
                alternative_email=(
                    f"{spec['alternative_email']}.{iso.lower()}@example.org" if spec.get("alternative_email") else ""
                ),
                phones=planned_phones(iso, phone_specs),
                visibility=Visibility.PRACTITIONERS if position in restricted else Visibility.PUBLIC,
                verified_days_ago=verified_days_ago(serial=serial),
            ))
            serial += 1

    # Consular offices abroad count for their country of competence; numbering follows on.
    spec = data["office_abroad"]
    numbering = {iso: sum(1 for contact in contacts if contact.iso == iso) for iso in countries}
    for office in data["offices_abroad"]:
        iso, located_in = office["iso"], office["located_in"]
        numbering[iso] += 1
        title_languages = [*countries[iso]["title_languages"], *countries[located_in]["title_languages"]]
        contacts.append(PlannedContact(
            external_id=f"{EXTERNAL_ID_PREFIX}{iso.lower()}-{numbering[iso]:03d}",
            iso=iso,
            located_in=located_in,
            organisation=organisation(iso, "consulate", city=office["city"]),
            role=spec["role"],
            sops=tuple(spec["sops"]),
            titles=translated(spec["title"], languages=title_languages),
            availability=translated(data["availability"][spec["availability"]], languages=title_languages),
            person_name="",
            languages=tuple(office["languages"]),
            email=f"{spec['email']}.{iso.lower()}.{located_in.lower()}@example.org",
            alternative_email="",
            phones=planned_phones(iso, spec["phones"]),
            visibility=Visibility.PRACTITIONERS if office["practitioners_only"] else Visibility.PUBLIC,
            verified_days_ago=verified_days_ago(serial=serial),
        ))
        serial += 1
    return DemoPlan(organisations=tuple(organisations.values()), contacts=tuple(contacts))


# --- writing -------------------------------------------------------------------------------
# Objects are written in bulk (a per-object save runs the search and reference index
# signals twice each, which made the load take seconds); what those signals and
# save_revision() would have recorded is then written in bulk too.

# Relations set on an instance before bulk_create; not validated again by clean_fields.
