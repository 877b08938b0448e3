"""Fixtures of the translation round-trip tests: the BSR demo tenant, and files as a translator returns them."""
import polib
import pytest
from django.utils import translation
from lxml import etree

from portal.models import PortalSettings

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"


@pytest.fixture(autouse=True)
def english_while_creating_content():
    """A request of an earlier test leaves its language active in this thread; content made here is English."""
    with translation.override("en"):
        yield


@pytest.fixture
def bsr(db):
    return PortalSettings.objects.select_related("site", "site__root_page").get(site__hostname="bsr.localhost")


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
