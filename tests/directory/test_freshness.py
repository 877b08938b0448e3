"""Freshness is one fact: a contact verified longer ago than the tenant's review interval reads
"Not verified since" on every page, export, PDF and API answer of that tenant."""
import csv
import datetime
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from dateutil.relativedelta import relativedelta
from django.utils import formats
from pypdf import PdfReader

from directory.models import ActorRole
from portal.models import PortalSettings
from tests.factories import ContactFactory, country

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
LONG_AGO = TODAY - relativedelta(years=2)


def overdue_label(day: datetime.date) -> str:
    return f"Not verified since {formats.date_format(day, 'DATE_FORMAT')}"


def fresh_label(day: datetime.date) -> str:
    return f"Verified on {formats.date_format(day, 'DATE_FORMAT')}"


def card_text(response, pk: int) -> str:
    """The text of the contact card of contact `pk` on a page."""
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    card = page.select_one(f"article[aria-labelledby='contact-{pk}-title']")
    if card is None:  # the planner lists contacts in short lines
        link = page.select_one(f"li > a[href='/en/directory/{pk}/']")
        card = link.parent if link is not None else None
    assert card is not None, f"no entry of contact {pk}"
    return " ".join(card.get_text(" ").split())


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def interval(tenant: str, months: int) -> None:
    PortalSettings.objects.filter(site__hostname=f"{tenant}.localhost").update(review_interval_months=months)


@pytest.fixture
def stale_hotline():
    """A Lithuanian hotline (a key contact of the profile) last verified two years ago."""
    return ContactFactory(
        country=country("LT"), role=ActorRole.objects.get(slug="hotline"), last_verified_on=LONG_AGO,
        position_title="Stale test hotline", position_title_en="Stale test hotline",
    )


def test_the_contact_page_says_not_verified_since(get, stale_hotline):
    assert overdue_label(LONG_AGO) in card_text(get("bsr", f"/en/directory/{stale_hotline.pk}/"), stale_hotline.pk)


def test_the_profiles_key_contacts_say_not_verified_since(get, stale_hotline):
    text = card_text(get("bsr", "/en/countries/lt/"), stale_hotline.pk)
    assert overdue_label(LONG_AGO) in text
    assert "Verified on" not in text


def test_the_directory_list_says_not_verified_since(get, stale_hotline):
    text = card_text(get("bsr", "/en/directory/?country=LT&role=hotline"), stale_hotline.pk)
    assert overdue_label(LONG_AGO) in text


def test_overdue_follows_the_interval_of_the_tenant_showing_the_contact(get):
    """Poland is a member of two portals; each judges freshness by its own review interval."""
    verified = TODAY - relativedelta(months=8)
    contact = ContactFactory(country=country("PL"), last_verified_on=verified)
    interval("bsr", 12)
    interval("tact", 6)
    assert fresh_label(verified) in card_text(get("bsr", f"/en/directory/{contact.pk}/"), contact.pk)
    assert overdue_label(verified) in card_text(get("tact", f"/en/directory/{contact.pk}/"), contact.pk)


def test_the_api_says_overdue_by_the_tenants_interval_in_list_and_detail(client):
    verified = TODAY - relativedelta(months=8)
    contact = ContactFactory(country=country("PL"), last_verified_on=verified, position_title="Freshness API test",
                             position_title_en="Freshness API test")
    interval("bsr", 12)
    interval("tact", 6)
    for host, overdue in (("bsr.localhost", False), ("tact.localhost", True)):
        detail = client.get(f"/api/v1/contacts/{contact.pk}", HTTP_HOST=host).json()
        assert (detail["last_verified_on"], detail["is_overdue"]) == (verified.isoformat(), overdue), host
        listed = client.get("/api/v1/contacts?q=Freshness+API+test", HTTP_HOST=host).json()["results"]
        assert [(item["id"], item["is_overdue"]) for item in listed] == [(contact.pk, overdue)], host


@pytest.fixture
def spanish_stale_contact():
    """A Spanish contact for a role of the return measures, verified two years ago (TACT tenant)."""
    from tests.guidelines.helpers import demo_measures

    slug = next(slug for measure in demo_measures(4) for step in measure["steps"] for slug in step["roles"])
    return ContactFactory(
        country=country("ES"), role=ActorRole.objects.get(slug=slug), last_verified_on=LONG_AGO,
        position_title="AAA stale planner contact", position_title_en="AAA stale planner contact",
    )


def test_the_planner_page_says_not_verified_since(get, spanish_stale_contact):
    response = get("tact", "/en/referral/?from=ES&to=AL&sop=4&child=1")
    assert overdue_label(LONG_AGO) in card_text(response, spanish_stale_contact.pk)


def test_the_planner_pdf_says_not_verified_since(get, spanish_stale_contact):
    response = get("tact", "/en/referral/plan.pdf?from=ES&to=AL&sop=4&child=1")
    assert response.status_code == 200
    text = pdf_text(response.content)
    # The entry's lines follow its title: organisation, phones, e-mail, languages, verification.
    entry = text.split("AAA stale planner contact", 1)[1][:400]
    assert overdue_label(LONG_AGO) in entry
    assert fresh_label(LONG_AGO) not in text


def test_the_directory_pdf_says_not_verified_since(get, stale_hotline, settings):
    settings.DIRECTORY_EXPORT_RATE = "1000/m"
    response = get("bsr", "/en/directory/export.pdf?country=LT&role=hotline")
    assert overdue_label(LONG_AGO) in pdf_text(response.content)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheet_exports_have_an_overdue_column(get, stale_hotline, settings, fmt):
    settings.DIRECTORY_EXPORT_RATE = "1000/m"
    fresh = ContactFactory(country=country("LT"), role=ActorRole.objects.get(slug="hotline"), last_verified_on=TODAY)
    response = get("bsr", f"/en/directory/export.{fmt}?country=LT&role=hotline")
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        header, *values = [list(row) for row in sheet.iter_rows(values_only=True)]
        rows = [dict(zip(header, row, strict=True)) for row in values]
    by_id = {row["external_id"]: row for row in rows}
    assert by_id[f"portal:{stale_hotline.pk}"]["overdue"] == "yes"
    assert by_id[f"portal:{fresh.pk}"]["overdue"] == "no"
