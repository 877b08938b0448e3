"""The search service's results (search/service.py): loaded again from the database, cheaply."""
from django.contrib.auth.models import AnonymousUser

from directory.models import Contact, ContactStatus, Visibility
from search import service
from search.documents import CONTACT
from search.results import Hit
from tests.search.test_search import tenant


def test_a_page_of_contact_results_is_loaded_in_one_query_with_what_its_results_show(db, django_assert_num_queries):
    """A result shows a contact's position title, name, organisation, country and role: twenty contacts are read
    in one query (after the tenant's member countries), not with their SOPs, languages and phones, which no
    result shows."""
    members = tenant("bsr").member_countries.all()
    contacts = list(Contact.objects.filter(country__in=members, visibility=Visibility.PUBLIC, status=ContactStatus.ACTIVE)
                    .exclude(person_name="").select_related("organisation", "country", "role").order_by("pk")[:20])
    assert len(contacts) == 20
    hits = [Hit(kind=CONTACT, object_id=contact.pk, score=1.0) for contact in contacts]
    bsr = tenant("bsr")
    with django_assert_num_queries(2):
        items = service.hydrate(hits, tenant=bsr, user=AnonymousUser(), language="en", q="prosecutor")
        shown = [(item.title, str(item.snippet_html)) for item in items]
    assert [item.object.pk for item in items] == [contact.pk for contact in contacts]
    for (title, snippet), contact in zip(shown, contacts, strict=True):
        assert title == contact.position_title_en
        for part in (contact.person_name, contact.organisation.name_en, str(contact.country.name), contact.role.name_en):
            assert part.replace("&", "&amp;").replace("'", "&#x27;") in snippet
