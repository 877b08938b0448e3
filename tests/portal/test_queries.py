"""Public pages run a bounded number of queries, whatever the number of countries."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import CountriesIndexPage, CountryProfilePage, PortalSettings, ProfileSection, ProfileSectionType
from portal.tenancy.models import Country

pytestmark = pytest.mark.django_db

# Bounds measured on the demo data (see the closing note); they must not grow with data.
# The home page's country picker reuses the member countries and the navigation's countries index (no query
# of its own); a profile's "who to call now" reads the 24/7 contacts and its "How far <country> applies the
# TRM" (monitoring) SOPs, measures, statuses and their history.
BOUNDS = {"/en/": 11, "/en/countries/": 11, "/en/countries/lt/": 29, "/en/resources/": 18}


def add_fifty_more_profiles():
    tenant = PortalSettings.objects.get(site__hostname="bsr.localhost")
    index = CountriesIndexPage.objects.get(url_path="/bsr/countries/")
    section_types = list(ProfileSectionType.objects.filter(site=tenant.site))
    extra = Country.objects.exclude(code__in=tenant.member_codes).order_by("code")[:50]
    for country in extra:
        tenant.member_countries.add(country)
        profile = CountryProfilePage(title=country.name, slug=country.iso2.lower(), country=country, summary="Extra.")
        for kind in section_types:
            profile.sections.add(ProfileSection(section_type=kind, body="<p>Extra.</p>", children="<p>Child.</p>"))
        index.add_child(instance=profile)
    assert CountryProfilePage.objects.descendant_of(index).count() == 60


def query_count(get, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert get("bsr", path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", list(BOUNDS))
def test_query_count_is_bounded_and_does_not_grow_with_fifty_more_countries(get, path, django_assert_max_num_queries):
    get("bsr", path)  # warm per-process caches (content types, site root paths)
    with django_assert_max_num_queries(BOUNDS[path]):
        before = query_count(get, path)
    add_fifty_more_profiles()
    get("bsr", path)
    with django_assert_max_num_queries(BOUNDS[path]):
        after = query_count(get, path)
    assert after == before
