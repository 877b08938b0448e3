"""The handbook as a PDF: cover, contents with page numbers, bookmarks, running headers, page numbers.

fpdf2 with the directory's Unicode fonts and HarfBuzz shaping (installs from PyPI alone): Arabic
letters are joined and right-to-left lines ordered and right-aligned. Text shown in English
because its translation is missing is marked as such, as on the web pages.
"""
from __future__ import annotations

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf.enums import XPos, YPos

from directory.exports import FONT_FAMILY, ContactListPDF, contact_pdf_lines
from handbook.content import Edition, Text, text

# Lines of the table of contents that fit one page (11 pt on A4 with the margins below).
TOC_LINES_PER_PAGE = 40


class HandbookPDF(ContactListPDF):
    """ContactListPDF with the section being read in the running header and no header on the cover."""

    def __init__(self, *, heading: str, rtl: bool):
        super().__init__(heading=heading)
        self.rtl = rtl
        self.section = ""

    def header(self):
        if self.page_no() == 1:
            return
        self.set_font(FONT_FAMILY, "", 8)
        self.set_text_color(90)
        running = f"{self.heading} — {self.section}" if self.section else self.heading
        self.cell(0, 5, running, align="R" if self.rtl else "L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        self.set_text_color(0)

    def chapter(self, title: str, *, level: int, size: float) -> None:
        """A heading that is also a bookmark and a line of the contents; a new page for each chapter."""
        if level == 0:
            self.section = title
            self.add_page()
        elif self.get_y() > self.h - 60:  # no heading alone at the foot of a page
            self.add_page()
        self.start_section(title, level=level)
        self.ln(1.5)
        self.paragraph(title, size=size, bold=True, height=size * 0.5)

    def paragraph(self, value: str, *, size: float = 9.5, bold: bool = False, height: float = 4.8) -> None:
        self.set_font(FONT_FAMILY, "B" if bold else "", size)
        self.multi_cell(0, height, value, align="R" if self.rtl else "L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def translated(self, value: Text, *, size: float = 9.5, bold: bool = False) -> None:
        """A text in the edition's language, or the English one under a note saying the translation is missing."""
        if not value:
            return
        if value.is_fallback:
            self.set_text_color(90)
            self.paragraph(_("Not yet translated — English text:"), size=7.5)
            self.set_text_color(0)
        self.paragraph(value.value, size=size, bold=bold)


def _render_toc(pdf: HandbookPDF, outline) -> None:
    pdf.section = _("Contents")
    pdf.set_x(pdf.l_margin)
    pdf.paragraph(_("Contents"), size=15, bold=True, height=8)
    pdf.ln(2)
    for entry in outline:
        pdf.set_font(FONT_FAMILY, "B" if entry.level == 0 else "", 10 if entry.level == 0 else 9)
        indent = 6 * entry.level
        width = pdf.epw - indent - 14
        link = pdf.add_link(page=entry.page_number)
        if pdf.rtl:
            pdf.cell(14, 5.6, str(entry.page_number), link=link)
            pdf.cell(width, 5.6, entry.name, align="R", link=link, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        else:
            pdf.set_x(pdf.l_margin + indent)
            pdf.cell(width, 5.6, entry.name, link=link)
            pdf.cell(14, 5.6, str(entry.page_number), align="R", link=link, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def toc_lines(edition: Edition) -> int:
    """How many lines the contents will have: one per SOP, measure, profile, country of the annex, and the annex."""
    measures = sum(len(sop.measures) for sop in edition.sops)
    return len(edition.sops) + measures + 1 + len(edition.profiles) + 1 + len(edition.contacts)


def handbook_pdf(edition: Edition) -> bytes:
    """The edition as a PDF, in the active language."""
    tenant = edition.tenant
    rtl = translation.get_language_bidi()
    title = _("TRM handbook")
    pdf = HandbookPDF(heading=tenant.name, rtl=rtl)
    pdf.set_title(f"{tenant.name} — {title}")
    pdf.set_author(tenant.name)
    pdf.set_lang(translation.get_language())
    _cover(pdf, edition, title)
    pages = max(1, -(-toc_lines(edition) // TOC_LINES_PER_PAGE))
    pdf.add_page()
    pdf.insert_toc_placeholder(_render_toc, pages=pages, allow_extra_pages=True)
    _guidelines(pdf, edition)
    _profiles(pdf, edition)
    _annex(pdf, edition)
    return bytes(pdf.output())


def _cover(pdf: HandbookPDF, edition: Edition, title: str) -> None:
    pdf.add_page()
    pdf.set_y(70)
    pdf.paragraph(edition.tenant.name, size=22, bold=True, height=11)
    pdf.paragraph(title, size=16, height=9)
    if edition.country:
        pdf.paragraph(_("Edition for %(country)s") % {"country": edition.country.name}, size=13, height=8)
    pdf.ln(6)
    pdf.paragraph(
        _("Generated on %(date)s from the portal's current data. Check the portal for later changes.")
        % {"date": formats.date_format(timezone.localdate(), "DATE_FORMAT")},
        size=10,
    )
    if edition.tenant.is_demo:
        pdf.ln(4)
        pdf.paragraph(_("Demo data — fictional"), size=12, bold=True)
    pdf.ln(4)
    pdf.paragraph(_("This handbook holds no data about any person or case. Do not write such data on it."), size=9)


def _guidelines(pdf: HandbookPDF, edition: Edition) -> None:
    for sop in edition.sops:
        pdf.chapter(str(sop.page.title), level=0, size=16)
        pdf.translated(text(sop.page, "summary"), size=10)
        for measure in sop.measures:
            pdf.chapter(f"{measure.number}. {measure.title}", level=1, size=12.5)
            if measure.child_only:
                pdf.paragraph(_("For children only"), size=8.5, bold=True)
            _labelled(pdf, _("What"), text(measure, "what"))
            _labelled(pdf, _("When"), text(measure, "when"))
            roles = [role.name for role in measure.who.all()]
            if roles:
                pdf.paragraph(_("Who"), size=9.5, bold=True)
                pdf.paragraph(", ".join(roles))
            notes = edition.notes.get(measure.pk, {})
            _notes(pdf, notes.get(None, []))
            pdf.paragraph(_("How"), size=9.5, bold=True)
            for number, step in enumerate(measure.steps.all(), start=1):
                step_text = text(step, "text")
                roles = ", ".join(role.name for role in step.roles.all())
                label = f"☐ {number}. " + (f"[{roles}] " if roles else "")
                pdf.translated(Text(label + step_text.value, step_text.is_fallback))
                _notes(pdf, notes.get(step.pk, []))
            _labelled(pdf, _("Checklist"), text(measure, "checklist"))
            _labelled(pdf, _("Specific measures for children"), text(measure, "children"))
            _labelled(pdf, _("Good practices"), text(measure, "good_practices"))


def _labelled(pdf: HandbookPDF, label: str, value: Text) -> None:
    if value:
        pdf.paragraph(label, size=9.5, bold=True)
        pdf.translated(value)


def _notes(pdf: HandbookPDF, notes) -> None:
    for note in notes:
        note_text = text(note, "text")
        pdf.translated(Text(f"{note.country.name}: {note_text.value}", note_text.is_fallback), size=8.5)


def _profiles(pdf: HandbookPDF, edition: Edition) -> None:
    if not edition.profiles:
        return
    pdf.chapter(_("Country profiles"), level=0, size=16)
    for profile, sections in edition.profiles:
        pdf.chapter(profile.country.name, level=1, size=13)
        pdf.translated(text(profile, "summary"), size=10)
        for view in sections:
            if view.section is None:
                continue
            pdf.paragraph(str(view.section_type.title), size=10, bold=True)
            pdf.translated(text(view.section, "body"))
            children = text(view.section, "children")
            if children:
                pdf.paragraph(_("For children"), size=9, bold=True)
                pdf.translated(children)


def _annex(pdf: HandbookPDF, edition: Edition) -> None:
    pdf.chapter(_("Annex: contacts"), level=0, size=16)
    pdf.paragraph(_("Public contacts, by country and role, with the date each was last verified."), size=9)
    if not edition.contacts:
        pdf.paragraph(_("No contact listed."))
    for country, roles in edition.contacts.items():
        pdf.chapter(country.name, level=1, size=13)
        for role, contacts in roles.items():
            pdf.paragraph(role, size=10, bold=True)
            for contact in contacts:
                name = f"{contact.position_title} — {contact.person_name}" if contact.person_name else contact.position_title
                pdf.paragraph(name, size=9, bold=True)
                for line in contact_pdf_lines(contact):  # ends with its freshness: verified, overdue or never
                    pdf.paragraph(f"    {line}", size=8.5, height=4.2)
