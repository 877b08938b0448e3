"""The changes page and the digest form in Chromium: usable without a mouse and clean under axe-core."""
import pytest

from tests.e2e.conftest import TENANTS, axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("tenant", "language"), [("bsr", "en"), ("tact", "ar")])
def test_the_changes_page_and_the_subscription_form_have_no_accessibility_violations(
    live_portal, page, axe_source, tenant, language
):
    base = live_portal.format(tenant=TENANTS[tenant])
    for path in (f"/{language}/changes/", f"/{language}/changes/subscribe/"):
        response = page.goto(base + path)
        assert response.status == 200, path
        assert axe_violations(page, axe_source) == [], path

    # A wrong address: the error is announced next to the field, and the page stays clean.
    page.fill('input[name="email"]', "not an address")
    page.locator('input[name="countries"]').first.check()
    page.locator('form[method="post"] button[type="submit"]').click()
    assert page.locator('input[name="email"]').get_attribute("aria-invalid") == "true"
    assert page.locator('[role="alert"]').count() == 1
    assert axe_violations(page, axe_source) == []


def test_the_footer_leads_to_what_changed_and_a_country_can_be_chosen_there(live_portal, page):
    base = live_portal.format(tenant=TENANTS["bsr"])
    page.goto(f"{base}/en/")
    page.get_by_role("contentinfo").get_by_role("link", name="What changed").click()
    page.select_option("#changes-country", "LT")
    page.get_by_role("button", name="Show").click()

    assert page.url.endswith("/en/changes/?country=LT")
    assert page.locator("h1").inner_text() == "What changed in Lithuania"
