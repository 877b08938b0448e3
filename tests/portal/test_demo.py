"""The demo loader is idempotent and its data fictional."""
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Site

from portal.models import PortalSettings, ProfileSection, Resource

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "portal" / "demo" / "data"


def counts() -> dict:
    return {
        "pages": Page.objects.count(),
        "sites": Site.objects.count(),
        "sections": ProfileSection.objects.count(),
        "resources": Resource.objects.count(),
        "users": get_user_model().objects.count(),
        "revisions": sum(page.revisions.count() for page in Page.objects.all()),
    }


def test_loading_the_demo_twice_changes_and_duplicates_nothing():
    before = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == before


def test_three_tenants_with_their_countries_and_languages():
    expected = {
        "bsr.localhost": ({"DK", "EE", "FI", "DE", "IS", "LV", "LT", "NO", "PL", "SE"}, ["en", "de", "pl", "lt", "sv"]),
        "see.localhost": ({"AL", "BA", "BG", "HR", "XK", "MK", "MD", "ME", "RO", "RS"}, ["en", "bg", "ro", "sq", "sr-latn"]),
        "tact.localhost": ({"FR", "GR", "IT", "PL", "ES", "AL", "MA", "UA"}, ["en", "fr", "it", "es", "ar", "uk"]),
    }
    for hostname, (countries, languages) in expected.items():
        portal = PortalSettings.objects.get(site__hostname=hostname)
        assert portal.member_codes == countries
        assert portal.languages == languages
        assert portal.is_demo
    assert Site.objects.get(is_default_site=True).hostname == "bsr.localhost"


def test_one_editor_per_member_country_and_an_administrator():
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    for code in ("lt", "xk", "ma", "pl"):
        editor = users.get(username=f"editor-{code}")
        assert editor.email.endswith("@example.org")
        assert editor.groups.get().name.endswith(f"({code.upper()})")


def test_demo_texts_name_no_real_contact_channels():
    """Fictional data: no web address other than example.org, no e-mail outside example.org."""
    import re

    for path in [DATA / "site.json", *sorted((DATA / "profiles").glob("*.json"))]:
        text = json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False)
        for url in re.findall(r"https?://([^/\"\s<]+)", text):
            assert url.endswith("example.org"), (path.name, url)
        for mail in re.findall(r"[\w.+-]+@([\w-]+\.[\w.]+)", text):
            assert mail == "example.org", (path.name, mail)
