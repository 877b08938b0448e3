"""Text analysis done before indexing and querying, the same for every backend.

Elasticsearch's language analyzers and its ASCII-folding filter live in its analysis-common
module, which not every distribution carries (the test distribution does not). Folding and
stemming here, with the Snowball stemmers, make the analysis identical everywhere: the index
stores the analysed terms, and a query is analysed the same way before it is sent.
"""
from __future__ import annotations

import functools
import re
import unicodedata

import snowballstemmer

# Interface language -> Snowball algorithm. Bulgarian, Albanian and Ukrainian have no
# Snowball stemmer: their text is folded and lower-cased only.
STEMMERS = {
    "en": "english",
    "de": "german",
    "lt": "lithuanian",
    "sv": "swedish",
    "pl": "polish",
    "ro": "romanian",
    "sr-latn": "serbian",
    "fr": "french",
    "it": "italian",
    "es": "spanish",
    "ar": "arabic",
}

WORD = re.compile(r"\w+", re.UNICODE)
# Letters that do not decompose into a base letter and a combining mark.
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "dj", "ł": "l", "ı": "i", "þ": "th"})
# Combining marks left by decomposition (accents, and Arabic short vowels and tatweel, which
# carry no meaning for search).
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u064b-\u0652\u0640]")


@functools.cache
def _stemmer(language: str):
    algorithm = STEMMERS.get(language)
    return snowballstemmer.stemmer(algorithm) if algorithm else None


def fold(text: str) -> str:
    """Lower-case, without accents: "Ministère Public" -> "ministere public", "Łódź" -> "lodz"."""
    if text.isascii():
        return text.lower()
    return _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL)))


def words(text: str) -> list[str]:
    """The folded words of a text."""
    return WORD.findall(fold(text))


def stems(text: str, language: str) -> list[str]:
    """The folded words reduced to their stems in the language (just folded where there is no stemmer).

    Stemming runs on the folded word, so a query typed without accents ("proces") meets the
    indexed text typed with them ("procès").
    """
    found = words(text)
    stemmer = _stemmer(language)
    return stemmer.stemWords(found) if stemmer else found


def stemmed_text(text: str, language: str) -> str:
    return " ".join(stems(text, language))


def folded_text(text: str) -> str:
    return " ".join(words(text))
