"""The guidelines in Chromium: a practitioner plans a referral and downloads it; guideline pages pass axe-core."""
import io
import re

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import TENANTS, axe_violations

pytestmark = pytest.mark.browser

CHILD_MEASURE = "/en/guidelines/return/child-return-best-interests/"


def test_practitioner_plans_a_child_return_from_spain_to_albania_and_downloads_the_pdf(live_portal, page):
    base = live_portal.format(tenant=TENANTS["tact"])
    page.goto(f"{base}/en/referral/")
    page.get_by_label("From (country where the person is now)").select_option("ES")
    page.get_by_label("To (country of destination or return)").select_option("AL")
    page.locator("#sop-4").check()
    page.get_by_role("group", name="Is the person a child?").get_by_label("Yes").check()
    page.get_by_role("button", name="Show the plan").click()
    page.wait_for_load_state()
    assert re.search(r"[?&]from=ES(&|$)", page.url) and re.search(r"[?&]to=AL(&|$)", page.url)
    assert "sop=4" in page.url and "child=1" in page.url

    plan = page.locator("section.plan")
    assert "Spain → Albania" in plan.locator("h2").first.inner_text()
    child_measure = plan.locator(f"article.plan-measure:has(a[href='{CHILD_MEASURE}'])")
    assert child_measure.count() == 1
    assert "Children only" in child_measure.locator("h4").inner_text()
    child_title = child_measure.locator("h4 a").inner_text()
    for country in ("Spain", "Albania"):
        side = plan.locator(f".both-sides .side:has(h5:text-is('{country}'))")
        assert side.locator("a[href^='/en/directory/']").count() >= 1, country

    with page.expect_download() as download_info:
        plan.get_by_role("link", name="Download as PDF").click()
    download = download_info.value
    assert download.suggested_filename == "referral-plan-es-al.pdf"
    with open(download.path(), "rb") as file:
        content = file.read()
    assert content.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    assert " ".join(child_title.split()) in text


@pytest.mark.parametrize(
    "path",
    [
        "/en/guidelines/return/",
        "/en/guidelines/return/risk-assessment/?country=ES&to=AL",
        "/en/referral/?from=ES&to=AL&sop=4&child=1",
        "/en/countries/es/?compare=al",
    ],
)
def test_guideline_pages_have_no_accessibility_violations(live_portal, page, axe_source, path):
    url = live_portal.format(tenant=TENANTS["tact"]) + path
    response = page.goto(url)
    assert response.status == 200, url
    assert axe_violations(page, axe_source) == [], url
