"""The permission matrix: every role × every object × every action the admin offers on it, by direct URL.

Each case makes its request, then checks the answer the user gets and what the database holds
afterwards. The Wagtail admin answers a refusal with a redirect, not a 403 or 404 page: to the
login form for anyone without admin access (wagtail.admin.auth.require_admin_access), and to the
dashboard with "Sorry, you do not have permission to access this area." for an editor who asks
for another country's object (the PermissionDenied of directory.viewsets and of Wagtail's page
views, turned into wagtail.admin.auth.permission_denied). A listing does not refuse: it leaves
other countries' objects out.
"""
import datetime
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages

from directory.permissions import PRACTITIONERS_GROUP
from portal.models import CountryProfilePage
from tests.factories import ContactFactory, OrganisationFactory, UserFactory, country

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "practitioner", "editor-lt", "editor-lv", "admin"]
OBJECTS = ["contact-lt", "contact-lv", "organisation-lt", "organisation-lv", "profile-lt", "profile-lv"]
# The actions the admin offers on each kind of object: only contacts are confirmed unchanged
# (organisations and profiles have no such action, so there is no request to refuse).
ACTIONS = {
    "contact": ["list", "edit-form", "edit-save", "history", "confirm"],
    "organisation": ["list", "edit-form", "edit-save", "history"],
    "profile": ["list", "edit-form", "edit-save", "history"],
}
CASES = [(role, obj, action) for role in ROLES for obj in OBJECTS for action in ACTIONS[obj.split("-")[0]]]

MARKER = "Saved by matrix"
CONFIRM_URL = "/admin/directory/confirm/"
CONFIRM_NEXT = "/admin/snippets/directory/contact/"
NO_ADMIN_ACCESS = "You do not have permission to access the admin."
NOT_YOURS = "Sorry, you do not have permission to access this area."


def is_allowed(role: str, obj_name: str) -> bool:
    """Administrators do everything; a country's editors everything on their country's objects; nobody else anything."""
    return role == "admin" or role == f"editor-{obj_name.rsplit('-', 1)[1]}"


@pytest.fixture
def world(admin_user, editor):
    practitioner = UserFactory()
    practitioner.groups.add(Group.objects.get_or_create(name=PRACTITIONERS_GROUP)[0])
    users = {
        "anonymous": None,
        "practitioner": practitioner,
        "editor-lt": editor("lt"),
        "editor-lv": editor("lv"),
        "admin": admin_user,
    }
    objects = {
        "contact-lt": ContactFactory(country=country("LT"), position_title="Matrix LT desk", position_title_en="Matrix LT desk"),
        "contact-lv": ContactFactory(country=country("LV"), position_title="Matrix LV desk", position_title_en="Matrix LV desk"),
        "organisation-lt": OrganisationFactory(country=country("LT"), name="Matrix LT office", name_en="Matrix LT office"),
        "organisation-lv": OrganisationFactory(country=country("LV"), name="Matrix LV office", name_en="Matrix LV office"),
        "profile-lt": CountryProfilePage.objects.get(url_path="/bsr/countries/lt/"),
        "profile-lv": CountryProfilePage.objects.get(url_path="/bsr/countries/lv/"),
    }
    return users, objects


def kind_of(name: str) -> str:
    return name.split("-")[0]


def edit_url(name: str, obj) -> str:
    if kind_of(name) == "profile":
        return f"/admin/pages/{obj.pk}/edit/"
    return f"/admin/snippets/directory/{kind_of(name)}/edit/{obj.pk}/"


def list_url(name: str, obj) -> str:
    """The listing that would show the object: the snippet listing, or the page search, searched for its name."""
    if kind_of(name) == "contact":
        return "/admin/snippets/directory/contact/?" + urlencode({"q": obj.position_title})
    if kind_of(name) == "organisation":
        return "/admin/snippets/directory/organisation/?" + urlencode({"q": obj.name})
    return "/admin/pages/search/?" + urlencode({"q": obj.title})


def history_url(name: str, obj) -> str:
    if kind_of(name) == "profile":
        return f"/admin/pages/{obj.pk}/history/"
    return f"/admin/snippets/directory/{kind_of(name)}/history/{obj.pk}/"


def listing_after_save(name: str, obj) -> str:
    if kind_of(name) == "profile":
        return f"/admin/pages/{obj.get_parent().pk}/"
    return f"/admin/snippets/directory/{kind_of(name)}/"


def state(name: str, obj) -> dict:
    """What the database holds about the object, read afresh."""
    fresh = type(obj).objects.get(pk=obj.pk)
    if kind_of(name) == "contact":
        return {"availability_en": fresh.availability_en, "last_verified_on": fresh.last_verified_on,
                "last_verified_by": fresh.last_verified_by_id, "revisions": fresh.revisions.count()}
    if kind_of(name) == "organisation":
        return {"address": fresh.address, "revisions": fresh.revisions.count()}
    return {"summary_en": fresh.summary_en, "live_revision": fresh.live_revision_id, "revisions": fresh.revisions.count()}


def form_data(client, url: str) -> dict:
    """The POST of the complete edit form, as the browser would send it unchanged."""
    response = client.get(url)
    assert response.status_code == 200, url
    form = response.context["form"]
    data = {}
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        if hasattr(bound.field.widget, "converter"):  # Draftail posts its own JSON format
            data[bound.html_name] = bound.field.widget.format_value(value)
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = value
    for formset in getattr(form, "formsets", {}).values():
        data.update({f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()})
        for child in formset.forms:
            for bound in child:
                value = bound.value()
                if value is None or value == "":
                    continue
                if hasattr(bound.field.widget, "converter"):
                    data[bound.html_name] = bound.field.widget.format_value(value)
                elif isinstance(value, bool):
                    if value:
                        data[bound.html_name] = "on"
                else:
                    data[bound.html_name] = str(value)
    if "loaded_revision_id" in response.context:
        data["loaded_revision_id"] = response.context["loaded_revision_id"]
    return data


def save_data(admin_client, name: str, obj) -> dict:
    """A valid save that writes MARKER, built from the administrator's form so a refusal cannot come from a missing field."""
    data = form_data(admin_client, edit_url(name, obj))
    data[{"contact": "availability_en", "organisation": "address", "profile": "summary_en"}[kind_of(name)]] = MARKER
    if kind_of(name) == "profile":
        data["action-publish"] = "publish"
    return data


def messages_of(response) -> list[str]:
    """The messages the next page shows (Wagtail's admin messages end in blank lines: compared without them)."""
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def assert_sent_to_login(response, url: str) -> None:
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/admin/login/"
    assert parse_qs(location.query) == {"next": [url]}


@pytest.mark.parametrize(("role", "obj_name", "action"), CASES, ids=["-".join(case) for case in CASES])
def test_permission_matrix(client, admin_client, world, role, obj_name, action):
    users, objects = world
    obj = objects[obj_name]
    user = users[role]
    allowed = is_allowed(role, obj_name)

    if action == "list":
        url = list_url(obj_name, obj)
    elif action == "history":
        url = history_url(obj_name, obj)
    elif action == "confirm":
        url = CONFIRM_URL
    else:
        url = edit_url(obj_name, obj)
    data = save_data(admin_client, obj_name, obj) if action == "edit-save" else None
    if action == "confirm":
        type(obj).objects.filter(pk=obj.pk).update(last_verified_on=None, last_verified_by=None)
        data = {"contact": obj.pk, "next": CONFIRM_NEXT}
    before = state(obj_name, obj)

    if user is not None:
        client.force_login(user)
    response = client.get(url) if data is None else client.post(url, data)
    after = state(obj_name, obj)

    if role == "anonymous":
        assert_sent_to_login(response, url)
        assert messages_of(response) == []
    elif role == "practitioner":
        assert_sent_to_login(response, url)
        assert messages_of(response) == [NO_ADMIN_ACCESS]
    elif not allowed and action == "list":
        # The listing answers, without the other country's object.
        assert response.status_code == 200
        assert edit_url(obj_name, obj) not in response.content.decode()
    elif not allowed:
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
        assert messages_of(response) == [NOT_YOURS]
    elif action == "list":
        assert response.status_code == 200
        assert edit_url(obj_name, obj) in response.content.decode()  # a row links to the object's edit view
    elif action in ("edit-form", "history"):
        assert response.status_code == 200
        assert edit_url(obj_name, obj) in response.content.decode()
    elif action == "edit-save":
        # Back to the listing (a snippet) or to the explorer of the page's parent (a published page).
        assert response.status_code == 302, messages_of(response)
        assert response["Location"] == listing_after_save(obj_name, obj)
    elif action == "confirm":
        assert response.status_code == 302
        assert response["Location"] == CONFIRM_NEXT
        assert messages_of(response) == ["1 contact confirmed unchanged."]

    if allowed and action == "edit-save":
        changed = {"contact": "availability_en", "organisation": "address", "profile": "summary_en"}[kind_of(obj_name)]
        assert after[changed] == MARKER  # for a profile: the live page, so the save was published
        assert after["revisions"] == before["revisions"] + 1
    elif allowed and action == "confirm":
        assert after["last_verified_on"] == datetime.date.today()
        assert after["last_verified_by"] == user.pk
    else:
        assert after == before


def test_editor_cannot_move_a_contact_to_another_country_with_a_forged_post(client, world):
    users, objects = world
    client.force_login(users["editor-lt"])
    contact = objects["contact-lt"]
    response = client.get(f"/admin/snippets/directory/contact/edit/{contact.pk}/")
    choices = {str(choice[0].value) for choice in response.context["form"].fields["country"].choices if choice[0]}
    assert choices == {str(country("LT").pk)}
