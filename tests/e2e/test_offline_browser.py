"""Offline on a phone: a saved country's directory and a measure page open without a network, under a dated banner."""
import re

import pytest

from tests.e2e.conftest import TENANTS, axe_violations

pytestmark = pytest.mark.browser


def save_lithuania(page, base):
    page.goto(f"{base}/en/countries/lt/")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=15000)
    page.get_by_role("button", name="Keep Lithuania available offline").click()
    page.get_by_text(re.compile(r"Saved for offline use: \d+ pages")).wait_for(timeout=60000)


def test_a_saved_country_opens_without_a_network_with_the_date_of_the_copy(live_portal, page, axe_source):
    base = live_portal.format(tenant=TENANTS["bsr"])
    save_lithuania(page, base)
    measure = page.evaluate(
        "async () => (await (await fetch('/en/offline/lt.json')).json()).urls.find(u => u.endsWith('?country=LT'))"
    )

    page.context.set_offline(True)
    page.goto(f"{base}/en/directory/?country=LT")
    banner = page.locator(".offline-banner")
    assert banner.count() == 1 and banner.inner_text().startswith("Offline copy from")
    assert page.locator("main h1").count() == 1
    assert page.locator("main a[href^='/en/directory/']").count() > 0
    assert axe_violations(page, axe_source) == []

    page.goto(base + measure)
    assert page.locator(".offline-banner").count() == 1
    assert page.locator("main h1").inner_text()

    page.goto(f"{base}/en/directory/?country=LV")
    assert "This page was not saved for offline use." in page.content()

    page.context.set_offline(False)
    page.goto(f"{base}/en/directory/?country=LT")
    assert page.locator(".offline-banner").count() == 0  # online again: the live page
