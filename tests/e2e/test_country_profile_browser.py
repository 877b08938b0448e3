"""A country profile in Chromium: from the home page's picker to whom to call now, then on to compare or plan."""
import re

import pytest

from tests.e2e.conftest import TENANTS, axe_violations

pytestmark = pytest.mark.browser


def test_visitor_picks_a_country_on_the_home_page_and_sees_whom_to_call_now(live_portal, page, axe_source):
    base = live_portal.format(tenant=TENANTS["tact"])
    page.goto(f"{base}/en/")
    assert axe_violations(page, axe_source) == []
    page.get_by_label("Who do I call now in").select_option(label="Albania")
    with page.expect_navigation():
        page.get_by_role("button", name="Show the country's 24/7 contacts").click()
    assert page.url == f"{base}/en/countries/al/"
    block = page.locator("section.call-now")
    assert block.get_by_role("heading", name="Who do I call now").is_visible()
    # The block is the first thing after the country's name: within the first screen, before the sections.
    box = block.bounding_box()
    assert box is not None and box["y"] < page.viewport_size["height"]
    assert box["y"] < page.locator("nav.toc").bounding_box()["y"]
    numbers = block.locator("a[href^='tel:+355']")
    assert numbers.count() >= 1
    assert block.locator("li").first.locator(".call-now__role").inner_text() == "Anti-trafficking hotline"
    assert axe_violations(page, axe_source) == []


def test_visitor_compares_the_profile_with_another_country_and_opens_the_planner(live_portal, page, axe_source):
    base = live_portal.format(tenant=TENANTS["tact"])
    page.goto(f"{base}/en/countries/es/")
    page.get_by_label("Compare with").select_option(label="Albania")
    with page.expect_navigation():
        page.get_by_role("button", name="Compare", exact=True).click()
    assert page.locator("h1").inner_text() == "Spain and Albania compared"
    assert axe_violations(page, axe_source) == []

    page.goto(f"{base}/en/countries/es/")
    with page.expect_navigation():
        page.get_by_role("link", name="Plan a referral to Spain").click()
    assert re.search(r"/en/referral/\?to=ES$", page.url)
    assert page.locator("#to").input_value() == "ES"
    assert axe_violations(page, axe_source) == []
