"""Search fields for django-modeltranslation's columns.

Wagtail indexes a field's value in the language active while indexing; the database backend
would then find English text only. Indexing every language's column lets a visitor find a
contact or a page by the words of any interface language.
"""
from __future__ import annotations

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname
from wagtail.search import index


def translated(*names: str, boost: float | None = None) -> list[index.SearchField]:
    """A SearchField for each language's column of each named field."""
    options = {"boost": boost} if boost else {}
    return [
        index.SearchField(build_localized_fieldname(name, code), **options)
        for name in names
        for code, _ in settings.LANGUAGES
    ]
