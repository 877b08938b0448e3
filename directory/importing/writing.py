"""Applying a checked report in one transaction, in bulk, with revisions, audit entries and index updates."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from modeltranslation.utils import build_localized_fieldname

from directory import tabular
from directory.bulk import (
    BATCH_SIZE,
    CREATE_ACTION,
    EDIT_ACTION,
    bulk_log,
    bulk_revisions,
    index_objects,
)
from directory.caching import directory_changed
from directory.importing.lookups import chunks, organisation_key
from directory.importing.reports import (
    CONTACT_FIELDS,
    CREATE,
    REJECTED,
    UNCHANGED,
    UPDATE,
    ImportHasErrors,
    ImportReport,
    ImportResult,
    ImportRow,
)
from directory.models import (
    SOP,
    Contact,
    ContactPhone,
    ContactStatus,
    Language,
    Organisation,
    OrganisationType,
    Visibility,
)


class _BulkWriter:
    """Writes the CREATE and UPDATE rows of a checked report inside the caller's transaction.

    Each written contact is kept in memory as it now is (fields, organisation, SOPs,
    languages, phones), so that its revision is serialised without reading it back.
    """

    def __init__(self, *, user):
        # The command without --user acts as an administrator with no account: history then
        # records the change without a user (Wagtail shows "system").
        self.user = user if getattr(user, "pk", None) else None
        self.now = timezone.now()
        self.new_organisation_ids: list[int] = []
        self.sops = SOP.objects.in_bulk()
        self.languages = Language.objects.in_bulk()

    def write(self, rows: list[ImportRow], progress: Callable[[int], None] | None) -> list[int]:
        existing = self._locked_contacts([row.contact_id for row in rows if row.action == UPDATE])
        organisations = self._organisations(rows)
        created: list[tuple[ImportRow, Contact]] = []
        updated: list[tuple[ImportRow, Contact]] = []
        updated_fields: set[str] = set()
        for row in rows:
            if row.action == CREATE:
                contact = Contact(status=ContactStatus.ACTIVE, visibility=Visibility.PUBLIC)
                keys = [key for key in row.values if key in CONTACT_FIELDS]
                created.append((row, contact))
            else:
                contact = existing[row.contact_id]
                keys = list(row.changes)
                updated.append((row, contact))
            updated_fields |= self._set_fields(contact, row.values, keys, organisations)

        Contact.objects.bulk_create([contact for _row, contact in created], batch_size=BATCH_SIZE)
        if updated:
            for _row, contact in updated:
                contact.updated_at = self.now
            # rewrite(False): write the base and the default-language columns by their own names.
            Contact.objects.rewrite(False).bulk_update(
                [contact for _row, contact in updated], sorted(updated_fields | {"updated_at"}), batch_size=BATCH_SIZE
            )
        written = created + updated
        self._write_relations(written, relation="sops", through_field="sop_id", objects=self.sops)
        self._write_relations(written, relation="languages", through_field="language_id", objects=self.languages)
        self._write_phones(written)
        self._revisions_and_log(written, progress)
        return [contact.pk for _row, contact in written]

    def _set_fields(self, contact: Contact, values: dict, keys: list[str], organisations: dict) -> set[str]:
        """Set the row's values on the contact; the names of the model columns touched."""
        fields = set()
        for key in keys:
            value = values[key]
            if key in ("country", "located_in", "role"):
                setattr(contact, f"{key}_id", value)
                fields.add(key)
            elif key == "organisation":
                contact.organisation = organisations[(organisation_key(value), values["country"])]
                fields.add("organisation")
            elif key == "last_verified_on":
                contact.last_verified_on = value
                contact.last_verified_by = self.user
                fields |= {"last_verified_on", "last_verified_by"}
            elif key in ("position_title", "availability"):
                setattr(contact, key, value)  # under the default language: the base and the default-language field
                fields |= {key, build_localized_fieldname(key, settings.MODELTRANSLATION_DEFAULT_LANGUAGE)}
            elif key in ("external_id", "person_name", "email", "alternative_email", "visibility"):
                setattr(contact, key, value)
                fields.add(key)
        return fields

    def _locked_contacts(self, ids: list[int]) -> dict[int, Contact]:
        contacts: dict[int, Contact] = {}
        for chunk in chunks(ids):
            queryset = (
                Contact.objects.select_for_update(of=("self",))
                .select_related("organisation")
                .prefetch_related("sops", "languages", Prefetch("phones", queryset=ContactPhone.objects.order_by("sort_order", "pk")))
            )
            contacts.update((contact.pk, contact) for contact in queryset.filter(pk__in=chunk))
        if set(ids) - set(contacts):
            raise ImportHasErrors(_("Contacts were deleted since the preview was made: check the file again."))
        return contacts

    def _organisations(self, rows: list[ImportRow]) -> dict[tuple[str, int], Organisation]:
        """(name key, country id) -> organisation for every organisation the rows name, creating the missing ones."""
        wanted: dict[tuple[str, int], tuple[str, str]] = {}
        for row in rows:
            if row.action == CREATE or "organisation" in row.changes:
                key = (organisation_key(row.values["organisation"]), row.values["country"])
                wanted.setdefault(key, (row.values["organisation"], row.values.get("organisation_type", "")))
        ids = _organisations({country_id for _name, country_id in wanted})
        found = Organisation.objects.in_bulk([ids[key] for key in wanted if key in ids])
        organisations = {key: found[ids[key]] for key in wanted if key in ids}
        missing = []
        for key, (name, organisation_type) in wanted.items():
            if key not in organisations:
                organisation = Organisation(
                    country_id=key[1], organisation_type=organisation_type or OrganisationType.GOVERNMENTAL
                )
                organisation.name = name  # under the default language: the base and the default-language field
                missing.append(organisation)
                organisations[key] = organisation
        Organisation.objects.bulk_create(missing, batch_size=BATCH_SIZE)
        self.new_organisation_ids = [organisation.pk for organisation in missing]
        bulk_log([(organisation, CREATE_ACTION, None) for organisation in missing], user=self.user, now=self.now)
        return organisations

    def _write_relations(self, written: list[tuple[ImportRow, Contact]], *, relation: str, through_field: str,
                         objects: dict) -> None:
        """Replace the SOPs or languages of the contacts whose row sets them."""
        through = getattr(Contact, relation).through
        targets: dict[int, list[int]] = {}
        for row, contact in written:
            if relation in row.values and (row.action == CREATE or relation in row.changes):
                targets[contact.pk] = sorted(row.values[relation])
                # In memory only (modelcluster keeps objects assigned to a parental relation
                # until save(), which never comes): what the revision serialises.
                setattr(contact, relation, [objects[pk] for pk in targets[contact.pk]])
            elif row.action == CREATE:
                setattr(contact, relation, [])
        for chunk in chunks([row.contact_id for row, _contact in written if row.contact_id in targets]):
            through.objects.filter(contact_id__in=chunk).delete()
        through.objects.bulk_create(
            [through(contact_id=pk, **{through_field: target}) for pk, ids in targets.items() for target in ids],
            batch_size=BATCH_SIZE,
        )

    def _write_phones(self, written: list[tuple[ImportRow, Contact]]) -> None:
        """Phones of the file's phone columns: changed in place, added or removed; phones beyond them kept."""
        slots = [number for number, _label, _flag in tabular.PHONE_COLUMNS]
        to_create, to_update, to_delete = [], [], []
        for row, contact in written:
            keys = [key for key in slots if key in row.values and (row.action == CREATE or key in row.changes)]
            if not keys:
                if row.action == CREATE:
                    contact.phones = []  # in memory: the revision needs no query to know there are none
                continue
            phones = list(contact.phones.all()) if row.action == UPDATE else []
            phones += [None] * (len(slots) - len(phones))
            for key in keys:
                slot = slots.index(key)
                phone, value = phones[slot], row.values[key]
                if value is None:
                    if phone is not None:
                        to_delete.append(phone.pk)
                    phones[slot] = None
                    continue
                if phone is None:
                    phone = phones[slot] = ContactPhone(contact_id=contact.pk, sort_order=slot)
                    to_create.append(phone)
                else:
                    to_update.append(phone)
                phone.number, phone.label, phone.is_24_7 = value.number, value.label, value.is_24_7
            contact.phones = [phone for phone in phones if phone is not None]  # in memory, for the revision
        ContactPhone.objects.filter(pk__in=to_delete).delete()
        ContactPhone.objects.bulk_update(to_update, ["number", "label", "is_24_7"], batch_size=BATCH_SIZE)
        ContactPhone.objects.bulk_create(to_create, batch_size=BATCH_SIZE)

    def _revisions_and_log(self, written: list[tuple[ImportRow, Contact]], progress: Callable[[int], None] | None) -> None:
        """A revision (the contact as written) and an audit entry per contact, as save_revision() and log() make them."""
        for batch in chunks(written, BATCH_SIZE):
            contacts = [contact for _row, contact in batch]
            revisions = bulk_revisions(Contact, contacts, user=self.user, now=self.now)
            bulk_log(
                [
                    (contact, CREATE_ACTION if row.action == CREATE else EDIT_ACTION, revision)
                    for (row, contact), revision in zip(batch, revisions, strict=True)
                ],
                user=self.user,
                now=self.now,
            )
            if progress is not None:
                progress(len(batch))


@task()
def index_imported_objects(contact_ids: list[int], organisation_ids: list[int]) -> None:
    """What the skipped post_save handlers do, once for a whole import: the search and reference indexes.

    Enqueued when the import commits. With a queue backend a worker runs it; with the default
    immediate backend it runs at once, and a failure (Elasticsearch down) is logged by
    django-tasks without undoing the committed import.
    """
    for model, ids in ((Contact, contact_ids), (Organisation, organisation_ids)):
        for chunk in chunks(ids, INDEX_CHUNK):
            with transaction.atomic():
                index_objects(model, model.objects.select_related(*_INDEX_RELATED[model]).filter(pk__in=chunk))


_INDEX_RELATED = {Contact: ("organisation", "role"), Organisation: ()}
INDEX_CHUNK = 2000


def contact_import_apply(*, report: ImportReport, user, progress: Callable[[int], None] | None = None) -> ImportResult:
    """Write a checked report in one transaction; ImportHasErrors (and nothing written) if any row has a problem.

    The report should be fresh (the admin re-checks the stored file right before applying):
    rows are written as the preview decided them.
    """
    if report.has_errors:
        raise ImportHasErrors(
            _("The import has %(count)s problems: nothing was written.") % {"count": len(report.problems)}
        )
    rows = [row for row in report.rows if row.action in (CREATE, UPDATE)]
    with transaction.atomic(), translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        writer = _BulkWriter(user=user)
        contact_ids = writer.write(rows, progress)
        transaction.on_commit(partial(
            index_imported_objects.enqueue, contact_ids=contact_ids, organisation_ids=writer.new_organisation_ids
        ))
        transaction.on_commit(directory_changed)  # bulk writes send no model signals
    return ImportResult(
        created=report.count(CREATE),
        updated=report.count(UPDATE),
        unchanged=report.count(UNCHANGED),
        rejected=report.count(REJECTED),
    )


def _organisations(country_ids: set[int]) -> dict[tuple[str, int], int]:
    """(name key, country id) -> organisation id, by the name in the default language (as the file has it)."""
    name_field = build_localized_fieldname("name", settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
    organisations: dict[tuple[str, int], int] = {}
    for organisation in Organisation.objects.filter(country__in=country_ids).order_by("pk").values(
        "pk", "country_id", "name", name_field
    ):
        name = organisation[name_field] or organisation["name"]
        organisations.setdefault((organisation_key(name), organisation["country_id"]), organisation["pk"])
    return organisations

