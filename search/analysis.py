"""Text analysis done before indexing and querying, the same for every backend.

Elasticsearch's language analyzers and its ASCII-folding filter live in its analysis-common
module, which not every distribution carries (the test distribution does not). Folding and
stemming here, with the Snowball stemmers, make the analysis identical everywhere: the index
stores the analysed terms, and a query is analysed the same way before it is sent. Folding
itself is the tenancy's (portal.tenancy.text), shared with the directory.
"""
from __future__ import annotations

import functools

import snowballstemmer

from portal.tenancy import text as tenancy_text
from portal.tenancy.text import WORD, fold, words

__all__ = ["WORD", "fold", "folded_text", "stemmed_text", "stems", "words"]

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

@functools.cache
def _stemmer(language: str):
    algorithm = STEMMERS.get(language)
    return snowballstemmer.stemmer(algorithm) if algorithm else None


def stems(text: str, language: str) -> list[str]:
    """The folded words reduced to their stems in the language (just folded where there is no stemmer).

    Stemming runs on the folded word, so a query typed without accents ("proces") meets the
    indexed text typed with them ("procès").
    """
    found = words(text)
    stemmer = _stemmer(language)
    return stemmer.stemWords(found) if stemmer else found


# Indexing analyses the same strings again and again (a role's text for each of its thousands
# of contacts, in each language): pure functions of their arguments, so they are remembered.
@functools.lru_cache(maxsize=65536)
def stemmed_text(text: str, language: str) -> str:
    return " ".join(stems(text, language))


@functools.lru_cache(maxsize=65536)
def folded_text(text: str) -> str:
    return tenancy_text.folded_text(text)
