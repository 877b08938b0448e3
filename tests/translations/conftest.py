"""Fixtures of the translation round-trip tests: the BSR demo tenant, and files as a translator returns them."""
from types import SimpleNamespace

import polib
import pytest
from django.utils import translation
from lxml import etree
from modeltranslation.utils import build_localized_fieldname

from directory.models import Contact, Organisation
from guidelines.models import MeasurePage, MeasureStep
from portal.models import PortalSettings, Resource
from translations.units import unit_id

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"


@pytest.fixture(autouse=True)
def english_while_creating_content():
    """A request of an earlier test leaves its language active in this thread; content made here is English."""
    with translation.override("en"):
        yield


@pytest.fixture
def bsr(db):
    return PortalSettings.objects.select_related("site", "site__root_page").get(site__hostname="bsr.localhost")


def untranslated(obj, field: str, language: str = "de") -> str:
    """The object's field has no translation in the language, as if nobody had translated it yet; its unit id.

    The demo is translated in full: a test that needs a gap makes it here, whatever the demo holds.
    """
    type(obj).objects.filter(pk=obj.pk).update(**{build_localized_fieldname(field, language): ""})
    return unit_id(obj, field)


def first_contact(tenant, iso2: str) -> Contact:
    return Contact.objects.in_tenant(tenant).active().filter(country__code=iso2).order_by("pk").first()


@pytest.fixture
def german_gaps(bsr):
    """Texts of the BSR portal without their German translation, one of each kind the tests need.

    A Lithuanian and a Polish contact's position title (country content), and regional content: a
    measure's "what" (rich text), its summary (plain text) and title, one of its steps, a resource's
    title and an organisation's name. Each is an object re-read after the change.
    """
    contacts = {iso2: first_contact(bsr, iso2) for iso2 in ("LT", "PL")}
    measure = MeasurePage.objects.in_tenant(bsr).live().exclude(slug="initial-referral").order_by("path").first()
    step = MeasureStep.objects.filter(measure=measure).order_by("sort_order").first()
    resource = Resource.objects.in_tenant(bsr).order_by("pk").first()
    organisation = Organisation.objects.filter(country__code="LT").order_by("pk").first()
    for contact in contacts.values():
        untranslated(contact, "position_title")
    for field in ("what", "summary", "title"):
        untranslated(measure, field)
    untranslated(step, "text")
    untranslated(resource, "title")
    untranslated(organisation, "name")
    return SimpleNamespace(
        lithuanian_contact=Contact.objects.get(pk=contacts["LT"].pk),
        polish_contact=Contact.objects.get(pk=contacts["PL"].pk),
        measure=MeasurePage.objects.get(pk=measure.pk),
        step=MeasureStep.objects.get(pk=step.pk),
        resource=Resource.objects.get(pk=resource.pk),
        organisation=Organisation.objects.get(pk=organisation.pk),
    )


def xliff_with_targets(content: bytes, targets: dict[str, str]) -> bytes:
    """The XLIFF file as a translator's tool returns it: the given units' <target> filled in, nothing else changed."""
    root = etree.fromstring(content)
    for unit in root.iter(f"{{{XLIFF_NS}}}unit"):
        if unit.get("id") not in targets:
            continue
        segment = unit.find(f"{{{XLIFF_NS}}}segment")
        target = segment.find(f"{{{XLIFF_NS}}}target")
        if target is None:
            target = etree.SubElement(segment, f"{{{XLIFF_NS}}}target")
        target.text = targets[unit.get("id")]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def po_with_targets(content: bytes, targets: dict[str, str]) -> bytes:
    """The PO file as a translator returns it: msgstr filled in (and fuzzy cleared) for the given units."""
    catalogue = polib.pofile(content.decode("utf-8") + "\n")
    for entry in catalogue:
        if entry.msgctxt in targets:
            entry.msgstr = targets[entry.msgctxt]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    return str(catalogue).encode("utf-8")
