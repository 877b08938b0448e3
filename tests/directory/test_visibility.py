"""Practitioners-only contacts never reach anonymous visitors, by any path; members of Practitioners see them."""
import pytest
from django.contrib.auth.models import Group

from directory.models import ActorRole, Visibility
from directory.permissions import PRACTITIONERS_GROUP
from tests.factories import ContactFactory, UserFactory, country

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Confidential liaison desk of the tests"


@pytest.fixture
def restricted():
    """A practitioners-only hotline contact of Lithuania (a key-contact role, so profiles would show it)."""
    return ContactFactory(
        position_title=SECRET_TITLE, position_title_en=SECRET_TITLE, visibility=Visibility.PRACTITIONERS,
        role=ActorRole.objects.get(slug="hotline"), email="restricted-desk@example.org",
    )


@pytest.fixture
def practitioner():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=PRACTITIONERS_GROUP)[0])
    return user


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


PATHS = [
    "/en/directory/",
    "/en/directory/?country=LT",
    "/en/directory/?q=Confidential",
    "/en/directory/?role=hotline",
    "/en/countries/lt/",
    "/sitemap.xml",
]


@pytest.mark.parametrize("path", PATHS)
def test_anonymous_visitor_never_sees_a_practitioners_only_contact(get, restricted, path):
    response = get("bsr", path)
    assert response.status_code == 200
    assert SECRET_TITLE not in body(response)
    assert "restricted-desk@example.org" not in body(response)


@pytest.mark.parametrize("path", ["/en/directory/{pk}/", "/en/directory/{pk}.vcf", "/api/v1/contacts/{pk}"])
def test_anonymous_visitor_gets_404_for_a_practitioners_only_contact(get, restricted, path):
    assert get("bsr", path.format(pk=restricted.pk)).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "vcf", "pdf"])
def test_anonymous_exports_leave_out_practitioners_only_contacts(get, restricted, fmt):
    response = get("bsr", f"/en/directory/export.{fmt}?country=LT")
    assert response.status_code == 200
    content = body(response) if fmt in ("csv", "vcf") else _text_of(fmt, response.content)
    assert "restricted-desk@example.org" not in content
    assert SECRET_TITLE not in content


def _text_of(fmt: str, content: bytes) -> str:
    import io

    if fmt == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content)).active
        return "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_anonymous_api_list_leaves_out_practitioners_only_contacts(get, restricted):
    assert SECRET_TITLE not in body(get("bsr", "/api/v1/contacts?country=LT&page_size=100"))


def test_facet_counts_do_not_count_practitioners_only_contacts_for_anonymous(client, get, restricted, practitioner):
    import re

    def hotline_count(html):
        return int(re.search(r'id="role-hotline"[^>]*><label[^>]*>[^<]*<span class="count">\((\d+)\)', html).group(1))

    anonymous = hotline_count(body(get("bsr", "/en/directory/?country=LT")))
    client.force_login(practitioner)
    logged_in = hotline_count(body(client.get("/en/directory/?country=LT", HTTP_HOST="bsr.localhost")))
    assert logged_in == anonymous + 1


def test_practitioner_sees_the_contact_on_list_page_profile_vcard_and_exports(client, restricted, practitioner):
    client.force_login(practitioner)
    host = {"HTTP_HOST": "bsr.localhost"}
    assert SECRET_TITLE in body(client.get("/en/directory/?country=LT", **host))
    assert client.get(f"/en/directory/{restricted.pk}/", **host).status_code == 200
    assert "restricted-desk@example.org" in body(client.get(f"/en/directory/{restricted.pk}.vcf", **host))
    assert SECRET_TITLE in body(client.get("/en/countries/lt/", **host))
    assert "restricted-desk@example.org" in body(client.get("/en/directory/export.csv?country=LT", **host))


def test_practitioner_pages_are_never_publicly_cacheable(client, restricted, practitioner):
    client.force_login(practitioner)
    response = client.get("/en/directory/?country=LT", HTTP_HOST="bsr.localhost")
    assert "public" not in response.get("Cache-Control", "")
    export = client.get("/en/directory/export.csv?country=LT", HTTP_HOST="bsr.localhost")
    assert "no-store" in export["Cache-Control"]


def test_archived_contact_is_gone_from_the_public_directory(get):
    contact = ContactFactory(status="archived", position_title="Archived desk", position_title_en="Archived desk")
    assert "Archived desk" not in body(get("bsr", "/en/directory/?country=LT"))
    assert get("bsr", f"/en/directory/{contact.pk}/").status_code == 404


def test_contact_of_another_tenants_country_is_404_here(get):
    serbian = ContactFactory(country=country("RS"))
    assert get("see", f"/en/directory/{serbian.pk}/").status_code == 200
    assert get("bsr", f"/en/directory/{serbian.pk}/").status_code == 404
