"""Importing contacts: every problem named by row and column, nothing written unless all is well, exact counts."""
import csv
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry, Revision

from directory import tabular
from directory.importing import ImportHasErrors, contact_import_apply, contact_import_preview
from directory.models import Contact, Organisation, Visibility
from tests.factories import ContactFactory, country, fictional_number

pytestmark = pytest.mark.django_db

LT_PHONE = fictional_number("LT", 11)
LV_PHONE = fictional_number("LV", 12)


def row(**values) -> dict[str, str]:
    """A valid Lithuanian row; keyword arguments change or add cells."""
    base = {
        "country": "LT",
        "role": "prosecutor",
        "sops": "1;5",
        "organisation": "Prosecutor General's Office (import test)",
        "organisation_type": "judiciary",
        "position_title": "Duty prosecutor for trafficking cases",
        "languages": "lt;en",
        "email": "duty.prosecutor@example.org",
        "phone": LT_PHONE,
        "phone_24_7": "yes",
        "visibility": "public",
        "last_verified_on": "2024-03-01",
    }
    base.update(values)
    return base


def csv_file(*rows: dict, columns=tabular.COLUMNS, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), delimiter=delimiter, extrasaction="raise")
    writer.writeheader()
    for values in rows:
        writer.writerow({column: values.get(column, "") for column in columns})
    return buffer.getvalue().encode("utf-8")


def xlsx_file(*rows: dict) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(tabular.COLUMNS))
    for values in rows:
        sheet.append([values.get(column, "") for column in tabular.COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def preview(content: bytes, user, filename: str = "contacts.csv"):
    return contact_import_preview(file_obj=io.BytesIO(content), filename=filename, user=user)


def problems(report) -> set[tuple[int, str]]:
    return {(problem.row, problem.column) for problem in report.problems}


# --- problems -----------------------------------------------------------------------------

def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_written(admin_user):
    content = csv_file(
        row(email="good@example.org"),                                 # row 2: fine
        row(country="ZZ", email="a@example.org"),                      # row 3
        row(role="astronaut", email="b@example.org"),                  # row 4
        row(sops="1;7", email="c@example.org"),                        # row 5
        row(languages="lt;xx", email="d@example.org"),                 # row 6
        row(phone="+370 12", email="e@example.org"),                   # row 7
        row(phone=LV_PHONE, email="f@example.org"),                    # row 8: a Latvian number for LT
        row(email="not-an-address"),                                   # row 9
        row(email="", phone="", phone_24_7=""),                        # row 10: no channel
        row(visibility="secret", email="g@example.org"),               # row 11
        row(last_verified_on="01/03/2024", email="h@example.org"),     # row 12
        row(position_title="", email="i@example.org"),                 # row 13
    )
    before = Contact.objects.count()

    report = preview(content, admin_user)

    assert problems(report) == {
        (3, "country"), (4, "role"), (5, "sops"), (6, "languages"), (7, "phone"), (8, "phone"), (9, "email"),
        (10, "email"), (11, "visibility"), (12, "last_verified_on"), (13, "position_title"),
    }
    assert report.counts == {"create": 1, "update": 0, "unchanged": 0, "rejected": 11}
    assert any(str(problem).startswith("row 7, column phone: ") for problem in report.problems)
    with pytest.raises(ImportHasErrors):
        contact_import_apply(report=report, user=admin_user)
    assert Contact.objects.count() == before
    assert not Organisation.objects.filter(name="Prosecutor General's Office (import test)").exists()


def test_a_file_of_another_type_or_with_unknown_columns_is_refused_with_a_message(admin_user):
    assert "upload a .csv or .xlsx file" in str(preview(b"whatever", admin_user, "contacts.ods").problems[0])
    report = preview(csv_file(row(), columns=(*tabular.COLUMNS, "fax")), admin_user)
    assert problems(report) == {(1, "fax")}
    report = preview(csv_file(row(), columns=("country", "role", "organisation")), admin_user)
    assert problems(report) == {(1, "position_title")}
    assert "UTF-8" in str(preview("country\nLT;é".encode("latin-1"), admin_user).problems[0])


def test_an_editor_of_lithuania_cannot_import_a_latvian_row(editor):
    report = preview(csv_file(row(), row(country="LV", phone=LV_PHONE, email="lv-desk@example.org")), editor("lt"))

    assert problems(report) == {(3, "country")}
    assert report.counts["create"] == 1 and report.counts["rejected"] == 1
    with pytest.raises(ImportHasErrors):
        contact_import_apply(report=report, user=editor("lt"))
    assert not Contact.objects.filter(email="duty.prosecutor@example.org").exists()


def test_an_editor_cannot_take_over_another_countrys_contact_by_its_email(editor):
    latvian = ContactFactory(country=country("LV"), email="shared-desk@example.org")

    report = preview(csv_file(row(email="shared-desk@example.org")), editor("lt"))

    assert report.rows[0].contact_id == latvian.pk
    assert problems(report) == {(2, "country")}


def test_rows_repeating_the_same_contact_are_rejected(admin_user):
    report = preview(csv_file(row(external_id="X-1"), row(external_id="X-1", email="other@example.org")), admin_user)
    assert problems(report) == {(3, "external_id")}


# --- good rows ----------------------------------------------------------------------------

def test_good_rows_are_created_updated_or_left_unchanged_with_exact_counts(admin_user):
    existing = ContactFactory(external_id="LT-PROS-7", email="old.desk@example.org", sops=[1], languages=["lt"])
    unchanged = ContactFactory(external_id="LT-PROS-8", email="same.desk@example.org")
    unchanged = Contact.objects.get(pk=unchanged.pk)
    exported = tabular.contact_row(
        Contact.objects.select_related("organisation", "country", "located_in", "role")
        .prefetch_related("sops", "languages", "phones").get(pk=unchanged.pk)
    )
    content = csv_file(
        row(external_id="LT-NEW-1", email="new.one@example.org"),
        row(external_id="LT-NEW-2", email="", phone=fictional_number("LT", 21), person_name="Ona Petraitienė",
            phone_label="Duty officer", phone_2=fictional_number("LT", 22), phone_2_label="Office", phone_2_24_7="no"),
        row(external_id="LT-PROS-7", email="new.desk@example.org", sops="2;3", visibility="practitioners"),
        exported,
    )
    revisions_before = Revision.objects.count()

    report = preview(content, admin_user)
    assert report.problems == []
    assert report.counts == {"create": 2, "update": 1, "unchanged": 1, "rejected": 0}
    assert set(report.rows[2].changes) >= {"email", "sops", "visibility"}

    result = contact_import_apply(report=report, user=admin_user)

    assert (result.created, result.updated, result.unchanged, result.rejected) == (2, 1, 1, 0)
    existing.refresh_from_db()
    assert existing.email == "new.desk@example.org"
    assert existing.visibility == Visibility.PRACTITIONERS
    assert sorted(sop.number for sop in existing.sops.all()) == [2, 3]
    second = Contact.objects.get(external_id="LT-NEW-2")
    assert second.person_name == "Ona Petraitienė"
    assert [(phone.number.as_e164, phone.label, phone.is_24_7) for phone in second.phones.order_by("sort_order")] == [
        (fictional_number("LT", 21), "Duty officer", True), (fictional_number("LT", 22), "Office", False),
    ]
    assert second.organisation.name == "Prosecutor General's Office (import test)"
    assert second.organisation.organisation_type == "judiciary"
    assert second.last_verified_on.isoformat() == "2024-03-01"
    assert Organisation.objects.filter(name="Prosecutor General's Office (import test)").count() == 1
    assert Revision.objects.count() == revisions_before + 3
    # Each revision holds the contact as written (its diff and revert views depend on it).
    assert [phone["number"] for phone in second.latest_revision.content["phones"]] == [
        fictional_number("LT", 21), fictional_number("LT", 22),
    ]
    assert existing.latest_revision.content["email"] == "new.desk@example.org"
    assert sorted(existing.latest_revision.content["sops"]) == sorted(sop.pk for sop in existing.sops.all())
    assert ModelLogEntry.objects.filter(action="wagtail.create", object_id=str(second.pk)).exists()
    assert ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(existing.pk), user=admin_user).exists()
    # Applying the same file again changes nothing.
    assert preview(content, admin_user).counts == {"create": 0, "update": 0, "unchanged": 4, "rejected": 0}


def test_rows_match_by_external_id_then_by_email_instead_of_duplicating(admin_user):
    by_id = ContactFactory(external_id="SRC-1", email="first@example.org")
    by_email = ContactFactory(email="Second.Desk@example.org")
    count = Contact.objects.count()

    report = preview(
        csv_file(
            row(external_id="SRC-1", email="renamed@example.org", position_title="Renamed by import"),
            row(external_id="SRC-2", email="second.desk@example.org", position_title="Found by e-mail"),
        ),
        admin_user,
    )
    contact_import_apply(report=report, user=admin_user)

    assert Contact.objects.count() == count
    by_id.refresh_from_db()
    by_email.refresh_from_db()
    assert (by_id.email, by_id.position_title) == ("renamed@example.org", "Renamed by import")
    assert (by_email.external_id, by_email.position_title) == ("SRC-2", "Found by e-mail")


def test_an_xlsx_file_and_a_semicolon_csv_import_like_a_comma_csv(admin_user):
    xlsx = preview(xlsx_file(row(external_id="XL-1", sops=4)), admin_user, "contacts.xlsx")
    semicolon = preview(csv_file(row(external_id="SC-1"), delimiter=";"), admin_user)

    assert xlsx.problems == [] and xlsx.counts["create"] == 1
    assert xlsx.rows[0].values["sops"] and xlsx.rows[0].values["phone"].number == LT_PHONE
    assert semicolon.problems == [] and semicolon.counts["create"] == 1


def test_a_kosovo_contact_is_checked_against_kosovo_numbers(admin_user):
    report = preview(csv_file(row(country="XK", phone=fictional_number("XK", 1), email="xk@example.org")), admin_user)
    assert report.problems == [] and report.rows[0].values["phone"].number.startswith("+383")


# --- the command --------------------------------------------------------------------------

def test_the_command_reports_problems_by_row_and_column_and_exits_non_zero(tmp_path, admin_user):
    path = tmp_path / "contacts.csv"
    path.write_bytes(csv_file(row(), row(phone="12", email="x@example.org")))
    out = io.StringIO()
    before = Contact.objects.count()

    with pytest.raises(CommandError) as raised:
        call_command("import_contacts", str(path), stdout=out, stderr=io.StringIO())

    assert raised.value.returncode == 1
    assert "row 3, column phone:" in out.getvalue()
    assert "1 to create, 0 to update, 0 unchanged, 1 rejected" in out.getvalue()
    assert Contact.objects.count() == before


def test_the_command_applies_a_good_file_and_a_dry_run_writes_nothing(tmp_path, editor):
    path = tmp_path / "contacts.xlsx"
    path.write_bytes(xlsx_file(row(external_id="CMD-1"), row(external_id="CMD-2", email="two@example.org")))

    dry = io.StringIO()
    call_command("import_contacts", str(path), "--dry-run", "--user", "editor-lt", stdout=dry, stderr=io.StringIO())
    assert "2 to create" in dry.getvalue() and not Contact.objects.filter(external_id="CMD-1").exists()

    out = io.StringIO()
    call_command("import_contacts", str(path), "--user", "editor-lt", stdout=out, stderr=io.StringIO())
    assert "2 created, 0 updated, 0 unchanged, 0 rejected." in out.getvalue()
    assert Contact.objects.get(external_id="CMD-1").last_verified_by == editor("lt")


def test_the_command_as_an_editor_rejects_rows_of_other_countries(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes(csv_file(row(country="LV", phone=LV_PHONE)))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_contacts", str(path), "--user", "editor-lt", stdout=out, stderr=io.StringIO())
    assert "row 2, column country:" in out.getvalue()


# --- the admin ----------------------------------------------------------------------------

def upload(client, content: bytes, name: str = "contacts.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/admin/directory/import/", {"file": SimpleUploadedFile(name, content)})


def test_admin_import_writes_nothing_before_confirmation_then_applies(client, editor):
    client.force_login(editor("lt"))
    assert "Import contacts" in client.get("/admin/").content.decode()  # the menu item
    assert client.get("/admin/directory/import/").status_code == 200

    response = upload(client, csv_file(row(external_id="ADM-1"), row(external_id="ADM-2", email="b@example.org")))
    assert response.status_code == 200
    assert "2 contacts to create" in response.content.decode()
    assert not Contact.objects.filter(external_id__in=["ADM-1", "ADM-2"]).exists()

    response = client.post("/admin/directory/import/confirm/", {"token": response.context["token"]}, follow=True)
    assert response.status_code == 200
    assert Contact.objects.filter(external_id__in=["ADM-1", "ADM-2"]).count() == 2
    assert "2 created" in response.content.decode()
    # The stored file is gone: confirming twice does not import twice.
    client.post("/admin/directory/import/confirm/", {"token": "again"})
    assert Contact.objects.filter(external_id__in=["ADM-1", "ADM-2"]).count() == 2


def test_admin_import_preview_lists_problems_and_offers_no_confirmation(client, editor):
    client.force_login(editor("lt"))

    response = upload(client, csv_file(row(), row(country="LV", phone=LV_PHONE, email="lv@example.org")))

    page = response.content.decode()
    assert "not one of your countries" in page
    assert response.context["token"] == ""
    assert "directory/import/confirm/" not in page


def test_admin_import_is_refused_without_the_permission_to_add_contacts(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("reader", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    assert "Import contacts" not in client.get("/admin/").content.decode()
    # Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard and a message.
    assert client.get("/admin/directory/import/")["Location"] == "/admin/"
    assert upload(client, csv_file(row()))["Location"] == "/admin/"
    assert not Contact.objects.filter(email="duty.prosecutor@example.org").exists()


def test_applying_costs_the_same_queries_for_few_and_many_rows(admin_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def apply_queries(prefix: str, count: int) -> int:
        existing = [ContactFactory(external_id=f"{prefix}-OLD-{index}", phones=2, sops=[1]) for index in range(count)]
        rows = [row(external_id=f"{prefix}-NEW-{index}", email=f"{prefix}-{index}@example.org",
                    organisation=f"{prefix} organisation {index}") for index in range(count)]
        rows += [row(external_id=contact.external_id, email=contact.email, sops="2;3", phone_2=fictional_number("LT", 30))
                 for contact in existing]
        report = preview(csv_file(*rows), admin_user)
        assert report.counts == {"create": count, "update": count, "unchanged": 0, "rejected": 0}
        with CaptureQueriesContext(connection) as captured:
            contact_import_apply(report=report, user=admin_user)
        return len(captured)

    # Ten times the rows: a query or two more where a bulk insert is split into batches by the
    # database's parameter limit (SQLite), never one more per row.
    assert apply_queries("MANY", 30) <= apply_queries("FEW", 3) + 3


def test_imported_contacts_are_searchable_and_referenced_once_the_import_commits(
    admin_user, django_capture_on_commit_callbacks
):
    from wagtail.models import ReferenceIndex
    from wagtail.search.backends import get_search_backend

    report = preview(csv_file(row(external_id="IDX-1", position_title="Quokkafinder liaison desk")), admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        contact_import_apply(report=report, user=admin_user)

    contact = Contact.objects.get(external_id="IDX-1")
    assert list(get_search_backend().search("Quokkafinder", Contact)) == [contact]
    assert ReferenceIndex.get_references_for_object(contact).filter(to_object_id=str(contact.organisation_id)).exists()
