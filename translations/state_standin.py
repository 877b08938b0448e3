"""A stand-in for portal.tenancy.translation_state until it lands on main (same interface; delete after merging).

Every translated field with English text and an empty translation is missing; everything else
is current. Stale tracking (the English text changed since the translation was made) is the
real module's.
"""
from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

STATUS_MISSING, STATUS_STALE, STATUS_CURRENT = "missing", "stale", "current"


def source_digest(text: str) -> str:
    normalised = re.sub(r"\s+", " ", text or "").strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class FieldState:
    status: str
    source_digest: str
    source_changed_on: datetime.datetime | None


def _field_names(model) -> tuple[str, ...]:
    from modeltranslation.translator import translator

    return tuple(translator.get_options_for_model(model).all_fields)


def field_states(objects, language) -> dict[tuple[str, int, str], FieldState]:
    states = {}
    for obj in objects:
        for name in _field_names(type(obj)):
            english = getattr(obj, build_localized_fieldname(name, settings.LANGUAGE_CODE), "") or ""
            if not english.strip():
                continue
            translated = getattr(obj, build_localized_fieldname(name, language), "") or ""
            status = STATUS_CURRENT if translated.strip() else STATUS_MISSING
            states[(obj._meta.label_lower, obj.pk, name)] = FieldState(status, source_digest(english), None)
    return states
