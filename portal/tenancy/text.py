"""Text folding: lower-case without accents, so "Zukauskas" meets "Žukauskas" on every backend and page.

Folding is the tenancy's because contacts' names (directory), search documents and queries
(search) and "did you mean" must fold the same way.
"""
from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+", re.UNICODE)
# Letters that do not decompose into a base letter and a combining mark.
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "dj", "ł": "l", "ı": "i", "þ": "th"})
# Combining marks left by decomposition (accents, and Arabic short vowels and tatweel, which
# carry no meaning for search).
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u064b-\u0652\u0640]")


def fold(text: str) -> str:
    """Lower-case, without accents: "Ministère Public" -> "ministere public", "Łódź" -> "lodz"."""
    if text.isascii():
        return text.lower()
    return _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL)))


def words(text: str) -> list[str]:
    """The folded words of a text."""
    return WORD.findall(fold(text))


def folded_text(text: str) -> str:
    return " ".join(words(text))
