"""Two country profiles side by side: every section once, both countries' texts and key contacts; 400 otherwise."""
import pytest
from bs4 import BeautifulSoup

from directory.models import ActorRole, Contact, ContactStatus, Visibility
from portal.models import CountryProfilePage, ProfileSectionType
from portal.tenancy.models import Country
from tests.factories import ContactFactory
from tests.guidelines.helpers import error_message, home, soup, tenant

pytestmark = pytest.mark.django_db

COMPARE = "/en/countries/es/?compare=al"
# A profile's key contacts, in this order (DESIGN.md: the profile shows its key contacts drawn from the directory).
KEY_ROLES = ["national-coordinator", "hotline", "law-enforcement", "ngo-assistance"]


def squash(value: str) -> str:
    return " ".join(value.split())


def profile(iso2: str) -> CountryProfilePage:
    return CountryProfilePage.objects.descendant_of(home("tact")).get(country__code=iso2)


def plain(html: str) -> str:
    return squash(BeautifulSoup(html, "html.parser").get_text(" "))


def sections(page) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section heading, [(column heading, column text)]) for each compared section, in order."""
    rows = []
    for section in page.select("section[aria-labelledby^='compare-']"):
        if section["aria-labelledby"] == "compare-contacts":
            continue
        columns = [(squash(column.h3.get_text()), squash(column.get_text(" "))) for column in section.select(".compare > div")]
        rows.append((squash(section.h2.get_text()), columns))
    return rows


@pytest.mark.parametrize("path", [COMPARE, "/en/countries/es/?compare=AL"])
def test_comparison_shows_both_countries_section_by_section(get, path):
    response = get("tact", path)
    assert response.status_code == 200
    page = soup(response)
    assert squash(page.h1.get_text()) == "Spain and Albania compared"
    kinds = list(ProfileSectionType.objects.filter(site=tenant("tact").site).order_by("sort_order", "pk"))
    rows = sections(page)
    assert [heading for heading, _columns in rows] == [f"{n}. {kind.title}" for n, kind in enumerate(kinds, start=1)]
    headings = [squash(h2.get_text()) for h2 in page.select("h2")]
    for number, kind in enumerate(kinds, start=1):
        assert headings.count(f"{number}. {kind.title}") == 1, kind.title  # once, not once per country
    texts = {iso2: {section.section_type_id: section for section in profile(iso2).sections.all()} for iso2 in ("ES", "AL")}
    filled = 0
    for kind, (_heading, columns) in zip(kinds, rows, strict=True):
        assert [name for name, _text in columns] == ["Spain", "Albania"]
        for (_name, column_text), iso2 in zip(columns, ("ES", "AL"), strict=True):
            section = texts[iso2].get(kind.pk)
            if section is not None and section.body_en:
                assert plain(section.body_en)[:120] in column_text, (kind.slug, iso2)
                filled += 1
            else:
                assert "No information has been published for this section yet." in column_text
    assert filled >= 2, "the demo profiles have texts to compare"


def test_comparison_shows_each_countrys_key_contacts(get):
    # Key contacts an anonymous visitor must not see: the comparison leaves them out.
    hidden = {
        ContactFactory(country=Country.objects.get(code="ES"), role=ActorRole.objects.get(slug="national-coordinator"),
                       visibility=visibility, status=status).pk
        for visibility, status in ((Visibility.PRACTITIONERS, ContactStatus.ACTIVE), (Visibility.PUBLIC, ContactStatus.ARCHIVED))
    }
    page = soup(get("tact", COMPARE))
    columns = page.select("section[aria-labelledby='compare-contacts'] .compare > div")
    assert [squash(column.h3.get_text()) for column in columns] == ["Spain", "Albania"]
    for column, iso2 in zip(columns, ("ES", "AL"), strict=True):
        shown = [int(card["aria-labelledby"].split("-")[1]) for card in column.select("article.contact-card")]
        # Written out here rather than asked of the selector the page uses: public active contacts of the key roles,
        # by role in KEY_ROLES' order, then by position title.
        contacts = Contact.objects.filter(country__code=iso2, role__slug__in=KEY_ROLES, status=ContactStatus.ACTIVE,
                                          visibility=Visibility.PUBLIC).select_related("role")
        expected = [contact.pk for contact in sorted(
            contacts, key=lambda contact: (KEY_ROLES.index(contact.role.slug), contact.position_title_en, contact.pk))]
        assert expected and shown == expected, iso2
        assert not set(shown) & hidden, iso2


def test_comparison_links_both_full_profiles(get):
    page = soup(get("tact", COMPARE))
    links = {a["href"] for a in page.select(".compare--header a")}
    assert links == {"/en/countries/es/", "/en/countries/al/"}


def test_profile_without_compare_is_the_ordinary_profile(get):
    page = soup(get("tact", "/en/countries/es/"))
    assert squash(page.h1.get_text()) == "Spain"
    assert page.select("section[aria-labelledby='compare-contacts']") == []


@pytest.mark.parametrize(("code", "named"), [("LT", "LT"), ("lt", "LT"), ("ZZ", "ZZ")])
def test_comparing_with_a_country_not_in_the_portal_is_a_400(get, code, named):
    response = get("tact", f"/en/countries/es/?compare={code}")
    assert response.status_code == 400
    message = error_message(response)
    assert named in message
    assert "AL" in message and "ES" in message  # it names the countries one can compare with
