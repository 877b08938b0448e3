"""Editing is verifying when the editor says so: "Save and mark as verified" beside save, and as a bulk action.

Recorded like "confirm unchanged": today's date, the editor, an audit entry. A plain save keeps
the old verification date.
"""
import datetime

import pytest
from bs4 import BeautifulSoup
from wagtail.models import ModelLogEntry

from directory.models import Contact
from directory.services import VERIFY_ACTION
from tests.directory.test_admin import EDIT, edit_data
from tests.factories import ContactFactory, country

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2020, 1, 1)
BULK = "/admin/bulk/directory/contact/mark-verified/"


def verify_entries(contact) -> int:
    return ModelLogEntry.objects.filter(object_id=str(contact.pk), action=VERIFY_ACTION).count()


@pytest.fixture
def due_contact(admin_user):
    contact = ContactFactory(country=country("LT"), position_title="Due test desk", position_title_en="Due test desk",
                             last_verified_on=LONG_AGO)
    contact.save_revision(user=admin_user)
    return contact


def test_the_edit_page_offers_save_and_mark_as_verified_beside_save(client, editor, due_contact):
    client.force_login(editor("lt"))
    page = BeautifulSoup(client.get(EDIT.format(pk=due_contact.pk)).content.decode(), "html.parser")
    button = page.select_one("button[type=submit][name='action-verify']")
    assert button is not None
    assert " ".join(button.get_text().split()) == "Save and mark as verified"
    assert button.find_parent("form") is page.select_one("button.action-save").find_parent("form")


def test_save_and_mark_as_verified_saves_the_change_and_records_date_user_and_audit_entry(client, editor, due_contact):
    client.force_login(editor("lt"))
    data = edit_data(client, due_contact, availability_en="Mon-Fri 9:00-17:00", **{"action-verify": "Save and mark as verified"})
    response = client.post(EDIT.format(pk=due_contact.pk), data, follow=True)
    assert response.status_code == 200
    contact = Contact.objects.get(pk=due_contact.pk)
    assert contact.availability_en == "Mon-Fri 9:00-17:00"
    assert contact.last_verified_on == datetime.date.today()
    assert contact.last_verified_by.username == "editor-lt"
    assert verify_entries(contact) == 1
    assert any("marked as verified" in str(message) for message in response.context["messages"])
    # Off the editor's due list.
    assert f'value="{contact.pk}"' not in client.get("/admin/").content.decode()


def test_a_plain_save_keeps_the_old_verification_date(client, editor, due_contact):
    client.force_login(editor("lt"))
    response = client.post(EDIT.format(pk=due_contact.pk), edit_data(client, due_contact, availability_en="Mon-Fri"))
    assert response.status_code == 302
    contact = Contact.objects.get(pk=due_contact.pk)
    assert contact.availability_en == "Mon-Fri"
    assert contact.last_verified_on == LONG_AGO
    assert verify_entries(contact) == 0
    assert f'value="{contact.pk}"' in client.get("/admin/").content.decode()


def test_save_and_mark_as_verified_with_an_invalid_form_saves_and_verifies_nothing(client, editor, due_contact):
    client.force_login(editor("lt"))
    data = edit_data(client, due_contact, **{"phones-0-number": "12345", "action-verify": "Save and mark as verified"})
    response = client.post(EDIT.format(pk=due_contact.pk), data)
    assert response.status_code == 200
    contact = Contact.objects.get(pk=due_contact.pk)
    assert contact.last_verified_on == LONG_AGO
    assert verify_entries(contact) == 0


def test_the_listing_offers_the_bulk_action(client, editor, due_contact):
    client.force_login(editor("lt"))
    html = client.get("/admin/snippets/directory/contact/").content.decode()
    assert "/admin/bulk/directory/contact/mark-verified/" in html
    assert "Mark as verified" in html


def test_bulk_mark_as_verified_records_each_contact_and_leaves_other_countries_alone(client, editor, due_contact):
    other_lt = ContactFactory(country=country("LT"), last_verified_on=LONG_AGO)
    latvian = ContactFactory(country=country("LV"), last_verified_on=LONG_AGO)
    client.force_login(editor("lt"))
    url = f"{BULK}?id={due_contact.pk}&id={other_lt.pk}&id={latvian.pk}&next=/admin/"

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Due test desk" in confirm.content.decode()
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert any("2 contacts marked as verified" in str(message) for message in response.context["messages"])
    for contact in (due_contact, other_lt):
        contact.refresh_from_db()
        assert (contact.last_verified_on, contact.last_verified_by.username) == (datetime.date.today(), "editor-lt")
        assert verify_entries(contact) == 1
    latvian.refresh_from_db()
    assert (latvian.last_verified_on, verify_entries(latvian)) == (LONG_AGO, 0)
