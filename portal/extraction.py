"""The text of uploaded documents (PDF, plain text), so search finds what a document says and not only its title."""
import logging

logger = logging.getLogger(__name__)

# Text beyond this is not indexed: the first pages of a report say what it is about.
MAX_EXTRACTED_CHARACTERS = 200_000


def extract_text(file) -> str:
    """The text of a PDF or plain-text file ("" for other formats, or for a file that cannot be read)."""
    name = file.name.lower()
    try:
        file.open("rb")
        file.seek(0)
        if name.endswith(".pdf"):
            from pypdf import PdfReader

            parts, size = [], 0
            for page in PdfReader(file).pages:
                page_text = page.extract_text() or ""
                parts.append(page_text)
                size += len(page_text)
                if size >= MAX_EXTRACTED_CHARACTERS:
                    break
            text = "\n".join(parts)
        elif name.endswith(".txt"):
            text = file.read(MAX_EXTRACTED_CHARACTERS * 4).decode("utf-8", errors="replace")
        else:
            return ""
    except Exception:  # a damaged file must not stop the upload; it is just not searchable by content
        logger.warning("could not extract the text of %s", file.name, exc_info=True)
        return ""
    finally:
        file.seek(0)
    return text[:MAX_EXTRACTED_CHARACTERS].replace("\x00", "")
