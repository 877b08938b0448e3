"""The admin's Translations page: export the gaps, upload the translated file, read the preview, apply."""
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree

from directory.models import Contact
from tests.translations.conftest import XLIFF_NS, xliff_with_targets

EXPORT = "/admin/translations/export/"
IMPORT = "/admin/translations/import/"
APPLY = "/admin/translations/import/apply/"


def exported_unit_ids(response) -> list[str]:
    return [unit.get("id") for unit in etree.fromstring(response.content).iter(f"{{{XLIFF_NS}}}unit")]


def contact_countries(unit_ids) -> set[str]:
    pks = [int(unit_id.split(":")[1]) for unit_id in unit_ids if unit_id.startswith("directory.contact:")]
    return {contact.country.iso2 for contact in Contact.objects.filter(pk__in=pks).select_related("country")}


def test_an_administrator_downloads_the_portals_gaps_as_xliff(client, admin_user, bsr, german_gaps):
    client.force_login(admin_user)

    response = client.get(EXPORT, {"tenant": bsr.pk, "language": "de", "format": "xliff"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bsr-de.xlf"'
    ids = exported_unit_ids(response)
    assert {"LT", "PL"} <= contact_countries(ids)
    assert f"guidelines.measurepage:{german_gaps.measure.pk}:what" in ids


def test_the_lithuanian_editors_file_has_no_polish_and_no_regional_unit(client, editor, bsr, german_gaps):
    """Polish contacts and regional texts without German are in the portal's gaps, not in the Lithuanian editor's file."""
    client.force_login(editor("lt"))

    response = client.get(EXPORT, {"tenant": bsr.pk, "language": "de", "format": "xliff"})

    ids = exported_unit_ids(response)
    assert contact_countries(ids) == {"LT"}
    assert not any(unit_id.startswith(("guidelines.measurepage:", "guidelines.soppage:", "portal.resource:")) for unit_id in ids)


def test_a_language_the_portal_does_not_publish_is_a_form_error(client, admin_user, bsr):
    client.force_login(admin_user)

    response = client.get(EXPORT, {"tenant": bsr.pk, "language": "fr", "format": "po"})

    assert response.status_code == 400
    assert "does not publish in this language" in response.content.decode()


def test_the_preview_lists_changes_and_problems_and_apply_writes_only_the_good_units(client, editor, admin_user, bsr, german_gaps):
    client.force_login(admin_user)
    content = client.get(EXPORT, {"tenant": bsr.pk, "language": "de", "format": "xliff"}).content
    lithuanian_contact, polish_contact = german_gaps.lithuanian_contact, german_gaps.polish_contact
    filled = xliff_with_targets(content, {
        f"directory.contact:{lithuanian_contact.pk}:position_title": "Litauische Funktion",
        f"directory.contact:{polish_contact.pk}:position_title": "Polnische Funktion",
    })
    client.force_login(editor("lt"))

    preview = client.post(IMPORT, {"tenant": bsr.pk, "file": SimpleUploadedFile("bsr-de.xlf", filled)})

    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Litauische Funktion" in page and "Apply 1 change" in page
    assert f"directory.contact:{polish_contact.pk}:position_title" in page and "Poland" in page
    lithuanian_contact.refresh_from_db()
    assert not lithuanian_contact.position_title_de  # nothing written by the preview

    applied = client.post(APPLY, {"token": preview.context["token"]}, follow=True)

    assert "1 translation applied." in applied.content.decode()
    lithuanian_contact.refresh_from_db()
    polish_contact.refresh_from_db()
    assert lithuanian_contact.position_title_de == "Litauische Funktion"
    assert not polish_contact.position_title_de


def test_a_preview_cannot_be_applied_twice_or_with_a_forged_token(client, admin_user, bsr, german_gaps):
    client.force_login(admin_user)
    content = client.get(EXPORT, {"tenant": bsr.pk, "language": "de", "format": "xliff"}).content
    contact = german_gaps.lithuanian_contact
    filled = xliff_with_targets(content, {f"directory.contact:{contact.pk}:position_title": "Einmal"})
    preview = client.post(IMPORT, {"tenant": bsr.pk, "file": SimpleUploadedFile("bsr-de.xlf", filled)})

    forged = client.post(APPLY, {"token": "guessed"}, follow=True)
    assert "has expired or was already applied" in forged.content.decode()
    client.post(APPLY, {"token": preview.context["token"]})
    again = client.post(APPLY, {"token": preview.context["token"]}, follow=True)

    assert "has expired or was already applied" in again.content.decode()
    assert Contact.objects.get(pk=contact.pk).position_title_de == "Einmal"


@pytest.mark.parametrize("path", ["/admin/translations/", EXPORT])
def test_an_admin_user_who_edits_no_country_cannot_use_the_translations_pages(client, django_user_model, bsr, path):
    """Access to the admin alone (a user of another team, say) gives nothing to translate and no file."""
    user = django_user_model.objects.create_user("reviewer", password="x")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    client.force_login(user)

    response = client.get(path, {"tenant": bsr.pk, "language": "de", "format": "xliff"})

    # Wagtail's admin answers a refused page with a redirect to the dashboard and its "no permission" message.
    assert response.status_code == 302 and response.url == "/admin/"
    assert "Content-Disposition" not in response
