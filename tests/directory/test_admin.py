"""Editors in the admin: phones checked for the country, concurrent edits refused, review confirmed in one click."""
import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from directory.models import Contact, ReviewReminder
from directory.services import VERIFY_ACTION
from tests.factories import ContactFactory, country

pytestmark = pytest.mark.django_db

EDIT = "/admin/snippets/directory/contact/edit/{pk}/"


def edit_data(client, contact, **changes):
    """The edit form's current data, as the browser would post it, with `changes` applied."""
    response = client.get(EDIT.format(pk=contact.pk))
    assert response.status_code == 200
    form = response.context["form"]
    data = {}
    for bound in form:
        value = bound.value()
        if value in (None, ""):
            continue
        data[bound.html_name] = [str(v) for v in value] if isinstance(value, (list, tuple)) else value
    phones = form.formsets["phones"]
    data.update({f"phones-{key}": value for key, value in phones.management_form.initial.items()})
    for child in phones.forms:
        for bound in child:
            value = bound.value()
            if value not in (None, "", False):
                data[bound.html_name] = "on" if value is True else str(value)
    data["loaded_revision_id"] = response.context.get("loaded_revision_id") or ""
    data["loaded_revision_created_at"] = response.context.get("loaded_revision_created_at") or ""
    data.update(changes)
    return data


@pytest.fixture
def lt_contact(admin_user):
    contact = ContactFactory(country=country("LT"), position_title="Admin test desk", position_title_en="Admin test desk")
    contact.save_revision(user=admin_user)
    return contact


def test_invalid_phone_for_the_country_is_a_form_error_naming_the_field_then_the_fix_reaches_the_public_page(client, editor, lt_contact, get):
    client.force_login(editor("lt"))
    response = client.post(EDIT.format(pk=lt_contact.pk), edit_data(client, lt_contact, **{"phones-0-number": "12345"}))
    assert response.status_code == 200  # the form again, with the error
    phone_errors = response.context["form"].formsets["phones"].forms[0].errors["number"]
    assert "Not a valid phone number for Lithuania" in phone_errors[0]
    assert Contact.objects.get(pk=lt_contact.pk).phones.first().number.as_e164 != "12345"

    # Entered as dialled in Lithuania (national format), read as a Lithuanian number.
    response = client.post(EDIT.format(pk=lt_contact.pk), edit_data(client, lt_contact, **{"phones-0-number": "8 5 212 3456"}))
    assert response.status_code == 302
    assert Contact.objects.get(pk=lt_contact.pk).phones.first().number.as_e164 == "+37052123456"
    html = get("bsr", f"/en/directory/{lt_contact.pk}/").content.decode()
    assert 'href="tel:+37052123456"' in html and "+370 5 212 3456" in html


def test_a_contact_needs_a_phone_or_an_email(client, editor, lt_contact):
    client.force_login(editor("lt"))
    data = edit_data(client, lt_contact, email="", **{"phones-0-DELETE": "on"})
    response = client.post(EDIT.format(pk=lt_contact.pk), data)
    assert response.status_code == 200
    assert "at least one phone number or e-mail" in str(response.context["form"].errors["email"])


def test_second_save_from_the_same_starting_version_is_refused_and_the_first_kept(client, editor, lt_contact):
    client.force_login(editor("lt"))
    first = edit_data(client, lt_contact, availability_en="First editor's hours")
    second = edit_data(client, lt_contact, availability_en="Second editor's hours")  # loaded before the first save
    assert client.post(EDIT.format(pk=lt_contact.pk), first).status_code == 302
    response = client.post(EDIT.format(pk=lt_contact.pk), second)
    assert response.status_code == 200  # the form again, as the second editor filled it
    messages = [str(message) for message in response.context["messages"]]
    assert any("was changed by editor-lt" in message and "not saved" in message for message in messages)
    assert response.context["form"]["availability_en"].value() == "Second editor's hours"
    assert Contact.objects.get(pk=lt_contact.pk).availability_en == "First editor's hours"


def test_every_save_is_a_revision_with_an_audit_entry(client, editor, lt_contact):
    client.force_login(editor("lt"))
    client.post(EDIT.format(pk=lt_contact.pk), edit_data(client, lt_contact, availability_en="Mon-Fri"))
    assert lt_contact.revisions.count() == 2
    entry = ModelLogEntry.objects.filter(object_id=str(lt_contact.pk), action="wagtail.edit").latest("timestamp")
    assert entry.user.username == "editor-lt"


def test_dashboard_lists_due_contacts_of_the_editors_countries_only(client, editor):
    overdue_lt = ContactFactory(country=country("LT"), position_title="Overdue LT desk", position_title_en="Overdue LT desk",
                                last_verified_on=datetime.date(2020, 1, 1))
    overdue_lv = ContactFactory(country=country("LV"), position_title="Overdue LV desk", position_title_en="Overdue LV desk",
                                last_verified_on=datetime.date(2020, 1, 1))
    client.force_login(editor("lt"))
    html = client.get("/admin/").content.decode()
    assert "due for review" in html
    assert f'value="{overdue_lt.pk}"' in html
    assert f'value="{overdue_lv.pk}"' not in html


def test_confirm_unchanged_records_date_user_and_audit_entry(client, editor):
    contact = ContactFactory(country=country("LT"), last_verified_on=datetime.date(2020, 1, 1))
    client.force_login(editor("lt"))
    response = client.post("/admin/directory/confirm/", {"contact": [contact.pk], "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    contact.refresh_from_db()
    assert contact.last_verified_on == datetime.date.today()
    assert contact.last_verified_by.username == "editor-lt"
    assert ModelLogEntry.objects.filter(object_id=str(contact.pk), action=VERIFY_ACTION).exists()


def test_bulk_confirm_of_a_contact_of_another_country_is_refused_and_changes_nothing(client, editor):
    mine = ContactFactory(country=country("LT"), last_verified_on=datetime.date(2020, 1, 1))
    theirs = ContactFactory(country=country("LV"), last_verified_on=datetime.date(2020, 1, 1))
    client.force_login(editor("lt"))
    response = client.post("/admin/directory/confirm/", {"contact": [mine.pk, theirs.pk]}, follow=True)
    # Wagtail answers a refused admin action with its permission-denied message on the dashboard.
    assert "do not have permission" in response.content.decode()
    mine.refresh_from_db()
    assert mine.last_verified_on == datetime.date(2020, 1, 1)


def test_review_interval_is_the_shortest_among_the_tenants_listing_the_country():
    from directory.selectors import is_due_for_review
    from portal.models import PortalSettings

    today = datetime.date(2026, 11, 23)
    contact = ContactFactory(country=country("PL"), last_verified_on=datetime.date(2026, 3, 1))
    assert not is_due_for_review(contact, today=today)  # 12 months everywhere
    PortalSettings.objects.filter(site__hostname="tact.localhost").update(review_interval_months=6)
    assert is_due_for_review(contact, today=today)  # TACT lists Poland and reviews every 6 months


def test_reminders_are_sent_once_a_day(editor):
    ContactFactory(country=country("LT"), last_verified_on=datetime.date(2020, 1, 1))
    mail.outbox.clear()
    call_command("send_review_reminders", stdout=open("/dev/null", "w"))
    to_lt = [message for message in mail.outbox if message.to == [editor("lt").email]]
    assert len(to_lt) == 1
    assert "/admin/snippets/directory/contact/edit/" in to_lt[0].body
    sent = len(mail.outbox)
    call_command("send_review_reminders", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == sent
    assert ReviewReminder.objects.filter(user=editor("lt")).count() == 1


def test_editor_of_another_country_cannot_compare_revisions_by_direct_url(client, editor, lt_contact):
    client.force_login(editor("lv"))
    revision = lt_contact.latest_revision.pk
    response = client.get(f"/admin/snippets/directory/contact/history/{lt_contact.pk}/revisions/compare/earliest...{revision}/")
    # Wagtail's admin answers a refusal with the dashboard and its "no permission" message, not a 403 page.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert "Admin test desk" not in response.content.decode()


def test_a_country_joining_a_tenant_gets_its_editors_group_at_once():
    from portal.models import PortalSettings

    chile = country("CL")
    assert chile.editors is None
    PortalSettings.objects.get(site__hostname="tact.localhost").member_countries.add(chile)
    chile.refresh_from_db()
    assert chile.editors.name == "Editors · Chile (CL)"
    assert chile.editors.permissions.filter(codename="change_contact").exists()


def test_revisions_can_be_compared_and_reverted(client, admin_user, lt_contact):
    client.force_login(admin_user)
    first = lt_contact.latest_revision
    client.post(EDIT.format(pk=lt_contact.pk), edit_data(client, lt_contact, availability_en="Changed hours"))
    lt_contact.refresh_from_db()
    second = lt_contact.latest_revision
    assert second.pk != first.pk
    compare = client.get(f"/admin/snippets/directory/contact/history/{lt_contact.pk}/revisions/compare/{first.pk}...{second.pk}/")
    assert compare.status_code == 200 and "Changed hours" in compare.content.decode()
    revert = client.get(f"/admin/snippets/directory/contact/history/{lt_contact.pk}/revisions/{first.pk}/revert/")
    assert revert.status_code == 200
    assert revert.context["form"]["availability_en"].value() != "Changed hours"


@pytest.mark.parametrize("typed", ["12345", "+370 (5) 21x 34", "00370 52 12 345 678 901"])
def test_an_invalid_phone_is_shown_back_exactly_as_typed_beside_its_error(client, editor, lt_contact, typed):
    client.force_login(editor("lt"))
    response = client.post(EDIT.format(pk=lt_contact.pk), edit_data(client, lt_contact, **{"phones-0-number": typed}))
    assert response.status_code == 200
    field = response.context["form"].formsets["phones"].forms[0]["number"]
    assert "Not a valid phone number for Lithuania" in field.errors[0]
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("input", attrs={"name": "phones-0-number"})["value"] == typed
