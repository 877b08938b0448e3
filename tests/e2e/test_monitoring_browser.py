"""Monitoring in Chromium: a coordinator finds where each country stands on SOP 4 and since when; the pages pass axe-core."""
import re

import pytest

from tests.e2e.conftest import TENANTS, axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("tenant", ["bsr", "see", "tact"])
def test_a_coordinator_sees_where_each_country_stands_on_sop_4_and_since_when(live_portal, page, tenant):
    page.goto(live_portal.format(tenant=TENANTS[tenant]) + "/en/monitoring/")
    assert page.locator(".monitoring-summary li").nth(3).inner_text().startswith(tuple(f"{n} of " for n in range(11)))
    page.get_by_label("Procedure (SOP)").select_option("4")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert re.search(r"[?&]sop=4(&|$)", page.url)  # the view is a link that can be shared
    rows = page.locator("table.monitoring-matrix tbody tr")
    assert rows.count() >= 8
    overall = rows.first.locator("td").last
    assert overall.locator(".level__name").inner_text()  # the level in words
    assert re.search(r"since \w+", overall.inner_text())  # and since when
    charts = page.locator(".level-charts figure")
    assert charts.count() == rows.count()
    assert charts.first.locator("svg circle.mark").count() == charts.first.locator(".chart-points li").count()


@pytest.mark.parametrize(
    ("tenant", "path"),
    [
        ("bsr", "/en/monitoring/"),
        ("bsr", "/en/monitoring/?sop=4"),
        ("bsr", "/en/monitoring/?country=LT"),
        ("bsr", "/de/monitoring/?sop=4&country=LT"),
        ("bsr", "/en/countries/lt/"),
        ("bsr", "/en/guidelines/return/risk-assessment/?country=LT"),
        ("tact", "/ar/monitoring/?sop=2"),
        ("see", "/en/monitoring/?level=3"),
    ],
)
def test_monitoring_pages_have_no_accessibility_violations(live_portal, page, axe_source, tenant, path):
    url = live_portal.format(tenant=TENANTS[tenant]) + path
    response = page.goto(url)
    assert response.status == 200, url
    assert axe_violations(page, axe_source) == [], url
