"""Exports of the directory parse in the tools people open them with, and hold only what the visitor may see."""
import csv
import io

import openpyxl
import pytest
import vobject
from django.contrib.auth.models import AnonymousUser
from pypdf import PdfReader

from directory import exports, selectors, tabular
from directory.filters import DirectoryFilters
from directory.importing import contact_import_preview
from directory.models import ActorRole, Contact, ContactPhone, Visibility
from portal.models import PortalSettings
from tests.factories import ContactFactory, country, fictional_number

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("generous_export_rate")]

CYRILLIC_TITLE = "Старший инспектор по борьбе с торговлей людьми"
LITHUANIAN_NAME = "Jūratė Žemaitytė-Šimkienė"
ARABIC_TITLE = "منسق الإحالة الوطني"


@pytest.fixture
def lithuanian_contact():
    contact = ContactFactory(
        person_name=LITHUANIAN_NAME, position_title=CYRILLIC_TITLE, position_title_en=CYRILLIC_TITLE,
        role=ActorRole.objects.get(slug="law-enforcement"), sops=[1, 4], languages=["lt", "ru", "en"],
        email="duty-desk@example.org", phones=0,
    )
    ContactPhone.objects.create(contact=contact, number=fictional_number("LT", 3), label="Duty officer", is_24_7=True)
    ContactPhone.objects.create(contact=contact, number=fictional_number("LT", 4), label="Office", is_24_7=False)
    return contact


def contact_list(tenant, user, filters=None):
    """The tenant's directory as the user sees it: what the export view passes to exports.export()."""
    return selectors.contact_list(tenant=tenant, user=user, filters=filters or DirectoryFilters())


def test_every_vcard_of_the_export_parses_and_is_named_after_its_contact(bsr, admin_user, lithuanian_contact):
    contacts = list(contact_list(bsr, admin_user))
    content, content_type = exports.export("vcf", contacts, tenant=bsr, filters=DirectoryFilters())

    cards = list(vobject.readComponents(content))
    assert content_type.startswith("text/vcard")
    assert len(cards) == len(contacts) > 8
    assert {card.fn.value for card in cards} == {contact.person_name or contact.position_title for contact in contacts}
    assert LITHUANIAN_NAME in {card.fn.value for card in cards}


def test_a_contacts_vcard_carries_its_channels_24_7_label_and_verification(bsr, lithuanian_contact):
    contact = selectors.contact_get(tenant=bsr, user=AnonymousUser(), pk=lithuanian_contact.pk)
    card = vobject.readOne(exports.contact_vcard(contact))

    assert card.fn.value == LITHUANIAN_NAME
    assert card.org.value == [contact.organisation.name]
    assert card.title.value == CYRILLIC_TITLE
    assert [email.value for email in card.contents["email"]] == ["duty-desk@example.org"]
    assert sorted(tel.value for tel in card.contents["tel"]) == sorted(
        phone.number.as_e164 for phone in contact.phones.all()
    )
    assert card.adr.value.country == "Lithuania"
    assert "Duty officer, 24/7" in card.note.value
    assert "Verified on" in card.note.value


def test_xlsx_export_opens_with_openpyxl_with_the_schema_header_and_a_row_per_contact(bsr, admin_user, lithuanian_contact):
    contacts = list(contact_list(bsr, admin_user))
    content, content_type = exports.export("xlsx", contacts, tenant=bsr, filters=DirectoryFilters())

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert content_type == exports.XLSX_CONTENT_TYPE
    assert rows[0] == tabular.EXPORT_COLUMNS
    assert len(rows) == len(contacts) + 1
    ours = next(row for row in rows if row[tabular.EXPORT_COLUMNS.index("person_name")] == LITHUANIAN_NAME)
    record = dict(zip(tabular.EXPORT_COLUMNS, ours, strict=True))
    assert record["country"] == "LT"
    assert record["sops"] == "1;4"
    assert record["languages"] == "en;lt;ru"
    assert record["phone"].startswith("+370")
    assert record["phone_24_7"] == "yes"


def test_pdf_export_lists_the_contacts_names_in_their_own_scripts(bsr, admin_user, lithuanian_contact):
    contacts = list(contact_list(bsr, admin_user, DirectoryFilters(countries=(country("LT"),))))
    content, content_type = exports.export(
        "pdf", contacts, tenant=bsr, filters=DirectoryFilters(countries=(country("LT"),))
    )

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert content_type == "application/pdf"
    assert LITHUANIAN_NAME in text
    assert CYRILLIC_TITLE in text
    assert "Demo data — fictional" in text
    assert "Country: Lithuania" in text
    for contact in contacts:
        assert (contact.person_name or contact.position_title) in text


def test_pdf_export_renders_arabic_text(admin_user):
    tact = PortalSettings.objects.get(site__hostname="tact.localhost")
    ContactFactory(country=country("MA"), position_title=ARABIC_TITLE, position_title_en=ARABIC_TITLE, phones=0)
    contacts = list(contact_list(tact, admin_user, DirectoryFilters(countries=(country("MA"),))))

    content, _content_type = exports.export("pdf", contacts, tenant=tact, filters=DirectoryFilters())

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Morocco" in text
    # Shaped Arabic is written as contextual glyph forms; the letters survive as text.
    assert sum(1 for character in text if "\u0600" <= character <= "\u06ff" or "\ufe70" <= character <= "\ufeff") >= 10


def test_csv_export_starts_with_a_byte_order_mark_for_excel(bsr, admin_user):
    content, content_type = exports.export("csv", contact_list(bsr, admin_user), tenant=bsr, filters=DirectoryFilters())

    assert content_type == "text/csv; charset=utf-8"
    assert content.startswith("\ufeff".encode())
    header = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert tuple(header) == tabular.EXPORT_COLUMNS


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_of_the_bsr_directory_imports_back_unchanged(get, client, admin_user, lithuanian_contact, fmt):
    client.force_login(admin_user)
    response = get("bsr", f"/en/directory/export.{fmt}")
    assert response.status_code == 200
    count = contact_list(PortalSettings.objects.get(site__hostname="bsr.localhost"), admin_user).count()

    report = contact_import_preview(file_obj=response.content, filename=f"bsr.{fmt}", user=admin_user)

    assert [str(problem) for problem in report.problems] == []
    assert report.counts == {"create": 0, "update": 0, "unchanged": count, "rejected": 0}


def test_a_formula_like_text_is_escaped_in_the_export_and_restored_on_import(bsr, admin_user):
    contact = ContactFactory(position_title="=HYPERLINK(\"http://x\")", position_title_en="=HYPERLINK(\"http://x\")")
    contacts = selectors.with_details(Contact.objects.filter(pk=contact.pk).with_freshness(bsr))
    content, _content_type = exports.export("csv", contacts, tenant=bsr, filters=DirectoryFilters())

    assert "'=HYPERLINK" in content.decode("utf-8-sig")
    report = contact_import_preview(file_obj=content, filename="one.csv", user=admin_user)
    assert [str(problem) for problem in report.problems] == []
    assert [row.changes for row in report.rows] == [()]
    assert report.counts["unchanged"] == 1


def test_export_queries_do_not_grow_with_the_number_of_contacts(bsr, admin_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def export_queries():
        with CaptureQueriesContext(connection) as captured:
            for fmt in exports.FORMATS:
                exports.export(fmt, contact_list(bsr, admin_user), tenant=bsr, filters=DirectoryFilters())
        return len(captured)

    export_queries()  # warms the per-process caches (content types, the user's groups)
    before = export_queries()
    ContactFactory.create_batch(15, sops=[1, 2], languages=["lt", "en"], phones=2)
    assert export_queries() == before


# --- through the public URLs --------------------------------------------------------------

@pytest.mark.parametrize(
    "fmt, content_type",
    [("csv", "text/csv"), ("xlsx", exports.XLSX_CONTENT_TYPE), ("vcf", "text/vcard"), ("pdf", "application/pdf")],
)
def test_public_export_urls_answer_with_the_format_as_a_download(get, fmt, content_type):
    response = get("bsr", f"/en/directory/export.{fmt}?country=LT")

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "vcf", "pdf"])
def test_an_anonymous_export_never_contains_a_practitioners_only_contact(get, client, admin_user, fmt):
    hidden = ContactFactory(
        person_name="Practitioners Onlyson", position_title="Restricted liaison desk",
        position_title_en="Restricted liaison desk", visibility=Visibility.PRACTITIONERS,
        email="restricted-liaison@example.org",
    )
    visible = ContactFactory(person_name="Public Openson", email="public-desk@example.org")

    anonymous = export_text(get("bsr", f"/en/directory/export.{fmt}?country=LT"), fmt)
    client.force_login(admin_user)
    logged_in = export_text(get("bsr", f"/en/directory/export.{fmt}?country=LT"), fmt)

    assert visible.person_name in anonymous
    assert hidden.person_name not in anonymous and hidden.email not in anonymous
    assert hidden.person_name in logged_in


def test_an_export_of_an_unknown_format_or_filter_answers_400(get):
    assert get("bsr", "/en/directory/export.doc").status_code == 400
    assert get("bsr", "/en/directory/export.csv?country=ZZ").status_code == 400


def test_the_vcard_of_one_contact_downloads_from_its_url(get):
    contact = ContactFactory(person_name=LITHUANIAN_NAME)

    response = get("bsr", f"/en/directory/{contact.pk}.vcf")

    assert response.status_code == 200
    assert vobject.readOne(response.content.decode()).fn.value == LITHUANIAN_NAME


def export_text(response, fmt: str) -> str:
    assert response.status_code == 200
    if fmt == "pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return "\n".join(" ".join(str(value or "") for value in row) for row in sheet.iter_rows(values_only=True))
    return response.content.decode("utf-8-sig")

