"""Demo directory: fictional organisations and contacts for every member country of the demo tenants.

Everything comes from `demo_data/directory.json` and a fixed plan, so each run builds the same
data: names are invented, e-mails are at example.org, and phone numbers are libphonenumber's
example numbers with other last digits (valid in form for their country, assigned to nobody
we know of). Dates of verification are relative to today, so the demo always shows a mix of
recently verified, overdue and never verified contacts.

Loading is idempotent: a contact whose external id ("demo-lt-001") exists is left alone,
so an editor's change to a demo contact survives `make run`.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation

from directory.bulk import CREATE_ACTION, bulk_log, bulk_revisions, index_objects
from directory.caching import directory_changed
from directory.demo_plan import EXTERNAL_ID_PREFIX, DemoPlan, build_plan
from directory.models import SOP, ActorRole, Contact, ContactPhone, Language, Organisation
from portal.tenancy.fields import set_translations
from portal.tenancy.models import Country

RELATION_FIELDS = ("organisation", "country", "located_in", "role", "last_verified_by", "latest_revision")


def _record_creation(*, model, objects: list) -> None:
    """First revision, "created" audit entry, search and reference index entries of new objects."""
    if not objects:
        return
    now = timezone.now()
    revisions = bulk_revisions(model, objects, user=None, now=now)
    bulk_log([(obj, CREATE_ACTION, revision) for obj, revision in zip(objects, revisions, strict=True)], user=None, now=now)
    index_objects(model, objects)


def _ensure_organisations(
    *, plan: DemoPlan, needed: set[tuple[str, str]], countries: dict[str, Country]
) -> dict[tuple[str, str], Organisation]:
    """The organisations the new contacts need, by (country, English name); missing ones created."""
    existing = {
        (organisation.country.iso2, organisation.name_en): organisation
        for organisation in Organisation.objects.filter(country__in=countries.values()).select_related("country")
    }
    created = []
    for planned in plan.organisations:
        if planned.key not in needed or planned.key in existing:
            continue
        organisation = Organisation(
            country=countries[planned.iso],
            organisation_type=planned.organisation_type,
            website=planned.website,
            address=planned.address,
            switchboard=planned.switchboard,
        )
        set_translations(organisation, "name", {"en": planned.name})
        organisation.clean_fields(exclude=RELATION_FIELDS)
        created.append(organisation)
        existing[planned.key] = organisation
    Organisation.objects.bulk_create(created)
    _record_creation(model=Organisation, objects=created)
    return existing


def _link(*, contacts: list[Contact], field_name: str, targets: Callable[[Contact], list]) -> None:
    """Write the rows of a ParentalManyToManyField set in memory (bulk_create does not)."""
    field = Contact._meta.get_field(field_name)
    through = field.remote_field.through
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    through.objects.bulk_create([
        through(**{source: contact.pk, target: item.pk})
        for contact in contacts
        for item in targets(contact)
    ])


@transaction.atomic
def load_demo_directory(*, step: Callable[[str], None] | None = None) -> None:
    """Create the demo organisations and contacts that do not exist yet (matched by external id)."""
    report = step or (lambda description: None)
    plan = build_plan()
    existing_ids = set(
        Contact.objects.filter(external_id__startswith=EXTERNAL_ID_PREFIX).values_list("external_id", flat=True)
    )
    missing = [contact for contact in plan.contacts if contact.external_id not in existing_ids]
    if not missing:
        report("directory: nothing to add")
        return

    with translation.override("en"):
        codes = {contact.iso for contact in missing} | {contact.located_in for contact in missing if contact.located_in}
        countries = {country.iso2: country for country in Country.objects.filter(code__in=codes)}
        roles = {role.slug: role for role in ActorRole.objects.all()}
        sops = {sop.number: sop for sop in SOP.objects.all()}
        languages = {language.code: language for language in Language.objects.all()}
        editors = {
            user.username: user
            for user in get_user_model().objects.filter(username__in=[f"editor-{iso.lower()}" for iso in countries])
        }
        organisations = _ensure_organisations(
            plan=plan, needed={contact.organisation for contact in missing}, countries=countries
        )
        report("directory: organisations")

        today = timezone.localdate()
        contacts, phones = [], []
        for planned in missing:
            contact = Contact(
                organisation=organisations[planned.organisation],
                country=countries[planned.iso],
                located_in=countries[planned.located_in] if planned.located_in else None,
                role=roles[planned.role],
                person_name=planned.person_name,
                email=planned.email,
                alternative_email=planned.alternative_email,
                visibility=planned.visibility,
                external_id=planned.external_id,
            )
            set_translations(contact, "position_title", planned.titles)
            set_translations(contact, "availability", planned.availability)
            if planned.verified_days_ago is not None:
                contact.verify(
                    user=editors.get(f"editor-{planned.iso.lower()}"),
                    on=today - datetime.timedelta(days=planned.verified_days_ago),
                )
            # Held in memory by modelcluster: the revision below serialises them.
            contact.sops = [sops[number] for number in planned.sops]
            contact.languages = [languages[code] for code in planned.languages]
            contact.phones = [
                ContactPhone(number=phone.number, label=phone.label, is_24_7=phone.is_24_7, sort_order=order)
                for order, phone in enumerate(planned.phones)
            ]
            contact.clean_fields(exclude=RELATION_FIELDS)
            contacts.append(contact)

        Contact.objects.bulk_create(contacts)
        for contact in contacts:
            for phone in contact.phones.all():
                phone.contact_id = contact.pk
                phones.append(phone)
        ContactPhone.objects.bulk_create(phones)
        _link(contacts=contacts, field_name="sops", targets=lambda contact: contact.sops.all())
        _link(contacts=contacts, field_name="languages", targets=lambda contact: contact.languages.all())
        report("directory: contacts")
        _record_creation(model=Contact, objects=contacts)
        report("directory: revisions and indexes")
    directory_changed()  # bulk writes send no model signals
