"""A Spanish contact page whose data falls back to English: one visible notice at the top, lang="en" marks, axe-core clean."""
import re

import pytest

from tests.e2e.conftest import TENANTS, axe_violations

pytestmark = pytest.mark.browser


def test_spanish_contact_page_shows_one_fallback_notice_and_is_accessible(live_portal, page, axe_source):
    base = live_portal.format(tenant=TENANTS["tact"])
    page.goto(f"{base}/es/directory/?country=ES")
    # The first contact whose position is shown in English on the Spanish list.
    link = page.locator("article.contact-card .contact-card__title a:has([lang='en'])").first
    assert link.count() == 1, "the demo has Spanish contacts whose position is in English only"
    link.click()
    assert re.search(r"/es/directory/\d+/$", page.url)

    notices = page.locator("main .translation-fallback-notice")
    assert notices.count() == 1
    assert notices.first.is_visible()
    # The notice comes first in the main content, above the contact's heading.
    notice_top = notices.first.bounding_box()["y"]
    heading_top = page.locator("main h1").bounding_box()["y"]
    assert notice_top < heading_top
    assert page.locator("main h1 [lang='en']").count() == 1
    assert axe_violations(page, axe_source) == []
