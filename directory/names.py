"""A person's name split into family and given names, for address books (vCard `N`).

Contacts hold one `person_name`, written as people write it. Address books (Outlook, Apple
Contacts, Google) file and sort by the structured name, so a vCard needs to say which part
is the family name. The rule, in this order:

1. "Family, Given" (a comma): before the comma is the family name, after it the given names.
   Editors write a name this way when the rule below would get it wrong.
2. One word: a given name only (people known by one name are addressed by it).
3. Contacts of Spain: with three words or more, the last two are the family names
   (first and second surname, "Lucía Navarro Ortega"), as Spanish names are written.
4. Otherwise the last word is the family name, together with the particles before it
   ("von der Heide", "El Amrani", "de Jong"); everything before is the given names.
   Hyphenated family names are one word ("Žemaitytė-Šimkienė").

The full name (`FN`) is always the name exactly as written.
"""
from __future__ import annotations

from typing import NamedTuple

# Lower-case words that belong to the family name that follows them.
FAMILY_NAME_PARTICLES = frozenset({
    "al", "bin", "ben", "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "el", "ibn",
    "la", "le", "ten", "ter", "van", "von", "zu",
})
# Countries whose people carry two family names after their given names.
TWO_FAMILY_NAMES = frozenset({"ES"})


class PersonName(NamedTuple):
    family: str
    given: str


def person_name_parts(name: str, *, country_code: str = "") -> PersonName:
    """The family and given names of `name` by the rule of this module's docstring."""
    name = " ".join((name or "").split())
    if not name:
        return PersonName("", "")
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return PersonName(family, given)
    words = name.split(" ")
    if len(words) == 1:
        return PersonName("", name)
    if country_code.upper() in TWO_FAMILY_NAMES and len(words) >= 3:
        start = len(words) - 2
    else:
        start = len(words) - 1
    # Particles join the family name, but at least one given name stays.
    while start > 1 and words[start - 1].lower() in FAMILY_NAME_PARTICLES:
        start -= 1
    return PersonName(" ".join(words[start:]), " ".join(words[:start]))
