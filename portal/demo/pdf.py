"""Small PDFs with real, extractable text for the demo resources library."""
from fpdf import FPDF
from fpdf.enums import XPos, YPos

# Each block starts on a new line at the left margin (fpdf2 keeps x at the right by default).
_NEXT_LINE = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


def demo_pdf(*, title: str, publisher: str, year: int, paragraphs: list[str]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_author(publisher)
    pdf.set_creator("TRM Portal demo data")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 10)
    pdf.set_text_color(120, 60, 0)
    pdf.multi_cell(0, 6, "DEMO DATA - FICTIONAL. This document is invented for demonstration; do not use it for a real referral.", **_NEXT_LINE)
    pdf.ln(4)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 9, title, **_NEXT_LINE)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, f"{publisher}, {year}", **_NEXT_LINE)
    pdf.ln(6)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph, **_NEXT_LINE)
        pdf.ln(3)
    return bytes(pdf.output())
