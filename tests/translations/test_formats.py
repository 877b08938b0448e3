"""The files a translator receives: XLIFF 2.0 valid against the OASIS core schema, PO readable by gettext tools."""
from pathlib import Path

import polib
import pytest
from lxml import etree

from directory.models import Contact
from portal.models import PortalSettings
from tests.translations.conftest import XLIFF_NS
from translations import formats
from translations.units import unit_id, unit_list

SCHEMA = Path(__file__).parent / "data" / "xliff_core_2.0.xsd"


def test_xliff_export_of_a_whole_portal_validates_against_the_xliff_2_0_core_schema(bsr, admin_user, german_gaps):
    """With every kind of text among the gaps: rich text of a measure, its step and title, contacts, a resource..."""
    units = unit_list(tenant=bsr, language="de", user=admin_user)
    content = formats.translation_file_export(units, fmt=formats.XLIFF, language="de", tenant=bsr)

    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.fromstring(content)
    assert schema.validate(document), schema.error_log
    assert document.get("srcLang") == "en" and document.get("trgLang") == "de"
    assert len(document.findall(f".//{{{XLIFF_NS}}}unit")) == len(units) > 100


def test_xliff_units_carry_the_english_source_with_its_markup_and_notes_for_context(bsr, admin_user, german_gaps):
    units = {unit.id: unit for unit in unit_list(tenant=bsr, language="de", user=admin_user)}
    rich = units[unit_id(german_gaps.measure, "what")]
    contact_unit = units[unit_id(german_gaps.lithuanian_contact, "position_title")]
    assert rich.is_rich_text and "<p>" in rich.source
    content = formats.xliff_export([rich, contact_unit], language="de", file_id="bsr-de", original="BSR")

    document = etree.fromstring(content)
    by_id = {unit.get("id"): unit for unit in document.iter(f"{{{XLIFF_NS}}}unit")}
    source = by_id[rich.id].find(f"{{{XLIFF_NS}}}segment/{{{XLIFF_NS}}}source")
    assert len(source) == 0 and source.text == rich.source  # the HTML travels as text, tags and all
    assert b"&lt;p&gt;" in content
    notes = {note.get("category"): note.text for note in by_id[contact_unit.id].iter(f"{{{XLIFF_NS}}}note")}
    contact = Contact.objects.select_related("organisation").get(pk=contact_unit.obj.pk)
    context = " ".join(note.text for note in by_id[contact_unit.id].iter(f"{{{XLIFF_NS}}}note"))
    assert contact.organisation.name_en in context and contact.country.name in context
    assert "At most 255 characters." in context
    assert len(notes["source-digest"]) == 16


def test_po_export_has_the_unit_id_as_context_the_english_as_msgid_and_the_digest_in_a_comment(bsr, admin_user):
    units = unit_list(tenant=bsr, language="de", user=admin_user)
    catalogue = polib.pofile(formats.translation_file_export(units, fmt=formats.PO, language="de", tenant=bsr).decode() + "\n")

    assert catalogue.metadata["Language"] == "de"
    entries = {entry.msgctxt: entry for entry in catalogue}
    assert len(entries) == len(units)
    first = units[0]
    assert entries[first.id].msgid == first.source
    assert f"source-digest: {first.digest}" in entries[first.id].comment


@pytest.mark.parametrize("content", [
    b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",
    b"<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2' version='1.2'/>",
    b"<xliff version='2.0'",
])
def test_an_unreadable_or_dangerous_xliff_file_is_refused_with_a_message(content):
    with pytest.raises(formats.FormatError) as raised:
        formats.translation_file_read(content, "file.xlf")
    assert str(raised.value)
    assert "root:" not in str(raised.value)


def test_a_po_upload_naming_a_server_file_is_read_as_text_not_opened(tmp_path):
    secret = tmp_path / "secret.po"
    secret.write_text('msgctxt "portal.standardpage:1:body"\nmsgid "secret"\nmsgstr "geheim"\n')

    with pytest.raises(formats.FormatError) as raised:  # a one-line "PO file" is not a PO file
        formats.translation_file_read(str(secret).encode(), "upload.po")

    assert "geheim" not in str(raised.value)


def test_another_portal_is_named_in_the_exported_file(db):
    see = PortalSettings.objects.select_related("site", "site__root_page").get(site__hostname="see.localhost")
    units = unit_list(tenant=see, language="bg", states=None)[:1]
    document = etree.fromstring(formats.translation_file_export(units, fmt=formats.XLIFF, language="bg", tenant=see))
    assert document.find(f"{{{XLIFF_NS}}}file").get("id") == "see-bg"
