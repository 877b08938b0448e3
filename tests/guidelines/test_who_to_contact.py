"""Who to contact on a measure page: beside each step, its roles' contacts in the chosen countries, gaps said aloud."""
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


def risk_assessment() -> dict:
    return next(measure for measure in demo_measures(4) if measure["slug"] == "risk-assessment")


def responsible_roles() -> list[ActorRole]:
    """The roles the demo data names for risk assessment (WHO and every step), in the taxonomy's order."""
    data = risk_assessment()
    slugs = set(data["who"]) | {slug for step in data["steps"] for slug in step["roles"]}
    return list(ActorRole.objects.filter(slug__in=slugs).order_by("sort_order", "slug"))


def step_roles() -> list[list[ActorRole]]:
    """Each step's roles in the demo data, in the taxonomy's order."""
    return [list(ActorRole.objects.filter(slug__in=step["roles"]).order_by("sort_order", "slug"))
            for step in risk_assessment()["steps"]]


def role_listings(container) -> dict[str, tuple[set[int], str]]:
    """role name -> (ids of the contacts listed, the gap message or ""), for the h4 role headings in the container."""
    roles = {}
    for heading in container.find_all("h4"):
        if heading.find_parent("section", class_="trm-status"):
            continue  # the country's implementation status (monitoring) has a heading of its own
        listing = heading.find_next_sibling()
        cards = listing.select("article.contact-card") if listing.name == "ul" else []
        ids = {int(card["aria-labelledby"].split("-")[1]) for card in cards}
        gap = " ".join(listing.get_text(" ").split()) if "gap" in listing.get("class", []) else ""
        roles[" ".join(heading.get_text(" ").split())] = (ids, gap)
    return roles


def beside_steps(response) -> list[dict[str, dict[str, tuple[set[int], str]]]]:
    """What the visitor reads beside each step, in order: ISO code -> role name -> (contact ids, gap message)."""
    steps = []
    for item in soup(response).select("ol.steps > li"):
        steps.append({side["data-country"]: role_listings(side) for side in item.select(".both-sides > .side")})
    return steps


def at_the_bottom(response) -> list:
    """Contact cards still grouped at the bottom of the page (only roles no step names belong there)."""
    return soup(response).select("section.who-to-contact article.contact-card")


def expected_ids(*, iso2: str, role: ActorRole, practitioner: bool = False) -> set[int]:
    """The contacts a visitor should see for the role, written out here rather than asked of the selector the page uses:
    active contacts of that country and role, practitioners-only ones only for practitioners."""
    contacts = Contact.objects.filter(country__code=iso2, role=role, status=ContactStatus.ACTIVE)
    if not practitioner:
        contacts = contacts.filter(visibility=Visibility.PUBLIC)
    return set(contacts.values_list("pk", flat=True))


def test_each_step_shows_its_roles_contacts_of_both_chosen_countries_beside_it(get):
    # Contacts an anonymous visitor must not see, of a role the measure names: the page leaves them out.
    hidden = {
        ContactFactory(country=Country.objects.get(code="ES"), role=responsible_roles()[0], visibility=visibility,
                       status=status).pk
        for visibility, status in ((Visibility.PRACTITIONERS, ContactStatus.ACTIVE), (Visibility.PUBLIC, ContactStatus.ARCHIVED))
    }
    response = get("tact", CHOSEN)
    assert response.status_code == 200
    shown = beside_steps(response)
    roles_of_steps = step_roles()
    assert len(shown) == len(roles_of_steps) >= 2
    listed_somewhere = 0
    for number, (step, roles) in enumerate(zip(shown, roles_of_steps, strict=True), start=1):
        assert list(step) == ["ES", "AL"], number
        for iso2 in ("ES", "AL"):
            assert list(step[iso2]) == [role.name for role in roles], (number, iso2)
            for role in roles:
                ids, gap = step[iso2][role.name]
                assert ids == expected_ids(iso2=iso2, role=role), (number, iso2, role.slug)
                assert bool(gap) == (not ids), (number, iso2, role.slug)
                listed_somewhere += bool(ids)
                assert not ids & hidden, (number, iso2, role.slug)
    assert listed_somewhere >= 2, "the demo data lists contacts for the roles of this measure"
    # Every role of risk assessment is named on a step: nothing is left grouped at the bottom.
    assert at_the_bottom(response) == []


def test_roles_no_step_names_are_listed_after_the_steps(get):
    # Initial referral (SOP 1) names roles as WHO that none of its steps carries out.
    data = next(measure for measure in demo_measures(1) if measure["slug"] == "initial-referral")
    on_steps = {slug for step in data["steps"] for slug in step["roles"]}
    others = list(ActorRole.objects.filter(slug__in=set(data["who"]) - on_steps).order_by("sort_order", "slug"))
    assert others
    response = get("tact", "/en/guidelines/identification/initial-referral/?country=ES")
    assert response.status_code == 200
    bottom = soup(response).select_one("section.who-to-contact section[aria-labelledby='contacts-ES']")
    listed = role_listings(bottom)
    assert list(listed) == [role.name for role in others]
    for role in others:
        assert listed[role.name][0] == expected_ids(iso2="ES", role=role), role.slug
    # The steps' own roles are beside the steps, not repeated here.
    assert not set(listed) & {role.name for role in ActorRole.objects.filter(slug__in=on_steps)}


def test_one_country_lists_only_that_countrys_contacts(get):
    shown = beside_steps(get("tact", f"{MEASURE_PATH}?country=AL"))
    assert shown and all(list(step) == ["AL"] for step in shown)
    albania = Country.objects.get(code="AL")
    listed = {pk for step in shown for ids, _gap in step["AL"].values() for pk in ids}
    assert listed and set(Contact.objects.filter(pk__in=listed).values_list("country", flat=True)) == {albania.pk}


def test_no_country_chosen_asks_for_one_and_lists_no_contact(get):
    response = get("tact", MEASURE_PATH)
    assert response.status_code == 200
    assert all(step == {} for step in beside_steps(response))
    assert at_the_bottom(response) == []
    assert "Choose a country to see who carries out each step there." in text(response)


def test_the_country_chooser_comes_before_the_steps(get):
    page = soup(get("tact", MEASURE_PATH))
    chooser = page.select_one("form.step-countries")
    assert chooser is not None and chooser.get("method", "").lower() == "get"
    assert chooser.sourceline < page.select_one("ol.steps").sourceline


def test_a_role_without_contacts_is_kept_and_named_as_a_gap(get):
    role = next(role for role in responsible_roles() if expected_ids(iso2="ES", role=role))
    archived = Contact.objects.filter(country__code="ES", role=role).update(status=ContactStatus.ARCHIVED)
    assert archived
    steps = [step for step in beside_steps(get("tact", CHOSEN)) if role.name in step["ES"]]
    assert steps
    for step in steps:
        ids, gap = step["ES"][role.name]
        assert ids == set()
        assert gap.startswith("No contact listed for this role in Spain")
        # Albania's contacts for the same role are untouched.
        assert step["AL"][role.name][0] == expected_ids(iso2="AL", role=role)


def test_practitioners_only_contacts_appear_only_for_practitioners(client, get):
    role = responsible_roles()[0]
    restricted = ContactFactory(
        country=Country.objects.get(code="ES"), role=role, visibility=Visibility.PRACTITIONERS,
        position_title=SECRET_TITLE, position_title_en=SECRET_TITLE, email="restricted-return@example.org",
    )

    def listed(response) -> set[int]:
        return {pk for step in beside_steps(response) if role.name in step["ES"] for pk in step["ES"][role.name][0]}

    for user in (None, UserFactory()):  # anonymous, then signed in but not a practitioner
        if user is not None:
            client.force_login(user)
        response = get("tact", CHOSEN)
        assert restricted.pk not in listed(response)
        assert SECRET_TITLE not in response.content.decode()
        assert "restricted-return@example.org" not in response.content.decode()

    practitioner = UserFactory()
    practitioner.groups.add(Group.objects.get_or_create(name=PRACTITIONERS_GROUP)[0])
    client.force_login(practitioner)
    response = get("tact", CHOSEN)
    ids = listed(response)
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
