"""Two editors saving the same object at the same moment: one save wins, the other is refused and keeps its input.

Real simultaneous requests, on whichever database DATABASE_URL names: a live server whose
threads each have their own database connection, two logged-in sessions that both open the
edit form from the same version, and both posts released together by a barrier.
"""
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

import pytest
import requests
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.test import Client

from directory.models import Contact, Organisation
from guidelines.models import MeasurePage, NationalNote
from tests.factories import country

ROUNDS = 8
EDIT = "/admin/snippets/{app}/{model}/edit/{pk}/"


class EditFormParser(HTMLParser):
    """The fields of Wagtail's edit form (#w-editor-form) with the values a browser would submit."""

    def __init__(self):
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._in_form = False
        self._select: tuple[str, bool] | None = None  # (name, multiple)
        self._select_options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "w-editor-form":
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "__prefix__" not in name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name and "__prefix__" not in name:
            self._select = (name, "multiple" in attrs)
            self._select_options = []
        elif tag == "option" and self._select:
            self._select_options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name and "__prefix__" not in name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:
            self._in_form = False
        elif tag == "select" and self._select:
            name, multiple = self._select
            chosen = [value for value, selected in self._select_options if selected]
            if not chosen and not multiple and self._select_options:
                chosen = [self._select_options[0][0]]  # a browser submits the first option
            self.data.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea:
            # A browser drops the one newline that may follow <textarea>.
            self.data.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


class Editor:
    """One logged-in admin session over real HTTP."""

    def __init__(self, base_url: str, user):
        self.base_url = base_url
        self.username = user.get_username()
        client = Client()
        client.force_login(user)
        self.http = requests.Session()
        self.http.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)

    def open_form(self, path: str) -> list[tuple[str, str]]:
        """GET the edit page: the form's fields as the browser would post them (CSRF token included)."""
        response = self.http.get(self.base_url + path, timeout=60)
        assert response.status_code == 200, response.text[:500]
        parser = EditFormParser()
        parser.feed(response.text)
        assert any(name == "csrfmiddlewaretoken" for name, _ in parser.data)
        return parser.data

    def post(self, path: str, data: list[tuple[str, str]]) -> requests.Response:
        return self.http.post(self.base_url + path, data=data, allow_redirects=False, timeout=60)


def with_value(data: list[tuple[str, str]], field: str, value: str) -> list[tuple[str, str]]:
    assert any(name == field for name, _ in data), f"{field} is not in the edit form"
    return [(name, value if name == field else old) for name, old in data]


def post_together(editors_and_data: list[tuple[Editor, list]], path: str) -> dict[str, requests.Response]:
    """Both posts released at the same moment; each editor's response by username."""
    barrier = threading.Barrier(len(editors_and_data))

    def send(editor: Editor, data) -> requests.Response:
        barrier.wait(timeout=30)
        return editor.post(path, data)

    with ThreadPoolExecutor(max_workers=len(editors_and_data)) as pool:
        futures = {editor.username: pool.submit(send, editor, data) for editor, data in editors_and_data}
        # result() raises here whatever failed in a thread.
        return {username: future.result(timeout=120) for username, future in futures.items()}


def race(path: str, field: str, first: tuple[Editor, str], second: tuple[Editor, str]):
    """Both editors open the form from the same version, then save their value at the same moment.

    Returns (winner, loser) after checking that exactly one save went through and the other was refused.
    """
    forms = [(editor, with_value(editor.open_form(path), field, value)) for editor, value in (first, second)]
    responses = post_together(forms, path)
    statuses = {username: response.status_code for username, response in responses.items()}
    assert sorted(statuses.values()) == [200, 302], statuses
    winner = next(editor for editor, _ in (first, second) if statuses[editor.username] == 302)
    loser, loser_value = next(pair for pair in (first, second) if statuses[pair[0].username] == 200)
    refused = responses[loser.username].text
    # The refused editor is told who changed it, and gets the form back as they filled it.
    assert f"was changed by {winner.username}" in refused
    assert "Your changes were not saved" in refused
    assert loser_value in refused
    return winner, loser


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker) -> str:
    """The demo tenants as loaded for the session, to restore after a live-server test empties the database."""
    with django_db_blocker.unblock():
        assert get_user_model().objects.filter(username="admin").exists(), (
            "the demo tenants are gone: a test with transaction=True emptied the database before this one"
        )
        objects = json.loads(connection.creation.serialize_db_to_string())
    # Content types first: restoring other objects looks content types up, and would create
    # them under new ids if they were not there yet.
    first = ("contenttypes.contenttype", "auth.permission")
    objects.sort(key=lambda obj: first.index(obj["model"]) if obj["model"] in first else len(first))
    return json.dumps(objects)


@pytest.fixture
def demo(demo_snapshot, live_server):
    """Demo data in the database the live server reads (each live-server test ends by emptying it)."""
    if not get_user_model().objects.filter(username="admin").exists():
        # The emptying recreated content types and permissions, under other ids than the snapshot's.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        ContentType.objects.clear_cache()
        connection.creation.deserialize_db_from_string(demo_snapshot)
        # Restored rows keep their ids; new ones must come after them (PostgreSQL's sequences were reset).
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)
    return live_server.url


@pytest.fixture
def editor_and_admin(demo, editor, admin_user):
    return Editor(demo, editor("lt")), Editor(demo, admin_user)


def test_simultaneous_saves_of_a_contact_keep_one_edit_and_refuse_the_other_with_its_input(editor_and_admin):
    editor_lt, admin = editor_and_admin
    contact = Contact.objects.filter(country=country("LT"), latest_revision__isnull=False).order_by("pk").first()
    path = EDIT.format(app="directory", model="contact", pk=contact.pk)
    for number in range(1, ROUNDS + 1):
        revisions_before = contact.revisions.count()
        winner, _ = race(
            path,
            "availability_en",
            (editor_lt, f"Hours set by editor-lt in round {number}"),
            (admin, f"Hours set by admin in round {number}"),
        )
        contact.refresh_from_db()
        expected = f"Hours set by {winner.username} in round {number}"
        assert contact.availability_en == expected
        assert contact.revisions.count() == revisions_before + 1
        assert contact.latest_revision.user.get_username() == winner.username
        assert contact.latest_revision.content["availability_en"] == expected


def test_simultaneous_saves_of_an_organisation_keep_one_edit(editor_and_admin):
    editor_lt, admin = editor_and_admin
    organisation = Organisation.objects.filter(country=country("LT")).order_by("pk").first()
    path = EDIT.format(app="directory", model="organisation", pk=organisation.pk)
    winner, _ = race(path, "address", (editor_lt, "Gedimino pr. 1 (editor-lt)"), (admin, "Gedimino pr. 1 (admin)"))
    organisation.refresh_from_db()
    assert organisation.address == f"Gedimino pr. 1 ({winner.username})"
    assert organisation.latest_revision.user.get_username() == winner.username


def test_simultaneous_first_saves_of_a_national_note_without_revision_keep_one_edit(editor_and_admin):
    editor_lt, admin = editor_and_admin
    # A note never saved in the admin has no revision: the form then carries no version of its own.
    note = NationalNote.objects.create(
        country=country("LT"), measure=MeasurePage.objects.first(), text="Lithuanian practice", text_en="Lithuanian practice"
    )
    assert note.latest_revision is None
    path = EDIT.format(app="guidelines", model="nationalnote", pk=note.pk)
    winner, _ = race(path, "text_en", (editor_lt, "Practice noted by editor-lt"), (admin, "Practice noted by admin"))
    note.refresh_from_db()
    assert note.text_en == f"Practice noted by {winner.username}"
    assert note.revisions.count() == 1
    assert note.latest_revision.user.get_username() == winner.username
