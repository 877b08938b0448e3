"""The referral plan as a PDF (fpdf2 with the directory's Unicode fonts; installs from PyPI alone)."""
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf.fonts import FontFace

from directory.exports import FONT_FAMILY, ContactListPDF, contact_pdf_lines, pdf_translated
from portal.tenancy.fields import plain_lines, translated_value


def plan_pdf(*, plan, tenant) -> bytes:
    request = plan.request
    title = _("Referral plan: %(origin)s → %(destination)s") % {
        "origin": request.origin.name, "destination": request.destination.name,
    }
    pdf = ContactListPDF(heading=f"{tenant.name} — {title}")
    pdf.set_title(title)
    pdf.add_page()
    pdf.line_of_text(title, size=15, bold=True, height=7)
    if tenant.is_demo:
        pdf.line_of_text(_("Demo data — fictional"), size=10, bold=True)
    pdf.line_of_text(
        _("SOPs: %(sops)s · Child: %(child)s · Made on %(date)s")
        % {
            "sops": ", ".join(str(number) for number in request.sops),
            "child": _("yes") if request.child else _("no"),
            "date": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
        }
    )
    pdf.line_of_text(_("This checklist holds no data about any person or case. Do not write such data on it."), size=8)
    for sop in plan.sops:
        pdf.ln(3)
        pdf.line_of_text(pdf_translated(sop.page, "title"), size=13, bold=True, height=6.5)
        for measure in sop.measures:
            pdf.ln(1.5)
            pdf.line_of_text(f"{measure.number}. {pdf_translated(measure, 'title')}", size=11, bold=True, height=5.5)
            for note in plan.notes.get(measure.pk, {}).get(None, []):
                pdf.line_of_text(f"{note.country.name}: {pdf_translated(note, 'text')}", size=8.5)
            for number, step in enumerate(measure.planned_steps, start=1):
                pdf.line_of_text(f"☐ {number}. {pdf_translated(step, 'text')}", size=9.5)
                for note in plan.notes.get(measure.pk, {}).get(step.pk, []):
                    pdf.line_of_text(f"    {note.country.name}: {pdf_translated(note, 'text')}", size=8.5)
                _step_contacts(pdf, plan, step)
            checklist = translated_value(measure, "checklist")
            if checklist:
                # A list of several lines: the English marker goes on its heading.
                heading = f"{_('Checklist')} ({_('English')})" if checklist.is_fallback else _("Checklist")
                pdf.line_of_text(heading, size=9, bold=True)
                pdf.line_of_text(plain_lines(checklist.value), size=9)
    return bytes(pdf.output())


def _step_contacts(pdf, plan, step) -> None:
    """Beside a step: each country's contacts for each of its roles, or that none is listed."""
    for country in plan.countries:
        for role in step.roles.all():
            role_contacts = plan.contacts.get(country.pk, {}).get(role.pk)
            if role_contacts is None:
                continue
            label = f"    {country.name} — {pdf_translated(role, 'name')}: "
            if not role_contacts.contacts:
                pdf.line_of_text(label + _("no contact listed"), size=8.5)
            for contact in role_contacts.contacts:
                pdf.line_of_text(label + pdf_translated(contact, "position_title"), size=8.5, bold=True)
                for line in contact_pdf_lines(contact):
                    pdf.line_of_text(f"        {line}", size=8)


def checklist_pdf(*, plan, sops, left, right, tenant) -> bytes:
    """The bilingual checklist: a two-column table per SOP, each cell in its column's language and direction."""
    request = plan.request
    pdf = ContactListPDF(heading=tenant.name)
    pdf.set_title(_("Referral checklist: %(origin)s → %(destination)s") % {
        "origin": request.origin.name, "destination": request.destination.name,
    })
    pdf.add_page()
    for code in (left.code, right.code):
        with translation.override(code):
            pdf.line_of_text(
                _("Referral checklist: %(origin)s → %(destination)s")
                % {"origin": request.origin.name, "destination": request.destination.name},
                size=13, bold=True, height=6.5,
            )
    if tenant.is_demo:
        pdf.line_of_text(_("Demo data — fictional"), size=10, bold=True)
    pdf.line_of_text(_("This checklist holds no data about any person or case. Do not write such data on it."), size=8)
    pdf.set_font(FONT_FAMILY, "", 9)
    for sop in sops:
        pdf.ln(3)
        with pdf.table(col_widths=(1, 1), text_align=("LEFT", "LEFT"), first_row_as_headings=True) as table:
            row = table.row()
            for cell_side, value in ((left, sop.title.left), (right, sop.title.right)):
                row.cell(f"SOP {sop.number}: {_marked(value, cell_side)}", align="RIGHT" if cell_side.bidi else "LEFT")
            for measure in sop.measures:
                _pair_row(table, measure.title, left, right, prefix=f"{measure.number}. ", bold=True)
                for country, note in measure.notes:
                    _pair_row(table, note, left, right, prefix=f"{country.iso2}: ")
                for number, (step, notes) in enumerate(measure.steps, start=1):
                    _pair_row(table, step, left, right, prefix=f"☐ {number}. ")
                    for country, note in notes:
                        _pair_row(table, note, left, right, prefix=f"    {country.iso2}: ")
                if measure.checklist:
                    _pair_row(table, measure.checklist, left, right, prefix="✓ ")
    return bytes(pdf.output())


def _marked(value, cell_side) -> str:
    """The text, with "(English)" in the column's language where the translation is missing."""
    if not value.is_fallback:
        return value.value
    with translation.override(cell_side.code):
        return f"{value.value} ({_('English')})"


def _pair_row(table, pair, left, right, *, prefix: str, bold: bool = False) -> None:
    row = table.row()
    for cell_side, value in ((left, pair.left), (right, pair.right)):
        style = FontFace(emphasis="BOLD") if bold else None
        row.cell(prefix + _marked(value, cell_side), align="RIGHT" if cell_side.bidi else "LEFT", style=style)
