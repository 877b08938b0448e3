"""The search page keeps a query's results in the cache until the content or the index changes.

What a visitor must not notice: results that miss an edit once the index has taken it in,
another audience's results, and (for editors) a search that found nothing left uncounted.
"""
import pytest
from bs4 import BeautifulSoup

from search import service
from search.models import ZeroResultQuery
from tests.factories import practitioner
from tests.portal.test_fragments import restricted_contact
from tests.search.test_elasticsearch import build, lithuanian_contact, save

pytestmark = pytest.mark.django_db


def titles(get, q: str, *, only_contacts: bool = True) -> list[str]:
    response = get("bsr", f"/en/search/?q={q}" + ("&type=contact" if only_contacts else ""))
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return [link.get_text(" ", strip=True) for link in page.select(".search-result__title a")]


@pytest.fixture
def searches(monkeypatch):
    """How many times the search service really searched."""
    calls = []
    real = service.search

    def counting(*args, **kwargs):
        calls.append(kwargs.get("language"))
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "search", counting)
    return calls


def test_a_query_asked_again_shows_the_same_results_without_searching_again(search_backend, get, searches):
    first = titles(get, "prosecutor")
    assert first
    assert titles(get, "prosecutor") == first
    assert len(searches) == 1
    titles(get, "prosecutor&page=2")  # another page of results is another search
    assert len(searches) == 2


def test_a_saved_contact_is_found_by_a_query_asked_before_the_save(get, searches):
    assert "Prosecutor for quokka cases" not in titles(get, "prosecutor")
    contact = lithuanian_contact()
    contact.position_title = contact.position_title_en = "Prosecutor for quokka cases"
    contact.save()
    assert "Prosecutor for quokka cases" in titles(get, "prosecutor")


def test_once_elasticsearch_takes_in_an_edit_a_query_asked_before_finds_it(own_indexes, get, django_capture_on_commit_callbacks):
    build()
    assert "Prosecutor for wombat cases" not in titles(get, "prosecutor")
    # The editor's save commits; the index update task runs after it (as the worker would).
    save(lithuanian_contact(), django_capture_on_commit_callbacks,
         position_title="Prosecutor for wombat cases", position_title_en="Prosecutor for wombat cases")
    assert "Prosecutor for wombat cases" in titles(get, "prosecutor")


def test_a_practitioners_results_are_never_shown_to_anonymous_visitors(client, get):
    restricted_contact("Restricted prosecutor of the cache test", role="prosecutor")
    client.force_login(practitioner())
    assert "Restricted prosecutor of the cache test" in titles(get, "restricted+prosecutor")
    client.logout()
    assert "Restricted prosecutor of the cache test" not in titles(get, "restricted+prosecutor")


def test_every_search_that_finds_nothing_is_counted_for_the_editors(search_backend, get, searches):
    for _visit in range(3):
        assert titles(get, "zzyzxquokkaplanet", only_contacts=False) == []
    assert len(searches) == 3
    assert ZeroResultQuery.objects.get(query="zzyzxquokkaplanet").count == 3
