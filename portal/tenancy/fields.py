"""Translated content fields (django-modeltranslation), read and written the same way everywhere.

- `translated()`: search fields for every language's column, so a visitor finds a contact or a
  page by the words of any interface language (Wagtail indexes only the active language's value).
- `translated_value()`: a field's text in the visitor's language, or the English text with the
  fact that it is a fallback, so pages can mark it `lang="en"` and say so honestly; a translation
  made from an older English text says since when it may be out of date (translation_state).
- `FallbackLog`: which parts of one page fell back to English, so the page says so once, at the top.
- `in_language()`: a field's plain text in a given language (English where it is not translated).
- `set_translations()`: fill the per-language columns from {language: text} (demo data, imports).
- `localized_columns()`: the columns of translated fields a page in the active language reads;
  `other_languages_columns()`: those it does not read.
- `untranslated()`: a query condition for rows that show the English fallback in a language.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from modeltranslation.utils import build_localized_fieldname
from wagtail.search import index

from portal.tenancy import translation_state


def translated(*names: str, boost: float | None = None) -> list[index.SearchField]:
    """A SearchField for each language's column of each named field."""
    options = {"boost": boost} if boost else {}
    return [
        index.SearchField(build_localized_fieldname(name, code), **options)
        for name in names
        for code, _ in settings.LANGUAGES
    ]


@dataclass(frozen=True)
class TranslatedValue:
    """A field's text in the visitor's language, or the English text if that is missing."""

    value: str
    language: str
    is_fallback: bool
    requested_language_name: str
    # What the field is, in words, for the page's fallback notice ("Availability").
    label: str = ""
    # A translation made from an older English text: when the English text changed (else None).
    stale_since: datetime | None = None

    def __bool__(self) -> bool:
        return bool(self.value)

    def __str__(self) -> str:
        return self.value


def translated_value(obj, field_name: str) -> TranslatedValue:
    """The field's text in the active language, or the English fallback marked as such."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    name = get_language_info(current)["name_translated"]
    if obj is None:
        return TranslatedValue("", current, False, name)
    label = field_label(obj, field_name)
    value = getattr(obj, build_localized_fieldname(field_name, current), None)
    if value:
        stale = translation_state.stale_since(obj, field_name, current) if current != settings.LANGUAGE_CODE else None
        return TranslatedValue(value, current, False, name, label, stale)
    fallback = settings.LANGUAGE_CODE
    value = getattr(obj, build_localized_fieldname(field_name, fallback), None) or ""
    return TranslatedValue(value, fallback, bool(value) and current != fallback, name, label)


def field_label(obj, field_name: str) -> str:
    """The field's verbose name, capitalised ("Availability"); the field's name if it has none."""
    try:
        return capfirst(str(obj._meta.get_field(field_name).verbose_name))
    except (AttributeError, FieldDoesNotExist):
        return capfirst(field_name.replace("_", " "))


@dataclass
class FallbackLog:
    """The parts of one page shown in English because they are not translated, in page order, each once.

    Pages show each such part marked `lang="en"` and, once at the top, one notice listing
    them (portal_tags: `{% fallback_notice %}`, `{% translated_field %}`), instead of a
    notice beside every part.
    """

    labels: list[str] = field(default_factory=list)

    def add(self, label: str) -> None:
        if label and label not in self.labels:
            self.labels.append(label)

    def __bool__(self) -> bool:
        return bool(self.labels)


def plain(value) -> str:
    """Text without markup or entities."""
    return html.unescape(strip_tags(str(value or ""))).strip()


def plain_lines(value) -> str:
    """Rich text as plain lines for print: paragraphs and list items on lines of their own, items bulleted."""
    text = re.sub(r"<li[^>]*>", "\n• ", str(value or ""))
    text = re.sub(r"</p>|<br\s*/?>", "\n", text)
    return plain(text)


def in_language(obj, field: str, language: str) -> str:
    """The field's plain text in the language, English where it is not translated (django-modeltranslation's fallback)."""
    with translation.override(language):
        return plain(getattr(obj, field, ""))


def set_translations(obj, field: str, values: dict[str, str], languages=None) -> None:
    """Set `field_<lang>` for each language that has a text: those given, or every language in `values`."""
    for code in languages if languages is not None else values:
        value = values.get(code)
        if value:
            setattr(obj, build_localized_fieldname(field, code), value)


def localized_columns(*names: str, of: str = "") -> list[str]:
    """The columns of translated fields a page in the active language reads: its language's and English (the fallback);
    `of`: the fields are a related object's ("role" gives "role__name_de", "role__name_en").

    For `.only()`: a row of a translated model carries every language's copy of each field, and
    building fourteen copies to show one costs more than the query itself.
    """
    languages = dict.fromkeys([translation.get_language() or settings.LANGUAGE_CODE, settings.LANGUAGE_CODE])
    prefix = f"{of}__" if of else ""
    return [prefix + build_localized_fieldname(name, language) for name in names for language in languages]


def other_languages_columns(model) -> list[str]:
    """The columns of the model's translated fields in languages other than the active one and English.

    For `.defer()` on a row read to show one page: a measure page carries fourteen copies of its
    stream fields, each parsed when the row is read; a page shows one language and falls back to English.
    """
    from modeltranslation.translator import NotRegistered, translator  # the registry is filled once the apps are ready

    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    shown = {translation.get_language() or settings.LANGUAGE_CODE, settings.LANGUAGE_CODE}
    return [field.name for fields in options.all_fields.values() for field in fields if field.language not in shown]


def translated_field_names(model) -> tuple[str, ...]:
    """The content fields the model itself registers for translation (not those it inherits, such as a page's SEO title)."""
    from modeltranslation.translator import translator  # the registry is filled once the apps are ready

    return tuple(translator.get_options_for_model(model).local_fields)


def has_text(name: str, language: str) -> Q:
    """Rows whose `name` field has a text in `language`."""
    column = build_localized_fieldname(name, language)
    return Q(**{f"{column}__isnull": False}) & ~Q(**{column: ""})


def untranslated(fields, language: str) -> Q:
    """Rows where one of `fields` has its English text but none in `language`: readers there get the fallback."""
    condition = Q(pk__in=[])
    for name in fields:
        condition |= has_text(name, settings.LANGUAGE_CODE) & ~has_text(name, language)
    return condition
