"""Search relevance: the cases of relevance_cases.json, run through search.service.search on both backends.

Each case is a query a practitioner would type (a name, a role, an institution, a topic, a
typo, a word of another language, Arabic, a practitioners-only contact, a country) and what a
human would call the right answer: results that must be among the first three, and results
that must not appear at all (practitioners-only contacts for anonymous visitors, other
tenants' countries).

- Elasticsearch: every case must pass.
- Database (Wagtail's database search): every case must pass except those whose
  "database_limit" names the database the tests run on (sqlite or postgresql, from
  DATABASE_URL) and says why that backend cannot pass there.
- "known_issue": a ranking problem of the search code, on both backends.
An exempted case is expected to fail, strictly (xfail(strict=True)): it is still run, and a case
that starts passing fails the run, so its exemption is removed rather than forgotten.

The summary tests print "relevance <backend>: N/M cases pass" with the failing ids and write the
same lines to var/test-artifacts/relevance-<backend>.txt.
"""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import HOSTS

CASES_FILE = Path(__file__).with_name("relevance_cases.json")
DATA = json.loads(CASES_FILE.read_text(encoding="utf-8"))
CASES = DATA["cases"]
KINDS_OF_CASE = {"name", "role", "institution", "topic", "typo", "other-language", "arabic", "restricted", "country"}
MATCHER_KEYS = {"kind", "country", "role", "person_name", "organisation_contains", "title_contains"}
CASE_KEYS = {"id", "kind_of_case", "query", "language", "tenant", "user", "top3", "absent", "note",
             "database_limit", "known_issue"}
USERS = {"anonymous", "practitioner"}
DATABASES = {"sqlite", "postgresql"}
BACKENDS = ("database", "elasticsearch")
# The database the tests run on: the database backend's limits differ between SQLite and PostgreSQL.
DATABASE = connection.vendor
SHOWN = 5  # results named in a failure message


# --- evaluating a case ---------------------------------------------------------------------

def _english(obj, name: str) -> str:
    return str(getattr(obj, f"{name}_en", "") or getattr(obj, name, "") or "")


def matches(item, matcher: dict) -> bool:
    """Whether a ResultItem is the result the matcher describes."""
    unknown = set(matcher) - MATCHER_KEYS
    if unknown:
        raise ValueError(f"unknown matcher keys {sorted(unknown)} in {matcher}")
    if item.kind != matcher["kind"]:
        return False
    obj = item.object
    if item.kind == "contact":
        checks = {
            "country": lambda value: obj.country.iso2 == value,
            "role": lambda value: obj.role.slug == value,
            "person_name": lambda value: obj.person_name == value,
            "organisation_contains": lambda value: value.casefold() in _english(obj.organisation, "name").casefold(),
            "title_contains": lambda value: value.casefold() in _english(obj, "position_title").casefold(),
        }
    else:
        checks = {"title_contains": lambda value: value.casefold() in _english(obj, "title").casefold()}
    for key, value in matcher.items():
        if key == "kind":
            continue
        if key not in checks:
            raise ValueError(f"matcher key {key!r} does not apply to a {item.kind}: {matcher}")
        if not checks[key](value):
            return False
    return True


def describe(item) -> str:
    obj = item.object
    if item.kind == "contact":
        located = f"/{obj.located_in.iso2}" if obj.located_in_id else ""
        who = f" {obj.person_name}" if obj.person_name else ""
        return (f"contact {obj.country.iso2}{located} {obj.role.slug}{who} ({obj.visibility}): {item.title}"
                f" · {_english(obj.organisation, 'name')}")
    english = _english(obj, "title")
    return f"{item.kind}: {item.title}" + (f" [{english}]" if english and english != item.title else "")


def show(matcher: dict) -> str:
    return "{" + ", ".join(f"{key}={value}" for key, value in matcher.items()) + "}"


def top3_matched(matchers: list[dict], items: list) -> bool:
    """Each matcher matches a different one of the items (the first three results)."""
    if not matchers:
        return True
    return any(
        all(matches(items[index], matcher) for matcher, index in zip(matchers, chosen, strict=True))
        for chosen in itertools.permutations(range(len(items)), len(matchers))
    )


@dataclass
class Evaluation:
    case: dict
    backend: str
    passed: bool
    missing: list[str] = field(default_factory=list)
    unwanted: list[str] = field(default_factory=list)
    first: list[str] = field(default_factory=list)
    total: int = 0
    corrected_from: str = ""
    suggestion: str = ""

    def report(self) -> str:
        case = self.case
        lines = [(
            f"relevance case {case['id']} ({case['kind_of_case']}) fails on the {self.backend} backend: "
            f"query {case['query']!r} (tenant {case['tenant']}, language {case['language']}, user {case['user']})"
        )]
        if self.missing:
            lines.append("  expected among the first 3 results: " + "; ".join(self.missing))
        if self.unwanted:
            lines.append("  must not appear, but found: " + "; ".join(self.unwanted))
        extra = f", corrected from {self.corrected_from!r} to {self.suggestion!r}" if self.corrected_from else ""
        lines.append(f"  {self.total} results{extra}; the first {SHOWN}:")
        lines += [f"    {position}. {text}" for position, text in enumerate(self.first, start=1)] or ["    (none)"]
        return "\n".join(lines)


def tenant_of(key: str):
    from portal.models import PortalSettings

    return PortalSettings.objects.select_related("site").get(site__hostname=HOSTS[key])


def evaluate(case: dict, *, backend: str, user) -> Evaluation:
    from search.query import SearchRequest
    from search.service import search

    tenant = tenant_of(case["tenant"])
    options = {"tenant": tenant, "user": user, "language": case["language"]}
    outcome = search(SearchRequest(q=case["query"]), **options)
    items = list(outcome.items)
    everything = items + list(outcome.promoted)
    if case["absent"]:  # "absent" means on no page at all
        for page in range(2, outcome.pages + 1):
            everything += search(SearchRequest(q=case["query"], page=page), **options).items

    first3 = items[:3]
    missing = []
    if not top3_matched(case["top3"], first3):
        missing = [show(matcher) + ("" if any(matches(item, matcher) for item in first3) else " (not in the first 3)")
                   for matcher in case["top3"]]
    unwanted = [f"{show(matcher)} -> {describe(item)}"
                for matcher in case["absent"] for item in everything if matches(item, matcher)]
    return Evaluation(
        case=case, backend=backend, passed=not missing and not unwanted, missing=missing, unwanted=unwanted,
        first=[describe(item) for item in items[:SHOWN]], total=outcome.total,
        corrected_from=outcome.corrected_from, suggestion=outcome.suggestion,
    )


def exemption(case: dict, backend: str, database: str = DATABASE) -> str:
    """Why this case is expected to fail on this backend and database ("" when it must pass)."""
    if case.get("known_issue"):
        return f"known issue: {case['known_issue']}"
    limit = case.get("database_limit", {}).get(database) if backend == "database" else None
    if limit:
        return f"{database} database limit: {limit}"
    return ""


def relevance_params() -> list:
    """One case per backend; an exempted one is marked to fail strictly, with its reason."""
    params = []
    for case in CASES:
        for backend in BACKENDS:
            reason = exemption(case, backend)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(backend, case, marks=marks, id=f"{backend}-{case['id']}"))
    return params


@pytest.fixture
def user_for(db, django_user_model):
    """user_for(case) -> AnonymousUser, or a member of the Practitioners group (made once per test)."""
    from django.contrib.auth.models import AnonymousUser, Group

    from directory.permissions import PRACTITIONERS_GROUP

    made = {}

    def _user(case: dict):
        if case["user"] == "anonymous":
            return AnonymousUser()
        if "practitioner" not in made:
            practitioner = django_user_model.objects.create_user("relevance-practitioner", password="unused-password")
            practitioner.groups.add(Group.objects.get_or_create(name=PRACTITIONERS_GROUP)[0])
            made["practitioner"] = practitioner
        return made["practitioner"]

    return _user


# --- the tests -----------------------------------------------------------------------------

def test_cases_file_is_well_formed(db):
    assert DATA["version"] == 1
    assert len(CASES) >= 44
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)), "duplicate ids: " + ", ".join(sorted({i for i in ids if ids.count(i) > 1}))
    for case in CASES:
        where = f"case {case.get('id')}"
        assert set(case) <= CASE_KEYS, f"{where}: unknown keys {sorted(set(case) - CASE_KEYS)}"
        assert case["kind_of_case"] in KINDS_OF_CASE, where
        assert case["query"].strip(), where
        assert case["user"] in USERS, where
        assert case["tenant"] in HOSTS, where
        assert case["language"] in tenant_of(case["tenant"]).languages, f"{where}: not a language of {case['tenant']}"
        assert case["top3"] or case["absent"], f"{where}: expects nothing"
        assert len(case["top3"]) <= 3, where
        for matcher in case["top3"] + case["absent"]:
            assert matcher.get("kind") in {"contact", "page", "document"}, f"{where}: {matcher}"
            assert set(matcher) <= MATCHER_KEYS and len(matcher) > 1, f"{where}: {matcher}"
        assert "known_issue" not in case or case["known_issue"].strip(), f"{where}: empty known_issue"
        if "database_limit" in case:
            limits = case["database_limit"]
            assert limits and set(limits) <= DATABASES, f"{where}: database_limit names {sorted(limits)}"
            assert all(reason.strip() for reason in limits.values()), f"{where}: empty database_limit"


@pytest.mark.parametrize(("search_backend", "case"), relevance_params(), indirect=["search_backend"])
def test_relevance_case(search_backend, case, user_for):
    result = evaluate(case, backend=search_backend, user=user_for(case))
    if not result.passed:
        pytest.fail(result.report(), pytrace=False)


def test_relevance_summary(search_backend, user_for, capsys):
    results = [evaluate(case, backend=search_backend, user=user_for(case)) for case in CASES]
    failing = [result for result in results if not result.passed]
    asserted = [result for result in failing if not exemption(result.case, search_backend)]
    stale = [result.case["id"] for result in results if result.passed and exemption(result.case, search_backend)]

    lines = [
        f"relevance {search_backend}: {len(results) - len(failing)}/{len(results)} cases pass",
        "failing: " + (", ".join(result.case["id"] for result in failing) or "none"),
    ]
    for result in failing:
        reason = exemption(result.case, search_backend) or "NOT EXEMPTED"
        lines.append(f"  {result.case['id']} ({reason})")
        lines += ["    " + line for line in result.report().splitlines()[1:]]
    if stale:
        lines.append("marked but passing on this backend: " + ", ".join(stale))
    text = "\n".join(lines)

    artifacts = Path(settings.BASE_DIR) / "var" / "test-artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / f"relevance-{search_backend}.txt").write_text(text + "\n", encoding="utf-8")
    with capsys.disabled():
        print("\n" + text)

    if asserted:
        pytest.fail(
            f"{len(asserted)} relevance cases fail on the {search_backend} backend:\n\n"
            + "\n\n".join(result.report() for result in asserted),
            pytrace=False,
        )
