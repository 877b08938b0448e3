"""'Did you mean' learns its words from what the visitor may see (practitioners-only contacts lend none to the public)."""
import pytest
from django.contrib.auth.models import AnonymousUser, Group

from directory.models import Visibility
from directory.permissions import PRACTITIONERS_GROUP
from portal.tenancy.models import Country
from search import service
from search.query import SearchRequest
from tests.factories import ContactFactory, OrganisationFactory
from tests.search.test_search import tenant

# A word found nowhere in the demo: only this organisation's name carries it.
WORD = "Kaltenbrunnerhaus"
TYPO = "Kaltenbrunerhaus"


@pytest.fixture
def hidden_organisation(db):
    """An organisation of a tact member whose only contact is for practitioners."""
    france = Country.objects.get(code="FR")
    organisation = OrganisationFactory(name=f"Centre {WORD}", name_en=f"Centre {WORD}", country=france)
    ContactFactory(country=france, organisation=organisation, visibility=Visibility.PRACTITIONERS)
    return organisation


def suggestion_for(user) -> str:
    outcome = service.search(SearchRequest(q=TYPO), tenant=tenant("tact"), user=user, language="en")
    return f"{outcome.suggestion} {outcome.corrected_from}".lower()


def test_an_anonymous_visitor_is_never_offered_a_word_of_a_practitioners_only_organisation(hidden_organisation, search_backend):
    assert WORD.lower() not in suggestion_for(AnonymousUser())


def test_a_practitioner_is_offered_the_organisation_they_may_see(hidden_organisation, django_user_model):
    practitioner = django_user_model.objects.create_user("practitioner-vocabulary", password="x")
    practitioner.groups.add(Group.objects.get_or_create(name=PRACTITIONERS_GROUP)[0])
    assert WORD.lower() in service.vocabulary(tenant=tenant("tact"), language="en", restricted_allowed=True)
    assert WORD.lower() in suggestion_for(practitioner)
