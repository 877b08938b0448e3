"""Who to contact on a measure page: each responsible role's contacts in the chosen countries, gaps said aloud."""
import pytest
from django.contrib.auth.models import Group

from directory.models import ActorRole, Contact, ContactStatus, Visibility
from directory.permissions import PRACTITIONERS_GROUP
from portal.tenancy.models import Country
from tests.factories import ContactFactory, UserFactory
from tests.guidelines.helpers import (
    MEASURE_PATH,
    demo_data,
    demo_measures,
    error_message,
    soup,
    text,
)

pytestmark = pytest.mark.django_db

CHOSEN = f"{MEASURE_PATH}?country=ES&to=AL"
SECRET_TITLE = "Restricted return liaison desk of the tests"


def responsible_roles() -> list[ActorRole]:
    """The roles the demo data names for risk assessment (WHO and every step), in the taxonomy's order."""
    data = next(measure for measure in demo_measures(4) if measure["slug"] == "risk-assessment")
    slugs = set(data["who"]) | {slug for step in data["steps"] for slug in step["roles"]}
    return list(ActorRole.objects.filter(slug__in=slugs).order_by("sort_order", "slug"))


def who_to_contact(response) -> dict[str, dict[str, tuple[set[int], str]]]:
    """What the visitor reads: ISO code -> role name -> (ids of the contacts listed, the gap message or "")."""
    shown = {}
    for section in soup(response).select("section.who-to-contact section[aria-labelledby^='contacts-']"):
        roles = {}
        # The roles' headings only: the country's implementation status (monitoring) has a heading of its own, nested.
        for heading in section.find_all("h4", recursive=False):
            listing = heading.find_next_sibling()
            cards = listing.select("article.contact-card") if listing.name == "ul" else []
            ids = {int(card["aria-labelledby"].split("-")[1]) for card in cards}
            gap = " ".join(listing.get_text(" ").split()) if "gap" in listing.get("class", []) else ""
            roles[" ".join(heading.get_text(" ").split())] = (ids, gap)
        shown[section["aria-labelledby"].removeprefix("contacts-")] = roles
    return shown


def expected_ids(*, iso2: str, role: ActorRole, practitioner: bool = False) -> set[int]:
    """The contacts a visitor should see for the role, written out here rather than asked of the selector the page uses:
    active contacts of that country and role, practitioners-only ones only for practitioners."""
    contacts = Contact.objects.filter(country__code=iso2, role=role, status=ContactStatus.ACTIVE)
    if not practitioner:
        contacts = contacts.filter(visibility=Visibility.PUBLIC)
    return set(contacts.values_list("pk", flat=True))


def test_each_responsible_role_lists_the_contacts_of_both_chosen_countries(get):
    # Contacts an anonymous visitor must not see, of a role the measure names: the page leaves them out.
    hidden = {
        ContactFactory(country=Country.objects.get(code="ES"), role=responsible_roles()[0], visibility=visibility,
                       status=status).pk
        for visibility, status in ((Visibility.PRACTITIONERS, ContactStatus.ACTIVE), (Visibility.PUBLIC, ContactStatus.ARCHIVED))
    }
    response = get("tact", CHOSEN)
    assert response.status_code == 200
    shown = who_to_contact(response)
    assert list(shown) == ["ES", "AL"]
    roles = responsible_roles()
    assert len(roles) >= 2
    listed_somewhere = 0
    for iso2 in ("ES", "AL"):
        assert list(shown[iso2]) == [role.name for role in roles], iso2
        for role in roles:
            ids, gap = shown[iso2][role.name]
            assert ids == expected_ids(iso2=iso2, role=role), (iso2, role.slug)
            assert bool(gap) == (not ids), (iso2, role.slug)
            listed_somewhere += bool(ids)
            assert not ids & hidden, (iso2, role.slug)
    assert listed_somewhere >= 2, "the demo data lists contacts for the roles of this measure"


def test_one_country_lists_only_that_countrys_contacts(get):
    shown = who_to_contact(get("tact", f"{MEASURE_PATH}?country=AL"))
    assert list(shown) == ["AL"]
    albania = Country.objects.get(code="AL")
    listed = {pk for ids, _gap in shown["AL"].values() for pk in ids}
    assert listed and set(Contact.objects.filter(pk__in=listed).values_list("country", flat=True)) == {albania.pk}


def test_no_country_chosen_asks_for_one_and_lists_no_contact(get):
    response = get("tact", MEASURE_PATH)
    assert response.status_code == 200
    assert who_to_contact(response) == {}
    assert "Choose a country to see who carries out this measure there." in text(response)


def test_a_role_without_contacts_is_kept_and_named_as_a_gap(get):
    role = next(role for role in responsible_roles() if expected_ids(iso2="ES", role=role))
    archived = Contact.objects.filter(country__code="ES", role=role).update(status=ContactStatus.ARCHIVED)
    assert archived
    shown = who_to_contact(get("tact", CHOSEN))
    ids, gap = shown["ES"][role.name]
    assert ids == set()
    assert gap.startswith("No contact listed for this role in Spain")
    # Albania's contacts for the same role are untouched.
    assert shown["AL"][role.name][0] == expected_ids(iso2="AL", role=role)


def test_practitioners_only_contacts_appear_only_for_practitioners(client, get):
    role = responsible_roles()[0]
    restricted = ContactFactory(
        country=Country.objects.get(code="ES"), role=role, visibility=Visibility.PRACTITIONERS,
        position_title=SECRET_TITLE, position_title_en=SECRET_TITLE, email="restricted-return@example.org",
    )
    for user in (None, UserFactory()):  # anonymous, then signed in but not a practitioner
        if user is not None:
            client.force_login(user)
        response = get("tact", CHOSEN)
        assert restricted.pk not in who_to_contact(response)["ES"][role.name][0]
        assert SECRET_TITLE not in response.content.decode()
        assert "restricted-return@example.org" not in response.content.decode()

    practitioner = UserFactory()
    practitioner.groups.add(Group.objects.get_or_create(name=PRACTITIONERS_GROUP)[0])
    client.force_login(practitioner)
    response = get("tact", CHOSEN)
    ids = who_to_contact(response)["ES"][role.name][0]
    assert restricted.pk in ids
    assert ids == expected_ids(iso2="ES", role=role, practitioner=True)
    assert SECRET_TITLE in response.content.decode()


def test_the_chosen_countrys_national_notes_are_shown_and_others_are_not(get):
    notes = [note for note in demo_data()["national_notes"]
             if note["sop"] == 4 and note["measure"] == "risk-assessment" and note["country"] in ("ES", "AL")]
    assert notes, "the demo has Spanish or Albanian notes on risk assessment"
    chosen = text(get("tact", CHOSEN))
    unchosen = text(get("tact", f"{MEASURE_PATH}?country=FR"))
    for note in notes:
        note_text = " ".join(note["text"]["en"].split())
        assert note_text in chosen
        assert note_text not in unchosen


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("country=LT", "LT"),  # a country of another portal
        ("country=ZZ", "ZZ"),  # no country at all
        ("country=ES&to=LT", "LT"),
        ("country=ES&to=ZZ", "ZZ"),
    ],
)
def test_unknown_or_non_member_country_is_a_400_naming_it(get, query, named):
    response = get("tact", f"{MEASURE_PATH}?{query}")
    assert response.status_code == 400
    message = error_message(response)
    assert named in message and "Unknown country" in message
    assert "ES" in message and "AL" in message  # it lists the portal's countries
