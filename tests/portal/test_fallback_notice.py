"""Honest fallback on data: a field shown in English on another language's page is marked lang="en",
and the page says so once, at the top, naming the parts that fall back."""
import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from directory.models import ActorRole
from portal.models import PortalSettings, Resource
from tests.factories import ContactFactory, OrganisationFactory, country

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def notices(page: BeautifulSoup) -> list[str]:
    return [" ".join(notice.get_text(" ").split()) for notice in page.select(".translation-fallback-notice")]


def in_spanish(text: str) -> str:
    with translation.override("es"):
        return translation.gettext(text)


@pytest.fixture
def in_english():
    """Data made in English: a model's untranslated field name writes the active language's column."""
    with translation.override("en"):
        yield


@pytest.fixture
def english_only_contact(in_english):
    """A Spanish hotline whose position, availability and organisation exist in English only."""
    organisation = OrganisationFactory(country=country("ES"), name="Fallback Test Shelter Network",
                                       name_en="Fallback Test Shelter Network")
    return ContactFactory(
        country=country("ES"), organisation=organisation, role=ActorRole.objects.get(slug="hotline"),
        position_title="Fallback test night line", position_title_en="Fallback test night line",
        availability="24 hours, 7 days a week", availability_en="24 hours, 7 days a week",
    )


def test_spanish_contact_page_marks_english_fields_lang_en_under_one_notice_at_the_top(get, english_only_contact):
    page = soup(get("tact", f"/es/directory/{english_only_contact.pk}/"))
    english = {element.get_text(strip=True) for element in page.select("main [lang=en]")}
    assert {"Fallback test night line", "24 hours, 7 days a week", "Fallback Test Shelter Network"} <= english

    [notice] = notices(page)
    for section in ("Position", "Availability", "Organisation"):
        assert in_spanish(section) in notice
    # At the top of the main content, before the contact's heading.
    main = page.select_one("main")
    first = next(child for child in main.children if getattr(child, "name", None))
    assert "translation-fallback-notice" in first.get("class", [])


def test_a_translated_contact_has_no_notice_and_no_lang_en(get, english_only_contact):
    contact = english_only_contact
    contact.position_title_es = "Línea nocturna de prueba"
    contact.availability_es = "24 horas, 7 días a la semana"
    contact.save()
    contact.organisation.name_es = "Red de prueba de refugios"
    contact.organisation.save()
    page = soup(get("tact", f"/es/directory/{contact.pk}/"))
    assert notices(page) == []
    assert page.select("main [lang=en]") == []


def test_the_directory_list_says_it_once_for_many_contacts(get, english_only_contact, in_english):
    for number in range(3):
        ContactFactory(country=country("ES"), role=ActorRole.objects.get(slug="hotline"),
                       position_title=f"Fallback list test {number}", position_title_en=f"Fallback list test {number}")
    page = soup(get("tact", "/es/directory/?country=ES&role=hotline"))
    assert len(notices(page)) == 1
    titles = [a.get_text(strip=True) for a in page.select("h3.contact-card__title [lang=en]")]
    assert {"Fallback list test 0", "Fallback list test 1", "Fallback list test 2"} <= set(titles)


def untranslate_lithuanian_sections(count: int) -> None:
    """The first `count` sections of Lithuania's bsr profile lose their German text."""
    from portal.models import ProfileSection

    sections = ProfileSection.objects.filter(page__country__code="LT", page__url_path__startswith="/bsr").order_by("pk")
    ProfileSection.objects.filter(pk__in=[section.pk for section in sections[:count]]).update(body_de="")


def test_a_profile_with_several_untranslated_sections_has_one_notice_listing_them(get):
    untranslate_lithuanian_sections(3)
    page = soup(get("bsr", "/de/countries/lt/"))
    [notice] = notices(page)
    fallen_back = page.select("section.profile__section [lang=en]")
    assert len(fallen_back) == 3
    for element in fallen_back:
        title = element.find_parent("section").select_one("h2").get_text(" ", strip=True).split(" ", 1)[1]
        assert title in notice


def test_spanish_resources_mark_english_titles_and_region_tags(get):
    tact = PortalSettings.objects.get(site__hostname="tact.localhost")
    resource = Resource.objects.filter(collection=tact.resources_collection).exclude(tags=None).first()
    assert resource is not None, "the demo library has tagged resources"
    Resource.objects.filter(pk=resource.pk).update(title_es="")
    page = soup(get("tact", "/es/resources/"))
    english_titles = [element.get_text(strip=True) for element in page.select("li.resource h3 [lang=en]")]
    assert resource.title_en in english_titles
    english_regions = {element.get_text(strip=True) for element in page.select("li.resource dd [lang=en]")}
    assert {tag.name for tag in resource.tags.all()} <= english_regions
    [notice] = notices(page)
    assert in_spanish("Regions") in notice and in_spanish("Resource titles") in notice
