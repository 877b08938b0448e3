"""The coverage report: who is listed per country and role, what is overdue, what lacks a translation, and who sees which rows."""
import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modeltranslation.translator import translator
from wagtail.models import Page, Site

from directory.models import ActorRole, Contact, ContactStatus, Visibility
from portal.models import PortalSettings
from tests.factories import ContactFactory, country

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/coverage/"


def bsr() -> PortalSettings:
    return PortalSettings.objects.get(site__hostname="bsr.localhost")


def csv_rows(client, **params) -> list[dict]:
    response = client.get(REPORT, {"export": "csv", **params}, HTTP_HOST="bsr.localhost")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def varied_lithuanian_contacts():
    """Contacts the report must tell apart: overdue, never verified, archived, practitioners-only, another role."""
    today = datetime.date.today()
    lt, prosecutor = country("LT"), ActorRole.objects.get(slug="prosecutor")
    labour = ActorRole.objects.get(slug="labour-inspectorate")
    ContactFactory(country=lt, role=prosecutor, last_verified_on=today - relativedelta(months=13))
    ContactFactory(country=lt, role=prosecutor, last_verified_on=None)
    ContactFactory(country=lt, role=prosecutor, status=ContactStatus.ARCHIVED, last_verified_on=None)
    ContactFactory(country=lt, role=labour, visibility=Visibility.PRACTITIONERS, last_verified_on=today)


def expected_matrix(tenant: PortalSettings) -> dict[tuple[str, str], tuple[int, int]]:
    """(country name, role name) -> (active, overdue), counted one contact at a time."""
    cutoff = datetime.date.today() - relativedelta(months=tenant.review_interval_months)
    members = list(tenant.member_countries.all())
    expected = {(c.name, role.name): (0, 0) for c in members for role in ActorRole.objects.all()}
    for contact in Contact.objects.select_related("country", "role"):
        key = (contact.country.name, contact.role.name)
        if key not in expected or contact.status != ContactStatus.ACTIVE:
            continue
        active, overdue = expected[key]
        late = contact.last_verified_on is None or contact.last_verified_on < cutoff
        expected[key] = (active + 1, overdue + int(late))
    return expected


def test_matrix_counts_every_country_and_role_as_counted_one_contact_at_a_time(client, admin_user, varied_lithuanian_contacts):
    client.force_login(admin_user)
    rows = csv_rows(client, site=bsr().site_id)
    found = {(row["Country"], row["Role"]): (int(row["Active contacts"]), int(row["Due for review"])) for row in rows}
    expected = expected_matrix(bsr())
    assert found == expected
    assert found[("Lithuania", ActorRole.objects.get(slug="prosecutor").name)][1] >= 2
    assert any(active == 0 for active, _overdue in expected.values())
    for row in rows:
        assert (row["Note"] == "No contact listed") == (row["Active contacts"] == "0")


def test_empty_cells_say_no_contact_listed_on_the_page(client, admin_user):
    client.force_login(admin_user)
    page = BeautifulSoup(client.get(REPORT, HTTP_HOST="bsr.localhost").content, "html.parser")
    expected = expected_matrix(bsr())
    roles = {role.slug: role.name for role in ActorRole.objects.all()}
    countries = {c.iso2: c.name for c in bsr().member_countries.all()}
    rows = page.select("#coverage-matrix tbody tr")
    assert len(rows) == len(countries) and all(len(row.select("td")) == len(roles) for row in rows)
    for row in rows:
        for cell in row.select("td"):
            active, overdue = expected[(countries[row["data-country"]], roles[cell["data-role"]])]
            text = cell.get_text(" ", strip=True)
            if active:
                assert text.startswith(str(active)) and (f"({overdue} due for review)" in text) == bool(overdue)
            else:
                assert text == "No contact listed"


def test_lithuanian_editor_sees_only_lithuania(client, editor):
    client.force_login(editor("lt"))
    rows = csv_rows(client, site=Site.objects.get(hostname="see.localhost").pk)  # not theirs to choose
    assert rows and {row["Country"] for row in rows} == {"Lithuania"}
    page = BeautifulSoup(client.get(REPORT, HTTP_HOST="bsr.localhost").content, "html.parser")
    assert [row["data-country"] for row in page.select("#coverage-matrix tbody tr")] == ["LT"]
    assert not page.select("select[name=site]")


def test_an_administrator_chooses_the_tenant(client, admin_user):
    client.force_login(admin_user)
    tact = PortalSettings.objects.get(site__hostname="tact.localhost")
    rows = csv_rows(client, site=tact.site_id)
    assert {row["Country"] for row in rows} == {c.name for c in tact.member_countries.all()}


def test_users_without_a_country_cannot_open_the_report(client, django_user_model):
    assert client.get(REPORT, HTTP_HOST="bsr.localhost").status_code == 302  # to the log-in
    reader = django_user_model.objects.create_user("reader", password="x")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))  # in the admin, but edits no country
    client.force_login(reader)
    response = client.get(REPORT, HTTP_HOST="bsr.localhost")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def lacks(obj, fields, language) -> bool:
    return any(getattr(obj, f"{field}_en") and not getattr(obj, f"{field}_{language.replace('-', '_')}") for field in fields)


def test_missing_translations_per_language_equal_the_pages_and_contacts_with_an_empty_field(client, admin_user):
    lithuanian_only = ContactFactory(country=country("LT"), position_title_en="Desk", position_title_lt="Skyrius",
                                     availability_en="Mon-Fri", availability_lt="")
    assert lithuanian_only.pk
    tenant = bsr()
    client.force_login(admin_user)
    page = BeautifulSoup(client.get(REPORT, HTTP_HOST="bsr.localhost").content, "html.parser")
    shown = {row["data-language"]: [int(td.get_text()) for td in row.select("td")] for row in page.select("#coverage-translations tbody tr")}
    assert set(shown) == {"de", "pl", "lt", "sv"}
    root = tenant.site.root_page
    pages = [p.specific for p in Page.objects.live().descendant_of(root, inclusive=True)]
    members = {c.pk for c in tenant.member_countries.all()}
    contacts = [c for c in Contact.objects.filter(status=ContactStatus.ACTIVE) if c.country_id in members]
    for language, (page_count, contact_count) in shown.items():
        expected_pages = sum(
            lacks(p, ("title", *translator.get_options_for_model(type(p)).local_fields), language) for p in pages
        )
        expected_contacts = sum(lacks(c, ("position_title", "availability"), language) for c in contacts)
        assert (page_count, contact_count) == (expected_pages, expected_contacts), language
    assert shown["lt"][1] >= 1


def test_report_runs_the_same_number_of_queries_whatever_the_number_of_contacts(client, admin_user):
    client.force_login(admin_user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(REPORT, HTTP_HOST="bsr.localhost").status_code == 200
        return len(captured.captured_queries)

    before = queries()
    for index in range(30):
        ContactFactory(country=country(["LT", "PL", "SE"][index % 3]), last_verified_on=None)
    assert queries() == before
