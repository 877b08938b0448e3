"""The bilingual checklist and the blank referral form in Chromium: clean under axe-core, right to left too."""
import pytest

from tests.e2e.conftest import TENANTS, axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", [
    "/en/referral/checklist/?from=FR&to=MA&sop=4&child=1",
    "/ar/referral/checklist/?from=MA&to=ES&sop=2&sop=4&child=0",
    "/fr/referral/form/?from=FR&to=MA&sop=4&child=0",
])
def test_the_checklist_and_the_form_have_no_accessibility_violations(live_portal, page, axe_source, path):
    response = page.goto(live_portal.format(tenant=TENANTS["tact"]) + path)

    assert response.status == 200
    assert axe_violations(page, axe_source) == []


def test_the_planner_leads_to_the_checklist_in_two_languages(live_portal, page):
    base = live_portal.format(tenant=TENANTS["bsr"])
    page.goto(f"{base}/en/referral/?from=LT&to=PL&sop=4&child=0")
    page.get_by_role("link", name="Print in two languages").click()

    headers = page.locator("table.bilingual").first.locator("thead th")
    assert [headers.nth(0).get_attribute("lang"), headers.nth(1).get_attribute("lang")] == ["lt", "pl"]
    page.select_option("#right", "sv")
    page.get_by_role("button", name="Change languages").click()
    assert "right=sv" in page.url
    assert page.locator("table.bilingual").first.locator("thead th").nth(1).get_attribute("lang") == "sv"
