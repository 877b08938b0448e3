"""The directory in Chromium: a visitor finds and saves a contact; an editor keeps contacts current."""
import re

import pytest

from tests.e2e.conftest import TENANTS, axe_violations

pytestmark = pytest.mark.browser


def test_visitor_filters_by_country_and_role_and_downloads_a_vcard(live_portal, page):
    base = live_portal.format(tenant=TENANTS["bsr"])
    page.goto(f"{base}/en/directory/")
    page.get_by_role("group", name="Country").get_by_label(re.compile(r"^Lithuania")).check()
    page.get_by_role("group", name="Role").get_by_label(re.compile(r"^Law enforcement anti-trafficking unit")).check()
    page.get_by_role("button", name="Apply filters").click()
    assert "country=LT" in page.url and "role=law-enforcement" in page.url
    headings = page.locator("h2.country-group__title").all_inner_texts()
    assert headings == ["Lithuania"]
    card = page.locator("article.contact-card").first
    assert card.locator("a[href^='tel:+370']").count() >= 1
    with page.expect_download() as download_info:
        card.get_by_role("link", name="Save contact (vCard)").click()
    vcard = open(download_info.value.path(), encoding="utf-8").read()
    assert vcard.startswith("BEGIN:VCARD") and "TEL" in vcard


def test_editor_confirms_a_due_contact_and_fixes_a_phone_number(live_portal, page):
    admin = live_portal.format(tenant=TENANTS["bsr"])
    page.goto(f"{admin}/admin/login/")
    page.get_by_label("Username").fill("editor-lt")
    page.get_by_label("Password").fill("trm-demo-2026")
    page.get_by_role("button", name=re.compile("Sign in|Log in")).click()
    panel = page.locator("section[aria-labelledby='due-for-review-heading']")
    assert "due for review" in panel.locator("h2").inner_text()
    first_row = panel.locator("tbody tr").first
    contact_title = first_row.locator("td a").first.inner_text()
    with page.expect_navigation():
        first_row.get_by_role("button", name="Confirm unchanged").click()
    page.screenshot(path="var/test-artifacts/editor-dashboard-after-confirm.png", full_page=True)
    assert "1 contact confirmed unchanged." in page.locator(".messages").inner_text()

    # Edit a contact: a wrong number is refused with a message at the field, then corrected.
    page.goto(f"{admin}/admin/snippets/directory/contact/")
    page.locator("table.listing tbody tr td a").first.click()
    edit_url = page.url
    contact_id = re.search(r"/edit/(\d+)/", edit_url).group(1)
    number = page.locator("input[name='phones-0-number']")
    number.fill("12345")
    page.get_by_role("button", name="Save").first.click()
    # wait_for waits for the answer to the post (is_visible() would look at the old page at once).
    page.get_by_text(re.compile("Not a valid phone number for Lithuania")).first.wait_for(state="visible")
    page.locator("input[name='phones-0-number']").fill("+370 5 219 9999")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").first.click()
    assert page.url.rstrip("/").endswith("/admin/snippets/directory/contact")

    page.goto(f"{admin}/en/directory/{contact_id}/")
    assert page.locator("a[href='tel:+37052199999']").count() == 1
    assert contact_title  # the confirmed contact had a title to show


@pytest.mark.parametrize("path", ["/en/directory/", "/en/directory/?country=LT&role=hotline", "/lt/directory/"])
def test_directory_pages_have_no_accessibility_violations(live_portal, page, axe_source, path):
    page.goto(live_portal.format(tenant=TENANTS["bsr"]) + path)
    assert axe_violations(page, axe_source) == []
    contact = page.locator("article.contact-card .contact-card__title a").first
    contact.click()
    assert re.search(r"/directory/\d+/$", page.url)
    assert axe_violations(page, axe_source) == []


PHONE = {"width": 390, "height": 844}  # a common phone's CSS viewport


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, bypass_csp=True, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def too_small_targets(page, selector: str) -> list[str]:
    """Visible targets under 24 × 24 CSS px (WCAG 2.2 SC 2.5.8), described by their text."""
    small = []
    for target in page.locator(selector).all():
        box = target.bounding_box()
        if box is None or not target.is_visible():
            continue
        if box["width"] < 24 or box["height"] < 24:
            small.append(f"{target.evaluate('e => e.outerHTML.slice(0, 80)')} {box['width']:.0f}×{box['height']:.0f}")
    return small


def test_on_a_phone_results_come_first_and_filters_sit_behind_a_disclosure(live_portal, phone_page, axe_source):
    page = phone_page
    page.goto(live_portal.format(tenant=TENANTS["bsr"]) + "/en/directory/?country=LT&sop=1")
    summary = page.locator("details.filters-disclosure > summary")
    assert summary.inner_text().strip() == "Filters (2 active)"
    assert not page.get_by_role("group", name="Country").is_visible()
    # The first result is on the first screen, whole, without scrolling.
    first = page.locator("article.contact-card").first.locator(".contact-card__title")
    box = first.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    # Phone numbers never break inside the number: each is one line.
    for number in page.locator("article.contact-card a[href^='tel:']").all()[:20]:
        assert number.evaluate("e => e.getClientRects().length") == 1, number.inner_text()
    assert too_small_targets(page, "main summary, main button, main .contact-card a, main .exports a, main .pagination a") == []
    assert axe_violations(page, axe_source) == []

    # Opening the disclosure shows the filters, with targets large enough to tap.
    summary.click()
    page.get_by_role("group", name="Country").get_by_label(re.compile(r"^Latvia")).check()
    assert too_small_targets(page, "main .filters input, main .filters button") == []
    assert axe_violations(page, axe_source) == []
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"country=LV"))
    assert page.locator("details.filters-disclosure > summary").inner_text().strip() == "Filters (3 active)"


def test_on_a_desktop_the_filters_stay_open_beside_the_results(live_portal, page):
    page.goto(live_portal.format(tenant=TENANTS["bsr"]) + "/en/directory/?country=LT")
    country = page.get_by_role("group", name="Country")
    assert country.is_visible()
    assert not page.locator("details.filters-disclosure > summary").is_visible()
    filters, results = page.locator("form.filters").bounding_box(), page.locator("#results-heading").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"]  # the filters are a column to the left of the results
    assert abs(filters["y"] - results["y"]) < 80  # side by side, not above
