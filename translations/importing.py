"""Bringing a translator's file back: a preview that writes nothing, then the good units applied in one transaction.

The preview lists every unit that will change (old → new) and every problem with its unit id:
a unit the portal does not know, English text changed since the export, a translation longer
than its column allows, broken or different markup, a language the portal does not publish, and
content of a country (or regional content) the user may not edit. Applying checks the file again
inside the transaction, so a unit whose English text changed after the preview is skipped, not
written; pages get a new revision that is published, other objects a revision where they keep
them, and each an audit entry, as an edit in the admin would.
"""
from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.log_actions import log
from wagtail.models import RevisionMixin

from guidelines.models import MeasureStep
from portal.models import ProfileSection
from portal.tenancy.models import PortalSettings
from portal.tenancy.translation_state import source_digest
from translations import formats, permissions
from translations.markup import markup_problem
from translations.units import Unit, unit_map

EDIT_ACTION = "wagtail.edit"
# Objects that are part of a page (its InlinePanel rows): written through the page's revision.
PAGE_CHILD_RELATIONS = {MeasureStep: "steps", ProfileSection: "sections"}


@dataclass(frozen=True)
class Change:
    unit: Unit
    new: str

    @property
    def unit_id(self) -> str:
        return self.unit.id

    @property
    def old(self) -> str:
        return self.unit.translation


@dataclass(frozen=True)
class Problem:
    unit_id: str  # "" for a problem of the whole file
    message: str

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.message}" if self.unit_id else self.message


@dataclass
class ImportPreview:
    filename: str
    language: str = ""
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unchanged: int = 0
    untranslated: int = 0

    @property
    def change_ids(self) -> list[str]:
        return [change.unit_id for change in self.changes]


@dataclass(frozen=True)
class ImportResult:
    applied: int
    skipped: list[Problem]


def translation_import_preview(*, content: bytes, filename: str, tenant: PortalSettings, user) -> ImportPreview:
    """What importing the file would change and every problem it has; writes nothing."""
    preview = ImportPreview(filename=filename)
    try:
        parsed = formats.translation_file_read(content, filename)
    except formats.FormatError as error:
        preview.problems.append(Problem("", str(error)))
        return preview
    preview.language = language = _portal_language(parsed.language, tenant)
    if not language or language == settings.LANGUAGE_CODE or not tenant.is_language_enabled(language):
        preview.problems.append(Problem("", _language_message(language, tenant)))
        return preview
    units = unit_map(tenant=tenant, language=language)
    may_translate = permissions.unit_checker(user)
    seen: set[str] = set()
    for entry in parsed.entries:
        if entry.unit_id in seen:
            preview.problems.append(Problem(entry.unit_id, _("This unit appears more than once in the file.")))
            continue
        seen.add(entry.unit_id)
        unit = units.get(entry.unit_id)
        if unit is None:
            preview.problems.append(Problem(
                entry.unit_id, _("Unknown unit: no text of this portal has this id (deleted, or from another portal).")
            ))
            continue
        if not entry.target.strip():
            preview.untranslated += 1
            continue
        if entry.target == unit.translation:
            preview.unchanged += 1
            continue
        problems = _unit_problems(unit, entry, may_translate)
        if problems:
            preview.problems.extend(Problem(unit.id, message) for message in problems)
        else:
            preview.changes.append(Change(unit=unit, new=entry.target))
    return preview


def _portal_language(declared: str, tenant: PortalSettings) -> str:
    """The portal's code for the file's language: tools write "de-DE", "sr-Latn" or "pt_BR" where the portal says "de"."""
    code = declared.strip().lower().replace("_", "-")
    if code and not tenant.is_language_enabled(code) and tenant.is_language_enabled(code.split("-")[0]):
        return code.split("-")[0]
    return code


def _language_message(language: str, tenant: PortalSettings) -> str:
    enabled = ", ".join(code for code, _name in tenant.enabled_languages if code != settings.LANGUAGE_CODE)
    if not language:
        return _("The file does not say which language it is in (trgLang in XLIFF, Language in PO).")
    if language == settings.LANGUAGE_CODE:
        return _("The file is in English, the source language; translations into %(enabled)s can be imported.") % {
            "enabled": enabled
        }
    return _("This portal does not publish in “%(language)s”; it publishes in %(enabled)s.") % {
        "language": language, "enabled": enabled,
    }


def _unit_problems(unit: Unit, entry: formats.Entry, may_translate) -> list[str]:
    problems = []
    if not may_translate(unit):
        problems.append(permissions.refusal_message(unit))
    exported_from = entry.digest or source_digest(entry.source)
    if exported_from != unit.digest:
        problems.append(_("The English text changed since this file was exported: export again and translate the new text."))
    if unit.max_length and len(entry.target) > unit.max_length:
        problems.append(_("Too long: %(length)s characters, at most %(max)s fit.") % {
            "length": len(entry.target), "max": unit.max_length,
        })
    if entry.inline_codes:
        problems.append(_("The translation holds XLIFF inline codes: keep the HTML tags as text, as in the English source."))
    else:
        markup = markup_problem(unit.source, entry.target)
        if markup:
            problems.append(markup)
    if unit.page is not None and unit.page.has_unpublished_changes:
        problems.append(_("The page has a draft that is not published: publish or discard it in the admin, then import again."))
    return problems


def translation_import_apply(
    *,
    content: bytes,
    filename: str,
    tenant: PortalSettings,
    user,
    confirmed: Collection[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Write the file's good units (those in `confirmed`, when given) in one transaction; nothing if anything fails.

    The file is checked again inside the transaction against the data as it is now: a unit that
    has a problem now (its English text changed since the preview, say) is skipped and reported.
    """
    with transaction.atomic():
        preview = translation_import_preview(content=content, filename=filename, tenant=tenant, user=user)
        changes = [change for change in preview.changes if confirmed is None or change.unit_id in confirmed]
        skipped = [
            problem for problem in preview.problems
            if not problem.unit_id or confirmed is None or problem.unit_id in confirmed
        ]
        # English active while saving: django-modeltranslation maps a model's untranslated attribute
        # (`title`) to the active language's column, and Wagtail recomputes URL paths from it.
        with translation.override(settings.LANGUAGE_CODE):
            _write(changes, author=_author(user), progress=progress)
    return ImportResult(applied=len(changes), skipped=skipped)


def _author(user):
    """The user recorded on revisions and audit entries: a real account, or None for the command's system user."""
    return user if getattr(user, "pk", None) is not None else None


def _write(changes: list[Change], *, author, progress: Callable[[int], None] | None) -> None:
    by_owner: dict[tuple, list[Change]] = {}
    for change in changes:
        owner = change.unit.page if change.unit.page is not None else change.unit.obj
        by_owner.setdefault((owner._meta.label_lower, owner.pk), []).append(change)
    for owned in by_owner.values():
        page = owned[0].unit.page
        if page is not None:
            _write_page(page, owned, author=author)
        else:
            _write_object(owned[0].unit.obj, owned, author=author)
        if progress is not None:
            progress(len(owned))


def _column(change: Change) -> str:
    return build_localized_fieldname(change.unit.field, change.unit.language)


def _write_page(page, changes: list[Change], *, author) -> None:
    """A new revision of the page with the translations (its own fields and its rows'), published."""
    rows: dict[str, list] = {}
    for change in changes:
        obj = change.unit.obj
        if obj.pk == page.pk and obj._meta.label_lower == page._meta.label_lower:
            setattr(page, _column(change), change.new)
            continue
        relation = PAGE_CHILD_RELATIONS[type(obj)]
        if relation not in rows:
            rows[relation] = list(getattr(page, relation).all())
        row = next(row for row in rows[relation] if row.pk == obj.pk)
        setattr(row, _column(change), change.new)
    for relation, items in rows.items():
        setattr(page, relation, items)  # in memory: the revision carries the rows, publishing writes them
    # The import changed translation columns only, checked by the preview (length, markup); an
    # unrelated rule on the rest of the page must not block a translation, so no full_clean here.
    revision = page.save_revision(user=author, log_action=True, clean=False)
    revision.publish(user=author)


def _write_object(obj, changes: list[Change], *, author) -> None:
    for change in changes:
        setattr(obj, _column(change), change.new)
    obj.save()
    revision = None
    if isinstance(obj, RevisionMixin):
        revision = obj.save_revision(user=author, clean=False)
    log(instance=obj, action=EDIT_ACTION, user=author, revision=revision)
