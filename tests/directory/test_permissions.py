"""The permission matrix: every role × every object × every action, in the admin and by direct URL."""
import pytest
from django.contrib.auth.models import Group

from directory.permissions import PRACTITIONERS_GROUP
from portal.models import CountryProfilePage
from tests.factories import ContactFactory, OrganisationFactory, UserFactory, country

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "practitioner", "editor-lt", "editor-lv", "admin"]
OBJECTS = ["contact-lt", "contact-lv", "organisation-lt", "organisation-lv", "profile-lt", "profile-lv"]
ACTIONS = ["list", "edit-form", "edit-save", "history", "confirm"]

# Who may do what to which object. Everything not listed is refused.
ALLOWED = {
    ("editor-lt", "contact-lt"): set(ACTIONS),
    ("editor-lv", "contact-lv"): set(ACTIONS),
    ("editor-lt", "organisation-lt"): {"list", "edit-form", "edit-save", "history"},
    ("editor-lv", "organisation-lv"): {"list", "edit-form", "edit-save", "history"},
    ("editor-lt", "profile-lt"): {"edit-form", "edit-save"},
    ("editor-lv", "profile-lv"): {"edit-form", "edit-save"},
    **{("admin", obj): set(ACTIONS) - ({"confirm"} if not obj.startswith("contact") else set()) for obj in OBJECTS},
}
for obj in ("organisation-lt", "organisation-lv"):
    ALLOWED[("admin", obj)] = {"list", "edit-form", "edit-save", "history"}
for obj in ("profile-lt", "profile-lv"):
    ALLOWED[("admin", obj)] = {"edit-form", "edit-save"}


@pytest.fixture
def world(django_user_model, admin_user, editor):
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


def admin_urls(name: str, obj) -> dict[str, str]:
    if name.startswith("contact"):
        base = "/admin/snippets/directory/contact/"
    elif name.startswith("organisation"):
        base = "/admin/snippets/directory/organisation/"
    else:
        return {"edit": f"/admin/pages/{obj.pk}/edit/"}
    return {"list": base, "edit": f"{base}edit/{obj.pk}/", "history": f"{base}history/{obj.pk}/"}


def perform(client, action: str, name: str, obj) -> bool:
    """Try the action; True when it was allowed (and done), False when refused."""
    urls = admin_urls(name, obj)
    if action == "list":
        label = obj.position_title if name.startswith("contact") else obj.name
        response = client.get(urls["list"], {"q": label})
        if response.status_code != 200:
            return False
        return urls["edit"] in response.content.decode()  # a row links to the object's edit view
    if action in ("edit-form", "history"):
        if action == "history" and "history" not in urls:
            return False
        response = client.get(urls["edit" if action == "edit-form" else "history"])
        return response.status_code == 200
    if action == "edit-save":
        return _save(client, name, obj, urls["edit"])
    if action == "confirm":
        if not name.startswith("contact"):
            return False
        before = obj.last_verified_by_id
        obj.__class__.objects.filter(pk=obj.pk).update(last_verified_on=None, last_verified_by=None)
        response = client.post("/admin/directory/confirm/", {"contact": obj.pk, "next": "/admin/"})
        obj.refresh_from_db()
        return response.status_code == 302 and obj.last_verified_on is not None and before != "changed"
    raise AssertionError(action)


def _save(client, name, obj, url) -> bool:
    response = client.get(url)
    if response.status_code != 200:
        response = client.post(url, {})
        return False
    form = response.context["form"]
    data = {}
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        if hasattr(bound.field.widget, "converter"):
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
                if hasattr(bound.field.widget, "converter"):  # Draftail posts its own JSON format
                    data[bound.html_name] = bound.field.widget.format_value(value)
                elif isinstance(value, bool):
                    if value:
                        data[bound.html_name] = "on"
                else:
                    data[bound.html_name] = str(value)
    marker = "Saved by matrix"
    if name.startswith("contact"):
        data["availability_en"] = marker
    elif name.startswith("organisation"):
        data["address"] = marker
    else:
        data["summary_en"] = marker
    if "loaded_revision_id" in response.context:
        data["loaded_revision_id"] = response.context["loaded_revision_id"]
    if name.startswith("profile"):
        data["action-publish"] = "publish"
    client.post(url, data)
    obj.refresh_from_db()
    if name.startswith("contact"):
        return obj.availability_en == marker
    if name.startswith("organisation"):
        return obj.address == marker
    return obj.get_latest_revision_as_object().summary_en == marker


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("obj_name", OBJECTS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, role, obj_name, action):
    users, objects = world
    if users[role] is not None:
        client.force_login(users[role])
    if action == "list" and obj_name.startswith("profile"):
        return  # page listings are Wagtail's explorer, covered by page permissions
    allowed = action in ALLOWED.get((role, obj_name), set())
    assert perform(client, action, obj_name, objects[obj_name]) is allowed


def test_editor_cannot_move_a_contact_to_another_country_with_a_forged_post(client, world):
    users, objects = world
    client.force_login(users["editor-lt"])
    contact = objects["contact-lt"]
    response = client.get(f"/admin/snippets/directory/contact/edit/{contact.pk}/")
    choices = {str(choice[0].value) for choice in response.context["form"].fields["country"].choices if choice[0]}
    assert choices == {str(country("LT").pk)}
