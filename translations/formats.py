"""The files a translator receives and sends back: XLIFF 2.0 (built with lxml's element API) and PO (polib).

XLIFF 2.0 (OASIS, `urn:oasis:names:tc:xliff:document:2.0`): one `<unit>` per unit, its `<notes>`
(where the text appears, the field, its character limit, the digest of the English source as the
note of category "source-digest", the old translation when it is stale) and one `<segment>` with
`<source>` and, where a translation exists, `<target>`. Rich text goes in as escaped text, so
the translator sees the HTML tags and keeps them; the import checks they are unchanged.
translate-toolkit's XLIFF 2.0 store puts `<notes>` inside `<segment>`, which the core schema
does not allow, hence lxml.

PO: msgctxt is the unit id, msgid the English source, msgstr the old translation (flagged fuzzy
when stale) or empty; the notes and the digest are extracted comments (`#.`).

Reading is defensive: no DTD, no entities, no network; anything else is a FormatError with a
message for the person who uploaded the file.
"""
from __future__ import annotations

from dataclasses import dataclass

import polib
from django.utils.translation import gettext as _
from lxml import etree

from translations.units import STATUS_STALE, Unit

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DIGEST_CATEGORY = "source-digest"
OLD_TRANSLATION_CATEGORY = "previous-translation"
CONTEXT_CATEGORY = "context"
DIGEST_PREFIX = "source-digest: "
XLIFF, PO = "xliff", "po"
FORMATS = (XLIFF, PO)
CONTENT_TYPES = {XLIFF: "application/xliff+xml; charset=utf-8", PO: "text/x-gettext-translation; charset=utf-8"}
EXTENSIONS = {XLIFF: "xlf", PO: "po"}


class FormatError(ValueError):
    """The file cannot be read as XLIFF 2.0 or PO; the message says why."""


@dataclass(frozen=True)
class Entry:
    """One unit as the translator sent it back."""

    unit_id: str
    source: str
    target: str
    digest: str  # "" when the file carries none
    inline_codes: bool = False  # the target holds XLIFF inline elements instead of the HTML as text


@dataclass(frozen=True)
class TranslationFile:
    language: str
    entries: list[Entry]


def _q(name: str) -> str:
    return f"{{{XLIFF_NS}}}{name}"


# --- writing ----------------------------------------------------------------------------------

def xliff_export(units: list[Unit], *, language: str, file_id: str, original: str) -> bytes:
    """An XLIFF 2.0 document of the units (file_id must be an XML name token, e.g. "bsr-de")."""
    root = etree.Element(_q("xliff"), nsmap={None: XLIFF_NS}, version="2.0", srcLang="en", trgLang=language)
    file_element = etree.SubElement(root, _q("file"), id=file_id, original=original)
    file_element.set(XML_SPACE, "preserve")
    for unit in units:
        unit_element = etree.SubElement(file_element, _q("unit"), id=unit.id)
        notes = etree.SubElement(unit_element, _q("notes"))
        for text in unit.notes:
            etree.SubElement(notes, _q("note"), category=CONTEXT_CATEGORY).text = text
        etree.SubElement(notes, _q("note"), category=DIGEST_CATEGORY).text = unit.digest
        if unit.state == STATUS_STALE and unit.translation:
            etree.SubElement(notes, _q("note"), category=OLD_TRANSLATION_CATEGORY).text = unit.translation
        segment = etree.SubElement(unit_element, _q("segment"), state="initial")
        etree.SubElement(segment, _q("source")).text = unit.source
        if unit.translation:
            etree.SubElement(segment, _q("target")).text = unit.translation
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def po_export(units: list[Unit], *, language: str, project: str) -> bytes:
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = {
        "Project-Id-Version": project,
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for unit in units:
        catalogue.append(polib.POEntry(
            msgctxt=unit.id,
            msgid=unit.source,
            msgstr=unit.translation,
            flags=["fuzzy"] if unit.state == STATUS_STALE and unit.translation else [],
            comment="\n".join([*unit.notes, f"{DIGEST_PREFIX}{unit.digest}"]),
        ))
    return str(catalogue).encode("utf-8")


def translation_file_export(units: list[Unit], *, fmt: str, language: str, tenant) -> bytes:
    """The units as a file of the format, named for the tenant."""
    short = (tenant.site.hostname.split(".")[0] or "portal").lower()
    if fmt == PO:
        return po_export(units, language=language, project=f"{tenant.name} ({short})")
    return xliff_export(units, language=language, file_id=f"{short}-{language}", original=tenant.name or short)


# --- reading ----------------------------------------------------------------------------------

def translation_file_read(content: bytes, filename: str) -> TranslationFile:
    """Read an uploaded XLIFF 2.0 or PO file (by its content; the name only breaks ties)."""
    head = content.lstrip()[:200]
    if head.startswith(b"<") or filename.lower().endswith((".xlf", ".xliff", ".xml")):
        return _read_xliff(content)
    return _read_po(content)


def _read_xliff(content: bytes) -> TranslationFile:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, huge_tree=False)
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as error:
        raise FormatError(_("The file is not well-formed XML: %(error)s") % {"error": error})
    if root.getroottree().docinfo.doctype:
        raise FormatError(_("The file declares a DOCTYPE; XLIFF files have none."))
    if root.tag != _q("xliff") or root.get("version") != "2.0":
        raise FormatError(_("The file is not XLIFF 2.0 (an <xliff> element of version 2.0 in the XLIFF 2.0 namespace)."))
    language = root.get("trgLang") or ""
    entries = []
    for unit in root.iter(_q("unit")):
        digest = ""
        for note in unit.iter(_q("note")):
            if note.get("category") == DIGEST_CATEGORY:
                digest = (note.text or "").strip()
        segments = unit.findall(_q("segment"))
        source_parts, target_parts, inline = [], [], False
        for segment in segments:
            source, target = segment.find(_q("source")), segment.find(_q("target"))
            source_parts.append("".join(source.itertext()) if source is not None else "")
            if target is not None:
                inline = inline or len(target) > 0
                target_parts.append("".join(target.itertext()))
        entries.append(Entry(
            unit_id=unit.get("id") or "",
            source="".join(source_parts),
            target="".join(target_parts),
            digest=digest,
            inline_codes=inline,
        ))
    return TranslationFile(language=language, entries=entries)


def _read_po(content: bytes) -> TranslationFile:
    try:
        # polib opens its argument as a path when a file of that name exists: a trailing newline
        # makes sure an uploaded "/etc/passwd" is read as text, never as the server's file.
        text = content.decode("utf-8") + "\n"
        catalogue = polib.pofile(text, wrapwidth=0)
    except (UnicodeDecodeError, OSError, ValueError) as error:
        raise FormatError(_("The file is neither XLIFF 2.0 nor a PO file in UTF-8: %(error)s") % {"error": error})
    entries = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        digest = ""
        for line in (entry.comment or "").splitlines():
            if line.startswith(DIGEST_PREFIX):
                digest = line[len(DIGEST_PREFIX):].strip()
        entries.append(Entry(unit_id=entry.msgctxt or "", source=entry.msgid, target=entry.msgstr, digest=digest))
    return TranslationFile(language=catalogue.metadata.get("Language", "").strip(), entries=entries)
