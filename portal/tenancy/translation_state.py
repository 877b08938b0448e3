"""Whether a translation still says what the English text says: missing, stale or current.

Every content field translated with django-modeltranslation is tracked, whatever app it belongs
to (pages, sections, steps, national notes, contacts, resources...): when an object is saved, a
`TranslationRecord` per language remembers the English text the translation was made from (a
digest), and the English text as it is now. When the English text changes in meaning, the
translations made before are *stale*: readers see them with a notice, editors see them marked
and listed until someone updates the translation or confirms it is still right.

- An English correction saved as "no change to meaning" (`meaning_unchanged()` before the
  save) keeps current translations current.
- A translation written after the English change (in the admin, by an import) is current: the
  save records it as made from the English text of that moment.
- A translation present when an object is first seen is taken as current: there is no older
  English text to compare it with.

Writers need no call of their own: the post_save signal (and `bulk_saved` for bulk writes) does it.
"""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from portal.tenancy import fragments
from portal.tenancy.models import TranslationRecord

STATUS_MISSING, STATUS_STALE, STATUS_CURRENT = "missing", "stale", "current"

# Bumped whenever a record changes, so the cached map of stale translations is read again.
_GENERATION_KEY = "translation-state:generation"


def source_digest(text) -> str:
    """16 hex characters identifying a text, whitespace normalised (re-wrapping a paragraph is no change)."""
    normalised = " ".join(str(text or "").split())
    return hashlib.sha256(normalised.encode()).hexdigest()[:16] if normalised else ""


def model_label(obj_or_model) -> str:
    """"guidelines.measurepage": how records name a model (a page's specific class)."""
    return obj_or_model._meta.label_lower


def other_languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@functools.cache
def tracked_fields(model) -> tuple[str, ...]:
    """The model's own translated content fields; () for a model modeltranslation does not know."""
    from modeltranslation.translator import NotRegistered, translator  # filled once the apps are ready

    try:
        return tuple(translator.get_options_for_model(model).local_fields)
    except NotRegistered:
        return ()


@dataclass(frozen=True)
class FieldState:
    """One field in one language: missing (no translation), stale (made from an older English text) or current."""

    status: str
    source_digest: str
    # When the English text last changed in meaning (stale translations: after the translation was made).
    source_changed_on: datetime | None = None


def _english(obj, field: str) -> str:
    return getattr(obj, build_localized_fieldname(field, settings.LANGUAGE_CODE), None) or ""


def _translation(obj, field: str, language: str) -> str:
    return getattr(obj, build_localized_fieldname(field, language), None) or ""


def _generation() -> int:
    return fragments.counter(_GENERATION_KEY)


def _changed() -> None:
    """Records changed: read the stale map again, now (this transaction) and once committed (everyone else;
    a reader in between may have cached the state from before the commit)."""
    _bump_generation()
    transaction.on_commit(_bump_generation)
    fragments.content_changed()  # pages show stale notices


def _bump_generation() -> None:
    fragments.bump(_GENERATION_KEY)


# -- Writing ------------------------------------------------------------------------------------------


def record_saved(objects) -> int:
    """Bring the records of saved objects (one model) up to date; returns how many records changed.

    One query reads the objects' records; writes only what changed.
    """
    objects = [obj for obj in objects if obj is not None and obj.pk is not None]
    if not objects:
        return 0
    fields = tracked_fields(type(objects[0]))
    if not fields:
        return 0
    label = model_label(objects[0])
    languages = other_languages()
    now = timezone.now()
    existing = {
        (record.object_id, record.field, record.language): record
        for record in TranslationRecord.objects.filter(model=label, object_id__in=[obj.pk for obj in objects])
    }
    created, updated, removed = [], [], []
    for obj in objects:
        for field in fields:
            source = source_digest(_english(obj, field))
            for language in languages:
                record = existing.pop((obj.pk, field, language), None)
                translation_text = _translation(obj, field, language)
                if not translation_text:
                    removed.extend([record.pk] if record is not None else [])
                elif record is None:
                    created.append(
                        TranslationRecord(
                            model=label, object_id=obj.pk, field=field, language=language, source_digest=source,
                            source_changed_at=now, basis_digest=source, translation_digest=source_digest(translation_text),
                        )
                    )
                elif _apply(record, source, source_digest(translation_text), now):
                    updated.append(record)
    # Records of fields or languages the objects no longer have.
    removed.extend(record.pk for record in existing.values())
    _write(created, updated, removed)
    changed = len(created) + len(updated) + len(removed)
    if changed:
        _changed()
    return changed


def _write(created, updated, removed) -> None:
    with transaction.atomic():
        if removed:
            TranslationRecord.objects.filter(pk__in=removed).delete()
        if created:
            TranslationRecord.objects.bulk_create(created, ignore_conflicts=True)
        if updated:
            TranslationRecord.objects.bulk_update(
                updated, ["source_digest", "source_changed_at", "basis_digest", "translation_digest", "minor_digest"]
            )


def _apply(record: TranslationRecord, source: str, translated: str, now) -> bool:
    """Update one record for the object's texts as saved; True if it changed."""
    changed = False
    if record.source_digest != source:
        if record.minor_digest == source:
            # A correction without a change of meaning: a translation current before stays current.
            if record.basis_digest == record.source_digest:
                record.basis_digest = source
        else:
            record.source_changed_at = now
        record.source_digest = source
        changed = True
    if record.minor_digest:
        record.minor_digest = ""
        changed = True
    if record.translation_digest != translated:
        # The translation itself was written (or rewritten) now: made from the English text as it is now.
        record.translation_digest = translated
        record.basis_digest = source
        changed = True
    return changed


def meaning_unchanged(obj, field: str, new_english: str) -> int:
    """Announce that `new_english`, about to be saved (or published) as the field's English text, corrects
    the current one without changing its meaning: its translations stay as current as they are.

    Call before the save; the next save with exactly that text applies it. Returns how many
    translations it keeps current.
    """
    digest = source_digest(new_english)
    return TranslationRecord.objects.filter(model=model_label(obj), object_id=obj.pk, field=field).update(minor_digest=digest)


def confirm_translation(obj, field: str, language: str, user=None) -> bool:
    """An editor says the translation still says what the English text says: it is current again."""
    updated = TranslationRecord.objects.filter(
        model=model_label(obj), object_id=obj.pk, field=field, language=language
    ).exclude(basis_digest=F("source_digest"))
    record = updated.first()
    if record is None:
        return False
    record.basis_digest = record.source_digest
    record.confirmed_at = timezone.now()
    record.confirmed_by = user if getattr(user, "is_authenticated", False) else None
    record.save(update_fields=["basis_digest", "confirmed_at", "confirmed_by"])
    _changed()
    return True


def forget(obj) -> None:
    """An object deleted: its records go too."""
    TranslationRecord.objects.filter(model=model_label(obj), object_id=obj.pk).delete()


# -- Reading -------------------------------------------------------------------------------------------


def stale_translations(language: str) -> dict[tuple[str, int, str], datetime]:
    """{(model, pk, field): when the English text changed} of the stale translations in a language.

    Kept in the shared cache until a record changes, and in each process's memory until the content
    changes (a record change is one: fragments.remembered): a page that shows many translated fields
    costs no query and no cache read for them. Stale translations are the exception (they are
    updated or confirmed), so the map stays small.
    """
    if language == settings.LANGUAGE_CODE:
        return {}
    return fragments.remembered(("stale-translations", language), lambda: _shared_stale_map(language))


def _shared_stale_map(language: str) -> dict[tuple[str, int, str], datetime]:
    key = f"translation-state:stale:{language}:{_generation()}"
    stale = cache.get(key)
    if stale is None:
        stale = {
            (model, object_id, field): changed_at
            for model, object_id, field, changed_at in TranslationRecord.objects.filter(language=language)
            .exclude(basis_digest=F("source_digest"))
            .values_list("model", "object_id", "field", "source_changed_at")
        }
        cache.set(key, stale, timeout=24 * 3600)
    return stale


def stale_since(obj, field: str, language: str) -> datetime | None:
    """When the English text changed, if the object's translation of the field in the language is stale; else None."""
    if obj is None or getattr(obj, "pk", None) is None:
        return None
    return stale_translations(language).get((model_label(obj), obj.pk, field))


def field_states(objects, language: str) -> dict[tuple[str, int, str], FieldState]:
    """The state of every translated field with English text of the objects (any mix of models), in a language.

    One query per model among the objects.
    """
    by_model: dict[str, list] = {}
    for obj in objects:
        by_model.setdefault(model_label(obj), []).append(obj)
    states: dict[tuple[str, int, str], FieldState] = {}
    for label, group in by_model.items():
        fields = tracked_fields(type(group[0]))
        if not fields:
            continue
        records = {
            (record.object_id, record.field): record
            for record in TranslationRecord.objects.filter(
                model=label, language=language, object_id__in=[obj.pk for obj in group]
            ).only("object_id", "field", "source_digest", "basis_digest", "source_changed_at")
        }
        for obj in group:
            for field in fields:
                english = _english(obj, field)
                if not english:
                    continue
                digest = source_digest(english)
                record = records.get((obj.pk, field))
                if not _translation(obj, field, language):
                    states[(label, obj.pk, field)] = FieldState(STATUS_MISSING, digest)
                elif record is not None and record.is_stale:
                    states[(label, obj.pk, field)] = FieldState(STATUS_STALE, digest, record.source_changed_at)
                else:
                    states[(label, obj.pk, field)] = FieldState(STATUS_CURRENT, digest)
    return states

