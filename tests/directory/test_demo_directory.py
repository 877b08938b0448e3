"""The demo directory (loaded by the session fixture): enough fictional contacts, of every kind, loaded idempotently."""
import datetime
from collections import defaultdict

import phonenumbers
import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision

from directory.demo import load_demo_directory
from directory.models import SOP, ActorRole, Contact, ContactPhone, Organisation, Visibility
from directory.selectors import KEY_CONTACT_ROLES
from portal.models import PortalSettings

pytestmark = pytest.mark.django_db


def contacts_by_country() -> dict[str, list[Contact]]:
    grouped = defaultdict(list)
    for contact in Contact.objects.select_related("country", "role").prefetch_related("phones"):
        grouped[contact.country.iso2].append(contact)
    return grouped


def test_every_member_country_of_every_demo_tenant_has_at_least_eight_contacts():
    grouped = contacts_by_country()
    tenants = list(PortalSettings.objects.prefetch_related("member_countries"))
    assert len(tenants) == 3
    for tenant in tenants:
        for country in tenant.member_countries.all():
            assert len(grouped[country.iso2]) >= 8, (tenant.short_name, country.iso2)
    assert Contact.objects.count() >= 208


def test_demo_contacts_use_every_role_and_every_sop():
    used_roles = set(Contact.objects.values_list("role__slug", flat=True))
    used_sops = set(Contact.objects.values_list("sops__number", flat=True))
    assert used_roles == set(ActorRole.objects.values_list("slug", flat=True))
    assert len(used_roles) == 14
    assert used_sops == {1, 2, 3, 4, 5} == set(SOP.objects.values_list("number", flat=True))


def test_every_country_has_its_key_contacts_in_public():
    grouped = contacts_by_country()
    for tenant in PortalSettings.objects.prefetch_related("member_countries"):
        for country in tenant.member_countries.all():
            public_roles = {c.role.slug for c in grouped[country.iso2] if c.visibility == Visibility.PUBLIC}
            assert set(KEY_CONTACT_ROLES) <= public_roles, country.iso2


def test_demo_emails_are_all_at_example_org():
    addresses = [a for pair in Contact.objects.values_list("email", "alternative_email") for a in pair if a]
    assert len(addresses) > 200
    assert all(address.endswith("@example.org") for address in addresses), addresses


def test_every_demo_phone_is_valid_for_its_contacts_country():
    phones = list(ContactPhone.objects.select_related("contact__country"))
    assert len(phones) > 300
    for phone in phones:
        assert phonenumbers.is_valid_number_for_region(phone.number, phone.contact.country.iso2), (
            phone.contact.external_id, str(phone.number)
        )


def test_hotlines_and_police_units_answer_around_the_clock():
    for contact in Contact.objects.filter(role__slug__in=["hotline", "law-enforcement"]).prefetch_related("phones"):
        assert any(phone.is_24_7 for phone in contact.phones.all()), contact.external_id


def test_every_demo_contact_can_be_reached_and_speaks_one_to_four_languages():
    for contact in Contact.objects.prefetch_related("phones", "languages"):
        assert contact.email or contact.phones.all(), contact.external_id
        assert 1 <= len(contact.languages.all()) <= 4, contact.external_id
    assert Contact.objects.filter(languages__code="en").distinct().count() > 100


def test_demo_mixes_practitioners_only_overdue_and_never_verified_contacts():
    today = timezone.localdate()
    total = Contact.objects.count()
    restricted = Contact.objects.filter(visibility=Visibility.PRACTITIONERS).count()
    overdue = Contact.objects.filter(last_verified_on__lt=today - datetime.timedelta(days=366)).count()
    never = Contact.objects.filter(last_verified_on__isnull=True).count()
    assert 0.1 * total < restricted < 0.3 * total
    assert 0.1 * total < overdue < 0.2 * total
    assert 0 < never < 0.1 * total
    recent = Contact.objects.filter(last_verified_on__gte=today - datetime.timedelta(days=183)).count()
    assert recent > total / 2
    for iso2, contacts in contacts_by_country().items():
        assert any(c.visibility == Visibility.PRACTITIONERS for c in contacts), iso2


def test_verified_demo_contacts_were_verified_by_their_countrys_editor():
    for contact in Contact.objects.filter(last_verified_on__isnull=False).select_related("country", "last_verified_by"):
        assert contact.last_verified_by.username == f"editor-{contact.country.iso2.lower()}", contact.external_id


def test_consular_offices_abroad_belong_to_their_country_and_sit_in_the_host_country():
    abroad = set(
        Contact.objects.filter(located_in__isnull=False).values_list("country__code", "located_in__code", "role__slug")
    )
    expected = {("UA", "PL"), ("MA", "ES"), ("PL", "LT"), ("AL", "IT"), ("RO", "IT")}
    assert {(country, located) for country, located, _role in abroad} == expected
    assert {role for _country, _located, role in abroad} == {"consular-service"}


def test_every_demo_contact_has_a_first_revision_in_its_history():
    contacts = Contact.objects.all()
    assert not contacts.filter(latest_revision__isnull=True).exists()
    assert ModelLogEntry.objects.for_instance(contacts.first()).filter(action="wagtail.create").exists()


def test_loading_the_demo_directory_again_creates_and_changes_nothing():
    counts = (Contact.objects.count(), Organisation.objects.count(), ContactPhone.objects.count(),
              Revision.objects.count(), ModelLogEntry.objects.count())
    before = dict(Contact.objects.values_list("external_id", "updated_at"))

    load_demo_directory()

    assert (Contact.objects.count(), Organisation.objects.count(), ContactPhone.objects.count(),
            Revision.objects.count(), ModelLogEntry.objects.count()) == counts
    assert dict(Contact.objects.values_list("external_id", "updated_at")) == before


def test_a_deleted_demo_contact_comes_back_with_the_same_data():
    contact = Contact.objects.get(external_id="demo-lt-002")
    phones = sorted(str(phone.number) for phone in contact.phones.all())
    email, role = contact.email, contact.role_id
    contact.delete()

    load_demo_directory()

    again = Contact.objects.get(external_id="demo-lt-002")
    assert (again.email, again.role_id) == (email, role)
    assert sorted(str(phone.number) for phone in again.phones.all()) == phones
