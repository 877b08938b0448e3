"""Bringing a translator's file back: round trip, applying, every problem of the preview, atomicity, countries."""
import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import GroupPagePermission, ModelLogEntry, PageLogEntry, Revision

from directory.models import Contact
from guidelines.models import MeasurePage
from tests.translations.conftest import po_with_targets, xliff_with_targets
from translations import formats, importing
from translations.importing import translation_import_apply, translation_import_preview
from translations.units import unit_id, unit_list


def export(tenant, *, user, fmt=formats.XLIFF, language="de"):
    units = unit_list(tenant=tenant, language=language, user=user)
    return formats.translation_file_export(units, fmt=fmt, language=language, tenant=tenant), units


def find(units, obj, field: str):
    """The unit of the object's field in the list (the test made sure it has no German text)."""
    wanted = unit_id(obj, field)
    found = [unit for unit in units if unit.id == wanted]
    assert found, f"{wanted} is not among the units"
    return found[0]


def regional_page_text(units, gaps):
    """A plain-text field of a regional page: the summary of a measure, without German."""
    unit = find(units, gaps.measure, "summary")
    assert unit.page is not None and unit.country is None and not unit.is_rich_text
    return unit


FILL = {formats.XLIFF: xliff_with_targets, formats.PO: po_with_targets}


def written_rows() -> tuple[int, int, int]:
    return Revision.objects.count(), ModelLogEntry.objects.count(), PageLogEntry.objects.count()


@pytest.mark.parametrize("fmt", formats.FORMATS)
def test_an_exported_file_imported_back_unchanged_changes_nothing_and_has_no_problem(bsr, admin_user, german_gaps, fmt):
    """Every kind of text is in the file (rich text, steps, titles, contacts, resources...), none translated."""
    content, units = export(bsr, user=admin_user, fmt=fmt)
    before = written_rows()

    preview = translation_import_preview(content=content, filename=f"bsr-de.{fmt}", tenant=bsr, user=admin_user)
    result = translation_import_apply(content=content, filename=f"bsr-de.{fmt}", tenant=bsr, user=admin_user)

    assert preview.problems == [] and preview.changes == []
    assert preview.untranslated + preview.unchanged == len(units) > 100
    assert result.applied == 0 and result.skipped == []
    assert written_rows() == before


@pytest.mark.parametrize("fmt", formats.FORMATS)
def test_filled_in_translations_are_applied_and_a_german_reader_sees_them(bsr, admin_user, get, german_gaps, fmt):
    content, units = export(bsr, user=admin_user, fmt=fmt)
    what = find(units, german_gaps.measure, "what")
    step = find(units, german_gaps.step, "text")
    assert step.page.pk == what.page.pk
    position = find(units, german_gaps.lithuanian_contact, "position_title")
    german = {
        what.id: "<p>Übersetzt: was bei dieser Maßnahme zu tun ist.</p>" if "<p>" in what.source else "Übersetzt: was zu tun ist.",
        step.id: "Übersetzter Schritt: die Fachkraft ruft an.",
        position.id: "Übersetzte Funktion: Fachreferentin",
    }
    filled = FILL[fmt](content, german)
    # What the German reader sees before: the English fallback.
    measure = MeasurePage.objects.get(pk=what.page.pk)
    with translation.override("de"):
        address = measure.get_url()
    assert "Übersetzt: was" not in get("bsr", address).content.decode()

    preview = translation_import_preview(content=filled, filename=f"bsr-de.{fmt}", tenant=bsr, user=admin_user)
    assert sorted(change.unit_id for change in preview.changes) == sorted(german) and preview.problems == []
    result = translation_import_apply(content=filled, filename=f"bsr-de.{fmt}", tenant=bsr, user=admin_user)

    assert result.applied == 3
    page = get("bsr", address).content.decode()
    assert "Übersetzt: was" in page and "Übersetzter Schritt: die Fachkraft ruft an." in page
    contact = Contact.objects.get(pk=position.obj.pk)
    assert "Übersetzte Funktion: Fachreferentin" in get("bsr", f"/de/directory/{contact.pk}/").content.decode()
    # A published revision of the page by the importing user, and an audit entry for the contact.
    measure.refresh_from_db()
    assert measure.live_revision.user == admin_user and not measure.has_unpublished_changes
    assert PageLogEntry.objects.filter(page=measure, action="wagtail.publish", user=admin_user).exists()
    assert ModelLogEntry.objects.filter(object_id=str(contact.pk), action="wagtail.edit", user=admin_user).exists()
    assert contact.latest_revision.user == admin_user


def test_the_preview_writes_nothing(bsr, admin_user, german_gaps):
    content, units = export(bsr, user=admin_user)
    position = find(units, german_gaps.lithuanian_contact, "position_title")
    before = written_rows()

    preview = translation_import_preview(
        content=xliff_with_targets(content, {position.id: "Neue Funktion"}), filename="bsr-de.xlf", tenant=bsr, user=admin_user
    )

    assert [change.new for change in preview.changes] == ["Neue Funktion"]
    assert not Contact.objects.get(pk=position.obj.pk).position_title_de
    assert written_rows() == before


def problems_of(preview) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in preview.problems:
        found.setdefault(problem.unit_id, []).append(problem.message)
    return found


def test_the_preview_lists_each_problem_by_unit_and_writes_none_of_those_units(bsr, admin_user, german_gaps):
    # A checklist with bold text, not yet translated.
    MeasurePage.objects.filter(pk=german_gaps.measure.pk).update(
        checklist_en="<p>Check the <b>indicators</b> first.</p>", checklist_de=""
    )
    content, units = export(bsr, user=admin_user)
    rich = find(units, german_gaps.measure, "what")
    assert rich.is_rich_text and "<p>" in rich.source and rich.page is not None
    summary = regional_page_text(units, german_gaps)
    long_one = find(units, german_gaps.lithuanian_contact, "position_title")
    tags_changed = find(units, german_gaps.measure, "checklist")
    assert tags_changed.is_rich_text and "<b>" in tags_changed.source
    good = find(units, german_gaps.organisation, "name")
    filled = xliff_with_targets(content, {
        rich.id: rich.source.replace("</p>", "", 1) + " übersetzt",  # a paragraph left open
        tags_changed.id: tags_changed.source.replace("<b>", "<script>", 1).replace("</b>", "</script>", 1),
        summary.id: "Zusammenfassung",
        long_one.id: "x" * 256,
        good.id: "Gute Organisation",
    }).replace(f'id="{good.id}"'.encode(), b'id="directory.organisation:999999:name"')
    # The English text is edited after the export: the translation was made from an older text.
    type(summary.obj).objects.filter(pk=summary.obj.pk).update(**{f"{summary.field}_en": summary.source + " (revised)"})

    preview = translation_import_preview(content=filled, filename="bsr-de.xlf", tenant=bsr, user=admin_user)

    found = problems_of(preview)
    assert "not balanced" in found[rich.id][0]
    assert "<script>" in found[tags_changed.id][0] and "<b>" in found[tags_changed.id][0]
    assert "changed since this file was exported" in found[summary.id][0]
    assert "256 characters, at most 255" in found[long_one.id][0]
    assert "Unknown unit" in found["directory.organisation:999999:name"][0]
    assert preview.changes == []

    result = translation_import_apply(content=filled, filename="bsr-de.xlf", tenant=bsr, user=admin_user)
    assert result.applied == 0
    assert not Contact.objects.get(pk=long_one.obj.pk).position_title_de
    assert not getattr(type(summary.obj).objects.get(pk=summary.obj.pk), f"{summary.field}_de")


def test_a_file_in_a_language_the_portal_does_not_publish_is_refused(bsr, admin_user):
    content, units = export(bsr, user=admin_user, fmt=formats.PO)
    french = content.replace(b'"Language: de\\n"', b'"Language: fr\\n"')
    filled = po_with_targets(french, {units[0].id: "Traduit"})

    preview = translation_import_preview(content=filled, filename="bsr-fr.po", tenant=bsr, user=admin_user)

    assert preview.changes == []
    assert [problem.unit_id for problem in preview.problems] == [""]
    assert "does not publish in “fr”" in preview.problems[0].message and "de" in preview.problems[0].message


def test_a_lithuanian_editor_cannot_import_a_polish_contacts_position_title(bsr, admin_user, editor, german_gaps):
    lithuanian = editor("lt")
    content, units = export(bsr, user=admin_user)
    polish = find(units, german_gaps.polish_contact, "position_title")
    own = find(units, german_gaps.lithuanian_contact, "position_title")
    assert (polish.country.iso2, own.country.iso2) == ("PL", "LT")
    filled = xliff_with_targets(content, {polish.id: "Polnische Funktion", own.id: "Litauische Funktion"})

    preview = translation_import_preview(content=filled, filename="bsr-de.xlf", tenant=bsr, user=lithuanian)
    result = translation_import_apply(content=filled, filename="bsr-de.xlf", tenant=bsr, user=lithuanian)

    assert [change.unit_id for change in preview.changes] == [own.id]
    assert "Poland" in problems_of(preview)[polish.id][0]
    assert result.applied == 1
    assert not Contact.objects.get(pk=polish.obj.pk).position_title_de
    assert Contact.objects.get(pk=own.obj.pk).position_title_de == "Litauische Funktion"


def test_a_lithuanian_editor_cannot_import_regional_guidelines(bsr, admin_user, editor, german_gaps):
    content, units = export(bsr, user=admin_user)
    summary = regional_page_text(units, german_gaps)

    preview = translation_import_preview(
        content=xliff_with_targets(content, {summary.id: "Zusammenfassung"}), filename="bsr-de.xlf", tenant=bsr,
        user=editor("lt"),
    )

    assert preview.changes == [] and "regional content" in problems_of(preview)[summary.id][0]


def test_the_lithuanian_editors_export_holds_only_lithuanian_content(bsr, editor, german_gaps):
    """The Polish contact and the regional texts without German are left out; the Lithuanian contact is in."""
    units = unit_list(tenant=bsr, language="de", user=editor("lt"))

    assert units and {unit.country.iso2 for unit in units} == {"LT"}
    assert unit_id(german_gaps.lithuanian_contact, "position_title") in {unit.id for unit in units}


def test_apply_is_atomic_a_failure_on_the_second_object_leaves_the_first_unwritten(bsr, admin_user, monkeypatch, german_gaps):
    content, units = export(bsr, user=admin_user)
    contacts = [find(units, contact, "position_title") for contact in (german_gaps.lithuanian_contact, german_gaps.polish_contact)]
    filled = xliff_with_targets(content, {unit.id: f"Funktion {index}" for index, unit in enumerate(contacts)})
    before = written_rows()
    calls = []
    real = importing._write_object

    def failing_on_the_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "_write_object", failing_on_the_second)
    with pytest.raises(RuntimeError):
        translation_import_apply(content=filled, filename="bsr-de.xlf", tenant=bsr, user=admin_user)

    assert len(calls) == 2
    assert not any(Contact.objects.get(pk=unit.obj.pk).position_title_de for unit in contacts)
    assert written_rows() == before


def test_a_unit_whose_english_changed_between_preview_and_apply_is_skipped(bsr, admin_user, german_gaps):
    content, units = export(bsr, user=admin_user)
    first, second = (find(units, contact, "position_title") for contact in (german_gaps.lithuanian_contact, german_gaps.polish_contact))
    filled = xliff_with_targets(content, {first.id: "Erste Funktion", second.id: "Zweite Funktion"})
    preview = translation_import_preview(content=filled, filename="bsr-de.xlf", tenant=bsr, user=admin_user)
    assert len(preview.changes) == 2

    Contact.objects.filter(pk=second.obj.pk).update(position_title_en="A renamed function")
    result = translation_import_apply(
        content=filled, filename="bsr-de.xlf", tenant=bsr, user=admin_user, confirmed=set(preview.change_ids)
    )

    assert result.applied == 1
    assert [problem.unit_id for problem in result.skipped] == [second.id]
    assert Contact.objects.get(pk=first.obj.pk).position_title_de == "Erste Funktion"
    assert not Contact.objects.get(pk=second.obj.pk).position_title_de


def test_listing_the_units_of_a_whole_portal_costs_a_bounded_number_of_queries(bsr, editor, django_assert_max_num_queries):
    lithuanian = editor("lt")
    unit_list(tenant=bsr, language="de", states=None, user=lithuanian)  # the user's countries and permissions, cached
    with CaptureQueriesContext(connection) as first:
        before = unit_list(tenant=bsr, language="de", states=None, user=lithuanian)
    template = lithuanian_contact(bsr)
    for number in range(10):
        Contact.objects.create(
            organisation=template.organisation, country=template.country, role=template.role,
            position_title=f"Duty officer {number}", availability="Mon-Fri", email=f"duty{number}@example.org",
        )

    with django_assert_max_num_queries(len(first.captured_queries)):
        after = unit_list(tenant=bsr, language="de", states=None, user=lithuanian)
    assert len(after) == len(before) + 20 > 60


def make_stale(contact: Contact, old_german: str) -> Contact:
    """A German translation made from an English text that has since changed in meaning."""
    contact.position_title_de = old_german
    contact.save()
    contact.position_title_en = f"{contact.position_title_en} and deputy"
    contact.save()
    return contact


def lithuanian_contact(bsr) -> Contact:
    return Contact.objects.in_tenant(bsr).active().filter(country__code="LT").order_by("pk").first()


@pytest.mark.parametrize("fmt", formats.FORMATS)
def test_a_stale_translation_is_exported_with_the_old_text_and_round_trips_unchanged(bsr, admin_user, fmt):
    contact = make_stale(lithuanian_contact(bsr), "Alte Funktion")
    unit_id = f"directory.contact:{contact.pk}:position_title"

    content, units = export(bsr, user=admin_user, fmt=fmt)
    stale = next(unit for unit in units if unit.id == unit_id)
    assert stale.state == "stale" and stale.translation == "Alte Funktion"
    assert "Alte Funktion" in content.decode()
    if fmt == formats.PO:
        assert '#, fuzzy\nmsgctxt "' + unit_id in content.decode()
    else:
        assert b'category="previous-translation">Alte Funktion<' in content

    preview = translation_import_preview(content=content, filename=f"bsr-de.{fmt}", tenant=bsr, user=admin_user)
    assert preview.changes == [] and preview.problems == []


@pytest.mark.parametrize("fmt", formats.FORMATS)
def test_an_updated_stale_translation_is_applied_and_is_current_again(bsr, admin_user, get, fmt):
    contact = make_stale(lithuanian_contact(bsr), "Alte Funktion")
    unit_id = f"directory.contact:{contact.pk}:position_title"
    content, _units = export(bsr, user=admin_user, fmt=fmt)

    filled = FILL[fmt](content, {unit_id: "Neue Funktion mit Stellvertretung"})
    result = translation_import_apply(content=filled, filename=f"bsr-de.{fmt}", tenant=bsr, user=admin_user)

    assert result.applied == 1
    assert "Neue Funktion mit Stellvertretung" in get("bsr", f"/de/directory/{contact.pk}/").content.decode()
    after = unit_list(tenant=bsr, language="de", states=None)
    assert next(unit for unit in after if unit.id == unit_id).state == "current"
    assert unit_id not in {unit.id for unit in unit_list(tenant=bsr, language="de")}


def test_a_page_with_an_unpublished_draft_is_not_overwritten_by_an_import(bsr, admin_user, german_gaps):
    content, units = export(bsr, user=admin_user)
    what = find(units, german_gaps.measure, "what")
    measure = MeasurePage.objects.get(pk=what.page.pk)
    measure.summary_en = "A draft an editor is still working on."
    measure.save_revision(user=admin_user)  # saved, not published

    preview = translation_import_preview(
        content=xliff_with_targets(content, {what.id: what.source}), filename="bsr-de.xlf", tenant=bsr, user=admin_user
    )

    assert preview.changes == []
    assert "draft that is not published" in problems_of(preview)[what.id][0]
    measure.refresh_from_db()
    assert measure.get_latest_revision_as_object().summary_en == "A draft an editor is still working on."


def test_a_file_whose_tool_wrote_a_regional_language_code_is_read_as_the_portals_language(bsr, admin_user, german_gaps):
    content, units = export(bsr, user=admin_user)
    position = find(units, german_gaps.lithuanian_contact, "position_title")
    filled = xliff_with_targets(content, {position.id: "Funktion"}).replace(b'trgLang="de"', b'trgLang="de-DE"')

    preview = translation_import_preview(content=filled, filename="bsr-de.xlf", tenant=bsr, user=admin_user)

    assert preview.language == "de" and [change.new for change in preview.changes] == ["Funktion"]


def test_a_translated_page_title_is_shown_to_german_readers_at_the_same_address(bsr, admin_user, get, german_gaps):
    content, units = export(bsr, user=admin_user)
    title = find(units, german_gaps.measure, "title")
    page = type(title.obj).objects.get(pk=title.obj.pk)
    with translation.override("de"):
        address = page.get_url()
    assert get("bsr", address).status_code == 200

    translation_import_apply(
        content=xliff_with_targets(content, {title.id: "Deutscher Titel der Seite"}), filename="bsr-de.xlf", tenant=bsr,
        user=admin_user,
    )

    response = get("bsr", address)
    assert response.status_code == 200 and "Deutscher Titel der Seite" in response.content.decode()
    assert title.source in get("bsr", address.replace("/de/", "/en/", 1)).content.decode()


def test_a_guidelines_editor_translates_the_pages_they_publish_and_nothing_of_a_country(
    bsr, admin_user, django_user_model, german_gaps
):
    """Regional content follows the admin's own rules: page permissions on the portal's tree, no country rights."""
    group = Group.objects.create(name="Guidelines editors (test)")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=bsr.site.root_page, permission=Permission.objects.get(codename=codename, content_type__app_label="wagtailcore")
        )
    guidelines_editor = django_user_model.objects.create_user("guidelines-editor", password="x")
    guidelines_editor.groups.add(group)
    content, units = export(bsr, user=admin_user)
    what = find(units, german_gaps.measure, "what")
    position = find(units, german_gaps.lithuanian_contact, "position_title")
    resource = find(units, german_gaps.resource, "title")
    filled = xliff_with_targets(content, {what.id: what.source, position.id: "Funktion", resource.id: "Dokument"})

    preview = translation_import_preview(content=filled, filename="bsr-de.xlf", tenant=bsr, user=guidelines_editor)

    assert [change.unit_id for change in preview.changes] == [what.id]
    assert position.country.name in problems_of(preview)[position.id][0]
    assert "regional content" in problems_of(preview)[resource.id][0]
    own_export = {unit.id for unit in unit_list(tenant=bsr, language="de", user=guidelines_editor)}
    assert what.id in own_export and position.id not in own_export and resource.id not in own_export
