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
