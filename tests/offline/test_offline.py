"""The installable app: manifest, icons, service worker, and what one country's offline copy holds."""
import io
import json

import pytest
from django.contrib.auth.models import Group
from PIL import Image

from directory.models import Contact, Visibility
from directory.permissions import PRACTITIONERS_GROUP
from portal.tenancy.models import PortalSettings
from tests.factories import ContactFactory, UserFactory, country

pytestmark = pytest.mark.django_db


def tenant(host):
    return PortalSettings.objects.select_related("site__root_page").get(site__hostname=host)


def test_the_manifest_names_the_portal_in_its_colour_and_opens_on_its_home_page(get):
    response = get("tact", "/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    expected = tenant("tact.localhost")
    assert data["name"] == expected.name
    assert data["theme_color"] == expected.accent_colour
    assert data["start_url"] == f"/{expected.default_language}/"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}


@pytest.mark.parametrize("size", [192, 512])
def test_the_icons_are_pngs_of_the_asked_size_in_the_portals_accent_colour(get, size):
    image = Image.open(io.BytesIO(get("see", f"/icon-{size}.png").content))

    assert image.format == "PNG" and image.size == (size, size)
    accent = tenant("see.localhost").accent_colour
    assert image.getpixel((2, 2)) == tuple(int(accent[i:i + 2], 16) for i in (1, 3, 5))


def test_the_service_worker_is_served_from_the_root_and_always_revalidated(get):
    response = get("bsr", "/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert b"addEventListener('fetch'" in response.content


def test_pages_link_the_manifest_and_the_profile_offers_to_keep_the_country_offline(get):
    profile = get("bsr", "/de/countries/lt/").content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in profile
    assert 'data-offline-list="/de/offline/lt.json"' in profile
    assert "hidden" in profile.split('class="keep-offline"', 1)[1].split(">", 1)[0]  # shown by the script only


def test_a_countrys_offline_copy_holds_its_directory_contacts_profile_and_guidelines(get):
    urls = json.loads(get("bsr", "/en/offline/lt.json").content)["urls"]

    lithuanian = Contact.objects.in_tenant(tenant("bsr.localhost")).visible(restricted_allowed=False).of_countries(
        [country("LT").pk])
    assert "/en/directory/?country=LT" in urls
    assert "/en/countries/lt/" in urls
    for contact in lithuanian:
        assert f"/en/directory/{contact.pk}/" in urls and f"/en/directory/{contact.pk}.vcf" in urls
    latvian = Contact.objects.filter(country=country("LV")).first()
    assert f"/en/directory/{latvian.pk}/" not in urls
    assert any(url.startswith("/en/guidelines/") and url.endswith("?country=LT") for url in urls)
    assert len(urls) == len(set(urls))


def test_practitioners_only_contacts_are_in_a_copy_only_when_a_practitioner_asks_for_them(client, get):
    restricted = ContactFactory(position_title="Offline test liaison", visibility=Visibility.PRACTITIONERS)
    path = f"/en/directory/{restricted.pk}/"

    anonymous = json.loads(get("bsr", "/en/offline/lt.json?personal=1").content)
    assert path not in anonymous["urls"] and anonymous["personal"] is False

    practitioner = UserFactory()
    practitioner.groups.add(Group.objects.get_or_create(name=PRACTITIONERS_GROUP)[0])
    client.force_login(practitioner)
    public_copy = client.get("/en/offline/lt.json", HTTP_HOST="bsr.localhost")
    assert path not in json.loads(public_copy.content)["urls"]
    personal_copy = client.get("/en/offline/lt.json?personal=1", HTTP_HOST="bsr.localhost")
    assert path in json.loads(personal_copy.content)["urls"]
    assert "no-store" in personal_copy["Cache-Control"] and "private" in personal_copy["Cache-Control"]


def test_an_unknown_country_is_refused_with_a_message(get):
    response = get("bsr", "/en/offline/fr.json")

    assert response.status_code == 400
    assert "Unknown country" in response.content.decode()
