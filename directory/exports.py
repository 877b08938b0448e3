"""Exports of the directory: CSV, XLSX, vCard and a printable PDF contact list.

Every export writes exactly the contacts of the queryset it is given: the view passes the
tenant's visibility-filtered list, so an anonymous export can never hold a practitioners-only
contact. Nothing here queries contacts of its own; the queryset is expected to carry its
select_related/prefetch_related (directory.selectors.with_details), so an export costs a
fixed number of queries whatever its size.
"""
from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from pathlib import Path

import vobject
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from directory import tabular
from directory.filters import DirectoryFilters
from directory.names import person_name_parts
from portal.tenancy.fields import translated_value

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VCARD_CONTENT_TYPE = "text/vcard; charset=utf-8"
PDF_CONTENT_TYPE = "application/pdf"
FORMATS: dict[str, str] = {
    "csv": CSV_CONTENT_TYPE,
    "xlsx": XLSX_CONTENT_TYPE,
    "vcf": VCARD_CONTENT_TYPE,
    "pdf": PDF_CONTENT_TYPE,
}
# A byte-order mark, so that Excel (the spreadsheet most practitioners open a CSV with) reads
# the file as UTF-8 instead of the Windows code page and shows Cyrillic, Lithuanian or Polish
# names correctly; LibreOffice, Python (encoding "utf-8-sig") and our importer ignore it.
UTF8_BOM = "\ufeff"

# A left-to-right mark (Unicode bidirectional algorithm, UAX #9): around English text in a
# right-to-left line it keeps numbers with their words ("24 hours", not "hours … 24").
# Zero-width, and in the PDF fonts, unlike the isolate characters.
LRM = "\u200e"

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "DejaVu"
VCARD_UID_PREFIX = "trm-portal-contact-"


def export(fmt: str, contacts: Iterable, *, tenant, filters: DirectoryFilters) -> tuple[bytes | str, str]:
    """The contacts in one of FORMATS: (content, content type). KeyError for an unknown format."""
    content_type = FORMATS[fmt]
    if fmt == "csv":
        return export_csv(contacts), content_type
    if fmt == "xlsx":
        return export_xlsx(contacts), content_type
    if fmt == "vcf":
        return export_vcf(contacts), content_type
    return export_pdf(contacts, tenant=tenant, filters=filters), content_type


# --- spreadsheets -----------------------------------------------------------------------

def export_csv(contacts: Iterable) -> bytes:
    return (UTF8_BOM + tabular.contacts_dataset(contacts).export("csv")).encode("utf-8")


def export_xlsx(contacts: Iterable) -> bytes:
    return tabular.dataset_xlsx(tabular.contacts_dataset(contacts))


# --- vCard ------------------------------------------------------------------------------

def contact_display_name(contact) -> str:
    """The name an address book files the contact under: the person, else the function."""
    return contact.person_name or contact.position_title


def contact_freshness(contact) -> str:
    """The contact card's freshness line in words, for the exports that are not HTML (vCard, PDF).

    Reads `is_overdue` as annotated by the selectors (ContactQuerySet.with_freshness): a
    contact read without it fails loudly rather than passing for fresh.
    """
    if contact.last_verified_on is None:
        return _("Never verified")
    date = formats.date_format(contact.last_verified_on, "DATE_FORMAT")
    if contact.is_overdue:
        return _("Not verified since %(date)s") % {"date": date}
    return _("Verified on %(date)s") % {"date": date}


def phone_description(phone) -> str:
    """"Duty officer, 24/7" — the phone's label and whether it is answered around the clock."""
    parts = [phone.label] if phone.label else []
    if phone.is_24_7:
        parts.append(_("24/7"))
    return ", ".join(parts)


def contact_vcard(contact) -> str:
    """One contact as a vCard 3.0 (RFC 2426), the version every address book imports."""
    card = vobject.vCard()
    card.add("uid").value = f"{VCARD_UID_PREFIX}{contact.pk}"
    card.add("fn").value = contact_display_name(contact)
    # N is required by vCard 3.0 and is what address books file and sort by: the person's
    # family and given names by the rule of directory.names; empty for a function mailbox.
    name = person_name_parts(contact.person_name, country_code=contact.country.iso2)
    card.add("n").value = vobject.vcard.Name(family=name.family, given=name.given)
    card.add("org").value = [contact.organisation.name]
    card.add("title").value = contact.position_title
    for address in (contact.email, contact.alternative_email):
        if address:
            email = card.add("email")
            email.value = address
            email.type_param = "INTERNET"
    notes = []
    for index, phone in enumerate(contact.phones.all(), start=1):
        if not phone.number:
            continue
        number = phone.number.as_e164
        description = phone_description(phone)
        # Address books show a custom label through the item-grouped X-ABLABEL (Apple, Google);
        # the NOTE repeats it for those that do not.
        group = f"item{index}" if description else None
        tel = card.add("tel", group=group)
        tel.value = number
        tel.type_param = ["WORK", "VOICE"]
        if description:
            card.add("x-ablabel", group=group).value = description
            notes.append(f"{phone.number.as_international}: {description}")
    country = contact.located_in if contact.is_abroad else contact.country
    adr = card.add("adr")
    adr.value = vobject.vcard.Address(country=country.name)
    adr.type_param = "WORK"
    if contact.availability:
        notes.append(contact.availability)
    notes.append(contact_freshness(contact))
    if notes:
        card.add("note").value = "\n".join(notes)
    return card.serialize()


def export_vcf(contacts: Iterable) -> str:
    """All the contacts' vCards in one .vcf file (address books import them all at once)."""
    return "".join(contact_vcard(contact) for contact in contacts)


# --- PDF --------------------------------------------------------------------------------

def describe_filters(filters: DirectoryFilters) -> str:
    """The filter in words, for the head of a printed list."""
    if filters.is_empty():
        return _("All contacts")
    parts = []
    if filters.countries:
        parts.append(_("Country: %(values)s") % {"values": ", ".join(country.name for country in filters.countries)})
    if filters.roles:
        parts.append(_("Role: %(values)s") % {"values": ", ".join(role.name for role in filters.roles)})
    if filters.sops:
        parts.append(_("SOP: %(values)s") % {"values": ", ".join(str(number) for number in filters.sops)})
    if filters.languages:
        parts.append(_("Language spoken: %(values)s") % {"values": ", ".join(filters.languages)})
    if filters.q:
        parts.append(_("Text: “%(q)s”") % {"q": filters.q})
    return "; ".join(parts)


class ContactListPDF(FPDF):
    """A4 portrait with the portal's name in the header and page numbers in the footer."""

    def __init__(self, *, heading: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.heading = heading
        # DejaVu covers Latin (Polish, Lithuanian, Romanian), Cyrillic, Greek and Arabic; the
        # shaping engine (HarfBuzz) joins Arabic letters and orders right-to-left text.
        self.add_font(FONT_FAMILY, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT_FAMILY, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_text_shaping(True)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(16, 16, 16)

    def header(self):
        self.set_font(FONT_FAMILY, "", 8)
        self.set_text_color(90)
        self.cell(0, 5, self.heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        self.set_text_color(0)

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT_FAMILY, "", 8)
        self.set_text_color(90)
        self.cell(0, 5, _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}, align="C")
        self.set_text_color(0)

    def line_of_text(self, text: str, *, size: float = 9, bold: bool = False, height: float = 4.6) -> None:
        self.set_font(FONT_FAMILY, "B" if bold else "", size)
        self.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def pdf_translated(obj, field_name: str) -> str:
    """A translated field for a PDF: in the reader's language, or the English text marked "(English)".

    The English text is held left to right between direction marks, so that in an Arabic
    line it reads in its own order; HTML pages do the same with lang="en" dir="ltr".
    """
    text = translated_value(obj, field_name)
    if not text.is_fallback:
        return text.value
    return f"{LRM}{text.value}{LRM} ({_('English')})"


def contact_pdf_lines(contact) -> list[str]:
    """The lines of one entry after its title: organisation, where it is, phones, e-mails, languages, verification."""
    lines = [pdf_translated(contact.organisation, "name")]
    if contact.is_abroad:
        lines.append(_("Located in %(country)s") % {"country": contact.located_in.name})
    for phone in contact.phones.all():
        if phone.number:
            description = phone_description(phone)
            lines.append(
                _("Phone: %(number)s (%(description)s)") % {"number": phone.number.as_international, "description": description}
                if description
                else _("Phone: %(number)s") % {"number": phone.number.as_international}
            )
    emails = [address for address in (contact.email, contact.alternative_email) if address]
    if emails:
        lines.append(_("E-mail: %(addresses)s") % {"addresses": ", ".join(emails)})
    languages = [language.name for language in contact.languages.all()]
    if languages:
        lines.append(_("Languages: %(languages)s") % {"languages": ", ".join(languages)})
    if contact.availability:
        lines.append(_("Availability: %(availability)s") % {"availability": pdf_translated(contact, "availability")})
    lines.append(contact_freshness(contact))
    return lines


def export_pdf(contacts: Iterable, *, tenant, filters: DirectoryFilters) -> bytes:
    """A printable contact list grouped by country and then role, like the annex of the TRM Guidelines."""
    title = _("%(portal)s — contact list") % {"portal": tenant.name}
    pdf = ContactListPDF(heading=title)
    pdf.set_title(title)
    pdf.set_creator(tenant.name)
    pdf.add_page()
    pdf.line_of_text(title, size=15, bold=True, height=7)
    if tenant.is_demo:
        pdf.line_of_text(_("Demo data — fictional"), size=10, bold=True)
    pdf.line_of_text(describe_filters(filters), size=9)
    pdf.line_of_text(
        _("Exported on %(date)s") % {"date": formats.date_format(timezone.localdate(), "DATE_FORMAT")}, size=9
    )
    pdf.ln(3)

    empty = True
    # The queryset comes ordered by country and then role (directory.selectors.contact_list).
    for country, by_country in groupby(contacts, key=lambda contact: contact.country):
        pdf.ln(2)
        pdf.line_of_text(f"{country.name} ({country.iso2})", size=13, bold=True, height=6.5)
        for role, by_role in groupby(by_country, key=lambda contact: contact.role):
            pdf.ln(1)
            pdf.line_of_text(pdf_translated(role, "name"), size=11, bold=True, height=5.5)
            for contact in by_role:
                empty = False
                heading = pdf_translated(contact, "position_title")
                if contact.person_name:
                    heading = f"{contact.person_name} — {heading}"
                pdf.line_of_text(heading, size=9.5, bold=True)
                for line in contact_pdf_lines(contact):
                    pdf.line_of_text(line)
                pdf.ln(1.5)
    if empty:
        pdf.line_of_text(_("No contact matches this filter."), size=10)
    return bytes(pdf.output())
