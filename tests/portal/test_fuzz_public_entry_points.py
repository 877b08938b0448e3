"""Arbitrary text, numbers and repeated parameters at every public GET entry point: never a server error.

Hypothesis throws what a hostile or careless client sends (control characters, Unicode digits,
search syntax, huge numbers, a parameter repeated) at the directory, search, suggestions, planner,
plan PDF, comparison, resources, measure pages and the API; every answer must be below 500. On the
database backend of the run's database (PostgreSQL in CI, SQLite in the smoke run) and, for search,
on Elasticsearch too. Each test sends `EXAMPLES` requests.
"""
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import HOSTS

EXAMPLES = 40

# Characters with a meaning in the search engines' query syntax (SQLite FTS5, PostgreSQL tsquery,
# Elasticsearch query_string), mixed into ordinary words.
SYNTAX = ['"', "'", "*", "^", ":", "(", ")", "-", "+", "NEAR", "AND", "OR", "NOT", "&", "|", "!", "<", ">", "~", "\\",
          "{", "}", "[", "]", "/", "?", "%", "_", ".", ",", ";", "#", "@", "$", "`", "=", "NEAR(", "AND(", "*)"]
WORDS = ["prosecutor", "Vilnius", "police", "lt", "LT", "hotline", "Žukauskas", "النيابة", "Staatsanwalt", "x" * 199]

texts = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(st.sampled_from(SYNTAX), st.sampled_from(WORDS), st.text(max_size=6)), max_size=8).map(" ".join),
    st.lists(st.one_of(st.sampled_from(SYNTAX), st.sampled_from(WORDS)), max_size=8).map("".join),
)
numbers = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["²", "٣", "１", "0x10", "1e3", "-0", " 1", "1 ", "", "00001", "9" * 30, "1.5", "NaN", "∞"]),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=4),
)
values = st.one_of(texts, numbers)


def params(*names: str):
    """Query strings over these parameter names: each absent, once or repeated, with any value."""
    return st.lists(st.tuples(st.sampled_from(names), values), max_size=6).map(lambda pairs: urlencode(pairs))


ENTRY_POINTS = {
    "directory": ("/en/directory/", ("country", "role", "sop", "language", "q", "page")),
    "directory export": ("/en/directory/export.csv", ("country", "role", "sop", "language", "q")),
    "search": ("/en/search/", ("q", "type", "country", "role", "sop", "language", "page")),
    "suggestions": ("/en/search/suggest/", ("q",)),
    "planner": ("/en/referral/", ("from", "to", "sop", "child")),
    "plan PDF": ("/en/referral/plan.pdf", ("from", "to", "sop", "child")),
    "comparison": ("/en/countries/lt/", ("compare",)),
    "country picker": ("/en/countries/", ("country",)),
    "resources": ("/en/resources/", ("type", "region", "language", "year", "page")),
    "measure": ("/en/guidelines/identification/", ("country", "to")),
    "API contacts": ("/api/v1/contacts", ("country", "role", "sop", "language", "q", "page", "page_size", "lang")),
    "API countries": ("/api/v1/countries", ("lang",)),
}


def fuzz(client, name: str, path: str, names: tuple[str, ...]):
    @given(query=params(*names))
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    def answers_below_500(query):
        response = client.get(f"{path}?{query}" if query else path, HTTP_HOST=HOSTS["bsr"])
        assert response.status_code < 500, f"{path}?{query} answered {response.status_code}"

    answers_below_500()


@pytest.mark.smoke
@pytest.mark.django_db
@pytest.mark.parametrize("name", list(ENTRY_POINTS))
def test_public_entry_points_never_answer_500(client, settings, name):
    settings.RATELIMIT_ENABLE = False  # the export's rate limit would answer 429 before the parameters are read
    path, names = ENTRY_POINTS[name]
    fuzz(client, name, path, names)
