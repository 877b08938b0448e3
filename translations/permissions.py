"""Who may translate a unit: whoever may edit its content in the admin today, decided without a query per unit.

- Content of a country (contacts, organisations, national notes, implementation statuses, a
  country's profile and its sections): that country's editors and administrators
  (portal.tenancy.editors), as the admin's country-scoped permission policy decides.
- Regional pages (guidelines, home, standard and index pages): users who may publish the page,
  as Wagtail's page permissions decide (an import publishes a new revision).
- Regional snippets and documents (actor roles, SOPs, profile sections, resources): users who
  hold the model's change permission (for resources, in the document's collection).
A country editor holds none of the regional permissions, so their export and import are
their countries' content only.
"""
from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from portal.tenancy.editors import user_can_edit_country, user_is_portal_admin


def unit_checker(user) -> Callable[[object], bool]:
    """A function unit -> whether `user` may translate it (first answers per model or page are remembered)."""
    if user_is_portal_admin(user):
        return lambda unit: True
    model_allowed: dict[type, bool] = {}
    document_ids: set[int] | None = None

    def may_change(model) -> bool:
        if model not in model_allowed:
            model_allowed[model] = ModelPermissionPolicy(model).user_has_permission(user, "change")
        return model_allowed[model]

    def check(unit) -> bool:
        nonlocal document_ids
        if unit.country is not None:
            if not user_can_edit_country(user, unit.country.pk):
                return False
            return unit.page is not None or may_change(type(unit.obj))
        if unit.page is not None:
            return _user_can_publish(user, unit.page)
        if isinstance(unit.obj, get_document_model()):
            if document_ids is None:
                policy = policy_registry.get_by_type(get_document_model())
                document_ids = set(policy.instances_user_has_permission_for(user, "change").values_list("pk", flat=True))
            return unit.obj.pk in document_ids
        return may_change(type(unit.obj))

    return check


def _user_can_publish(user, page: Page) -> bool:
    # Wagtail caches the user's page permissions on the user object: one query for all pages.
    return bool(getattr(user, "is_authenticated", False)) and page.permissions_for_user(user).can_publish()


def refusal_message(unit) -> str:
    """Why the unit is refused, for the preview's list of problems."""
    if unit.country is not None:
        return _("This text belongs to %(country)s, whose content you may not edit.") % {"country": unit.country.name}
    return _("This text is regional content, which you may not edit.")
