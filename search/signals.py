"""Changes that alter what search finds record an index update (search.indexing.schedule)."""
from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from directory.models import ActorRole, Contact, Organisation
from portal.models import PortalSettings, Resource
from portal.tenancy.signals import bulk_saved
from search import indexing
from search.documents import CONTACT, DOCUMENT, PAGE


def contact_changed(sender, instance, raw: bool = False, **kwargs):
    if not raw:
        indexing.schedule(CONTACT, [instance.pk])


def contact_relations_changed(sender, instance, action: str, **kwargs):
    if action.startswith("post_"):
        indexing.schedule(CONTACT, [instance.pk])


def organisation_changed(sender, instance, raw: bool = False, **kwargs):
    if not raw:
        indexing.schedule(CONTACT, instance.contacts.values_list("pk", flat=True))


def role_changed(sender, instance, raw: bool = False, **kwargs):
    if not raw:
        indexing.schedule(CONTACT, instance.contacts.values_list("pk", flat=True))


def members_changed(sender, instance, action: str, pk_set=None, **kwargs):
    """A country joins or leaves a tenant: its contacts enter or leave that tenant's indexes."""
    if action in ("post_add", "post_remove") and pk_set:
        indexing.schedule(CONTACT, Contact.objects.of_countries(pk_set).values_list("pk", flat=True))


def objects_bulk_saved(sender, objects, **kwargs):
    """The importer or the demo loader wrote contacts or organisations without post_save."""
    if sender is Contact:
        indexing.schedule(CONTACT, [obj.pk for obj in objects])
    elif sender is Organisation:
        indexing.schedule(CONTACT, Contact.objects.filter(organisation__in=objects).values_list("pk", flat=True))


def page_changed(sender, instance, **kwargs):
    indexing.schedule(PAGE, [instance.pk])


def page_tree_changed(sender, instance, **kwargs):
    """A move or a change of view restriction affects the page and everything under it."""
    page = instance.page if isinstance(instance, PageViewRestriction) else instance
    indexing.schedule(PAGE, Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def resource_changed(sender, instance, raw: bool = False, **kwargs):
    if not raw:
        indexing.schedule(DOCUMENT, [instance.pk])


def resource_relations_changed(sender, instance, action: str, **kwargs):
    if action.startswith("post_"):
        indexing.schedule(DOCUMENT, [instance.pk])


def connect() -> None:
    post_save.connect(contact_changed, sender=Contact, dispatch_uid="search-contact-save")
    post_delete.connect(contact_changed, sender=Contact, dispatch_uid="search-contact-delete")
    for through in (Contact.sops.through, Contact.languages.through):
        m2m_changed.connect(contact_relations_changed, sender=through, dispatch_uid=f"search-{through.__name__}")
    post_save.connect(organisation_changed, sender=Organisation, dispatch_uid="search-organisation-save")
    post_save.connect(role_changed, sender=ActorRole, dispatch_uid="search-role-save")
    m2m_changed.connect(members_changed, sender=PortalSettings.member_countries.through, dispatch_uid="search-members")
    page_published.connect(page_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(page_changed, dispatch_uid="search-page-unpublished")
    post_delete.connect(page_changed, sender=Page, dispatch_uid="search-page-delete")
    post_page_move.connect(page_tree_changed, dispatch_uid="search-page-move")
    post_save.connect(page_tree_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-save")
    post_delete.connect(page_tree_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-delete")
    post_save.connect(resource_changed, sender=Resource, dispatch_uid="search-resource-save")
    post_delete.connect(resource_changed, sender=Resource, dispatch_uid="search-resource-delete")
    m2m_changed.connect(resource_relations_changed, sender=Resource.languages.through, dispatch_uid="search-resource-languages")
    bulk_saved.connect(objects_bulk_saved, dispatch_uid="search-bulk-saved")
