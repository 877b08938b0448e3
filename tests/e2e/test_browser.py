"""A visitor in Chromium: switching language keeps the page; public pages pass axe-core."""
import re

import pytest

from tests.e2e.conftest import ARTIFACTS, TENANTS, axe_violations

pytestmark = pytest.mark.browser

# For each tenant: a country it lists, and the language to switch to.
JOURNEYS = {"bsr": ("lt", "de"), "see": ("rs", "sr-latn"), "tact": ("ma", "ar")}


@pytest.mark.parametrize("tenant", list(TENANTS))
def test_switching_language_keeps_the_visitor_on_the_same_page(live_portal, page, tenant):
    base = live_portal.format(tenant=TENANTS[tenant])
    country, language = JOURNEYS[tenant]
    page.goto(f"{base}/en/")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{tenant}-home.png"), full_page=True)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Countries").click()
    page.locator(f'a[href="/en/countries/{country}/"]').first.click()
    english_heading = page.locator("h1").inner_text()

    page.get_by_role("navigation", name="Language").locator(f'a[hreflang="{language}"]').click()
    assert re.search(f"/{language}/countries/{country}/$", page.url)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").inner_text() != english_heading  # the country's name in the new language
    if language == "ar":
        assert page.locator("html").get_attribute("dir") == "rtl"

    page.get_by_role("navigation", name=re.compile(".+")).locator('a[hreflang="en"]').first.click()
    assert page.url.endswith(f"/en/countries/{country}/")


@pytest.mark.parametrize("tenant", list(TENANTS))
@pytest.mark.parametrize("path", ["/{lang}/", "/{lang}/countries/", "/{lang}/countries/{country}/", "/{lang}/resources/"])
def test_public_pages_have_no_accessibility_violations(live_portal, page, axe_source, tenant, path):
    country, language = JOURNEYS[tenant]
    for lang in ("en", language):
        url = live_portal.format(tenant=TENANTS[tenant]) + path.format(lang=lang, country=country)
        response = page.goto(url)
        assert response.status == 200, url
        assert axe_violations(page, axe_source) == [], url
