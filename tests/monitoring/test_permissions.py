"""Who may change which implementation status: the permission matrix of the admin, extended to monitoring.

Each case makes its request as a user would (by direct URL), then checks both the answer and what
the database holds afterwards, so a case fails if a refused change slipped through or an
allowed one was not saved. Answers follow Wagtail's admin, as in tests/directory/test_permissions.py.
"""
import datetime

import pytest
from django.contrib.auth.models import Group
from wagtail.models import ModelLogEntry

from directory.permissions import PRACTITIONERS_GROUP
from monitoring.models import ImplementationStatus, Level
from tests.directory.test_permissions import NO_ADMIN_ACCESS, NOT_YOURS, assert_sent_to_login, messages_of
from tests.directory.test_permissions import form_data as unchanged_form
from tests.factories import UserFactory, country
from tests.monitoring.conftest import measures_of, status_of, tenant

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "practitioner", "editor-lt", "editor-lv", "admin"]
OBJECTS = ["status-lt", "status-lv"]
ACTIONS = ["list", "edit-form", "edit-save", "history", "delete"]
CASES = [(role, obj, action) for role in ROLES for obj in OBJECTS for action in ACTIONS]
BASE = "/admin/snippets/monitoring/implementationstatus/"
MARKER = "Saved by the monitoring matrix"


@pytest.fixture
def world(admin_user, editor):
    practitioner = UserFactory()
    practitioner.groups.add(Group.objects.get_or_create(name=PRACTITIONERS_GROUP)[0])
    users = {"anonymous": None, "practitioner": practitioner, "editor-lt": editor("lt"), "editor-lv": editor("lv"),
             "admin": admin_user}
    measure = measures_of("bsr", 2)[0]
    objects = {"status-lt": status_of("bsr", "LT", measure), "status-lv": status_of("bsr", "LV", measure)}
    for name, status in objects.items():  # a text of its own, so the listing can be searched for it
        ImplementationStatus.objects.filter(pk=status.pk).update(notes_en=f"Matrix {name}")
        status.refresh_from_db()
    return users, objects


def form_data(client, url: str) -> dict:
    """The unchanged edit form, with the time of the revision it was opened from (Wagtail compares it to the latest)."""
    data = unchanged_form(client, url)
    data["loaded_revision_created_at"] = client.get(url).context["loaded_revision_created_at"]
    return data


def is_allowed(role: str, obj_name: str) -> bool:
    return role == "admin" or role == f"editor-{obj_name.rsplit('-', 1)[1]}"


def state(status: ImplementationStatus) -> dict:
    fresh = ImplementationStatus.objects.filter(pk=status.pk).first()
    if fresh is None:
        return {"exists": False}
    return {"exists": True, "notes_en": fresh.notes_en, "level": fresh.level, "revisions": fresh.revisions.count(),
            "reviewed_on": fresh.reviewed_on, "history": fresh.changes.count()}


@pytest.mark.parametrize(("role", "obj_name", "action"), CASES, ids=["-".join(case) for case in CASES])
def test_monitoring_permission_matrix(client, admin_client, world, role, obj_name, action):
    users, objects = world
    status, user = objects[obj_name], users[role]
    allowed = is_allowed(role, obj_name)
    edit_url = f"{BASE}edit/{status.pk}/"
    url = {"list": f"{BASE}?q=Matrix+{obj_name}", "edit-form": edit_url, "edit-save": edit_url, "history": f"{BASE}history/{status.pk}/",
           "delete": f"{BASE}delete/{status.pk}/"}[action]
    data = None
    new_level = Level.APPLIED if status.level == Level.BINDING else Level.BINDING  # a change of level, whatever the demo set
    if action == "edit-save":
        data = form_data(admin_client, edit_url)
        data["notes_en"] = MARKER
        data["level"] = str(new_level)
    elif action == "delete":
        data = {}
    before = state(status)

    if user is not None:
        client.force_login(user)
    response = client.get(url) if data is None else client.post(url, data)
    after = state(status)

    if role == "anonymous":
        assert_sent_to_login(response, url)
    elif role == "practitioner":
        assert_sent_to_login(response, url)
        assert messages_of(response) == [NO_ADMIN_ACCESS]
    elif not allowed and action == "list":
        assert response.status_code == 200
        assert edit_url not in response.content.decode()
    elif not allowed:
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
        assert messages_of(response) == [NOT_YOURS]
    elif action in ("list", "edit-form", "history"):
        assert response.status_code == 200
        assert edit_url in response.content.decode()
    else:
        assert response.status_code == 302, messages_of(response)
        assert response["Location"] == BASE

    if allowed and action == "edit-save":
        assert after["notes_en"] == MARKER
        assert after["level"] == new_level
        assert after["revisions"] == before["revisions"] + 1  # every save is a revision
        assert after["reviewed_on"] == datetime.date.today()  # saving it is reviewing it
        assert after["history"] == before["history"] + 1  # the new level is a point in the history
    elif allowed and action == "delete":
        assert after == {"exists": False}
    else:
        assert after == before


def test_an_editor_is_offered_and_accepted_only_for_their_own_country(client, editor):
    client.force_login(editor("lt"))
    response = client.get(f"{BASE}add/")
    choices = {str(choice[0].value) for choice in response.context["form"].fields["country"].choices if choice[0]}
    assert choices == {str(country("LT").pk)}
    measure = measures_of("bsr", 5)[0]
    ImplementationStatus.objects.filter(tenant=tenant("bsr"), measure=measure, country__in=[country("LT"), country("LV")]).delete()
    forged = {"tenant": tenant("bsr").pk, "country": country("LV").pk, "measure": measure.pk, "level": Level.APPLIED,
              "level_since": "2024-01-01"}
    response = client.post(f"{BASE}add/", forged)
    assert response.status_code == 200
    assert "country" in response.context["form"].errors
    assert not ImplementationStatus.objects.filter(tenant=tenant("bsr"), country=country("LV"), measure=measure).exists()


def test_a_save_is_in_the_audit_log_with_its_editor(client, editor, world):
    _users, objects = world
    status = objects["status-lt"]
    client.force_login(editor("lt"))
    data = form_data(client, f"{BASE}edit/{status.pk}/")
    data["level"] = str(Level.NON_BINDING)
    assert client.post(f"{BASE}edit/{status.pk}/", data).status_code == 302
    entry = ModelLogEntry.objects.filter(object_id=str(status.pk), content_type__model="implementationstatus").latest("pk")
    assert entry.action == "wagtail.edit"
    assert entry.user == editor("lt")
