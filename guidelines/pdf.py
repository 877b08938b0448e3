"""The referral plan as a PDF (fpdf2 with the directory's Unicode fonts; installs from PyPI alone)."""
import re
from html import unescape

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from directory.exports import ContactListPDF, contact_pdf_lines, pdf_translated
from portal.tenancy.fields import translated_value


def _plain(html: str) -> str:
    """Rich text to plain lines: list items on their own lines, tags dropped."""
    text = re.sub(r"<li[^>]*>", "\n• ", html or "")
    text = re.sub(r"</p>|<br\s*/?>", "\n", text)
    return unescape(re.sub(r"<[^>]+>", "", text)).strip()


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
                pdf.line_of_text(_plain(checklist.value), size=9)
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
