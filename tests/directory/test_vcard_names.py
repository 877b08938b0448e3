"""vCards carry the person's structured name (N: family; given) beside FN, so address books file them right."""
import pytest
import vobject

from directory.models import ActorRole
from tests.factories import ContactFactory, country

pytestmark = pytest.mark.django_db


def vcard_of(get, contact, tenant="bsr"):
    response = get(tenant, f"/en/directory/{contact.pk}.vcf")
    assert response.status_code == 200
    return vobject.readOne(response.content.decode("utf-8"))


@pytest.mark.parametrize(
    ("iso2", "tenant", "person_name", "family", "given"),
    [
        ("LT", "bsr", "Jūratė Žemaitytė-Šimkienė", "Žemaitytė-Šimkienė", "Jūratė"),
        ("DE", "bsr", "Katrin Vogel", "Vogel", "Katrin"),
        ("MA", "tact", "Fatima Zahra Bennani", "Bennani", "Fatima Zahra"),
        ("MA", "tact", "Youssef El Amrani", "El Amrani", "Youssef"),
        ("DE", "bsr", "Anna von der Heide", "von der Heide", "Anna"),
        ("ES", "tact", "Lucía Navarro Ortega", "Navarro Ortega", "Lucía"),
        ("ES", "tact", "Lucía Navarro", "Navarro", "Lucía"),
        ("FR", "tact", "Moreau, Claire-Anne", "Moreau", "Claire-Anne"),
        ("IS", "bsr", "Sigrún", "", "Sigrún"),
    ],
)
def test_the_vcard_names_family_and_given_name_and_keeps_the_full_name(get, iso2, tenant, person_name, family, given):
    contact = ContactFactory(country=country(iso2), person_name=person_name)
    card = vcard_of(get, contact, tenant)
    assert (card.n.value.family, card.n.value.given) == (family, given)
    assert card.fn.value == person_name


def test_a_function_mailbox_has_an_empty_structured_name_and_its_function_as_full_name(get):
    contact = ContactFactory(
        country=country("LT"), role=ActorRole.objects.get(slug="hotline"), person_name="",
        position_title="Night duty desk", position_title_en="Night duty desk",
    )
    card = vcard_of(get, contact)
    assert (card.n.value.family, card.n.value.given) == ("", "")
    assert card.fn.value == "Night duty desk"
