"""A Spanish measure page with the demo's two samples: one visible fallback notice at the top with the English part marked
lang="en", the stale notice where the out-of-date translation is read with its way to the English text, axe-core clean."""

import pytest

from tests.e2e.conftest import TENANTS, axe_violations

pytestmark = pytest.mark.browser


def test_a_spanish_measure_shows_the_fallback_notice_once_and_the_stale_notice_where_it_applies(live_portal, page, axe_source):
    # The demo's samples: "Good practices" left untranslated, "When" translated from an older English text.
    base = live_portal.format(tenant=TENANTS["tact"])
    page.goto(f"{base}/es/guidelines/identification/initial-referral/")

    fallback = page.locator("main .translation-fallback-notice")
    assert fallback.count() == 1 and fallback.first.is_visible()
    assert fallback.first.bounding_box()["y"] < page.locator("main h1").bounding_box()["y"]
    assert page.locator("main [lang='en']", has_text="Demo sample").count() == 1

    stale = page.locator("main .translation-stale-notice")
    assert stale.count() == 1 and stale.first.is_visible()
    link = stale.locator("a[hreflang='en']")
    assert link.count() == 1
    assert page.evaluate("document.documentElement.lang") == "es"
    assert stale.first.get_attribute("lang") is None  # in the reader's language, like the page
    assert axe_violations(page, axe_source) == []

    link.click()
    assert page.url.endswith("/en/guidelines/identification/initial-referral/")
    assert page.locator("main", has_text="this English text was changed after the section was translated").count() == 1
