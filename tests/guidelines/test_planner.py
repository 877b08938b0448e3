"""The referral planner: the measures, steps, notes and contacts of one referral; 400s; no personal data; bounded queries."""
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from directory.models import ActorRole, Contact, ContactStatus, Visibility
from guidelines.models import NationalNote
from portal.tenancy.models import Country
from tests.factories import ContactFactory
from tests.guidelines.helpers import (
    CHILD_MEASURE,
    MEASURE_PATH,
    SOP_PATH,
    add_measure,
    demo_data,
    demo_measures,
    error_message,
    measure_page,
    query_count,
    sop_page,
    soup,
)

pytestmark = pytest.mark.django_db

PLANNER = "/en/referral/"
PDF = "/en/referral/plan.pdf"
PLAN = "from=ES&to=AL&sop=4&child={child}"
# Queries of the SOP page, the measure page with two countries and the planner, measured on the demo data.
QUERY_BOUNDS = (18, 31, 20)  # the measure: one more per chosen country for its implementation status (monitoring)


def squash(value: str) -> str:
    return " ".join(value.split())


def planned_measures(response) -> list[dict]:
    """What the plan shows, measure by measure: its link, its steps' texts and the contacts on each side."""
    measures = []
    for article in soup(response).select("article.plan-measure"):
        steps = []
        for item in article.select("ol.steps > li"):
            sides = {}
            for side in item.select(".both-sides > .side"):
                links = [a["href"] for a in side.select("a[href^='/en/directory/']")]
                sides[squash(side.h5.get_text())] = {int(re.search(r"/directory/(\d+)/", href).group(1)) for href in links}
            steps.append({"text": squash(item.get_text(" ")), "sides": sides})
        measures.append({"href": article.h4.a["href"], "title": squash(article.h4.a.get_text()), "steps": steps})
    return measures


def public_contacts():
    """What an anonymous visitor may see, written out here rather than asked of the selector the planner uses."""
    return Contact.objects.filter(status=ContactStatus.ACTIVE, visibility=Visibility.PUBLIC)


def plan_text(response) -> str:
    section = soup(response).select_one("section.plan")
    assert section is not None, "no plan on the page"
    return squash(section.get_text(" "))


@pytest.mark.parametrize("child", [True, False])
def test_plan_lists_the_sop_4_measures_of_the_demo_in_order(get, child):
    response = get("tact", f"{PLANNER}?{PLAN.format(child=int(child))}")
    assert response.status_code == 200
    expected = demo_measures(4, child=child)
    shown = planned_measures(response)
    assert [measure["href"] for measure in shown] == [f"{SOP_PATH}{measure['slug']}/" for measure in expected]
    assert [measure["title"] for measure in shown] == [f"{m['number']}. {m['title']['en']}" for m in expected]
    assert (f"{SOP_PATH}{CHILD_MEASURE}/" in [measure["href"] for measure in shown]) is child


@pytest.mark.parametrize("sop", [1, 4])
@pytest.mark.parametrize("child", [True, False])
def test_child_only_steps_are_planned_only_for_a_child(get, sop, child):
    shown = planned_measures(get("tact", f"{PLANNER}?from=ES&to=AL&sop={sop}&child={int(child)}"))
    expected = demo_measures(sop, child=child)
    assert len(shown) == len(expected)
    for measure, data in zip(shown, expected, strict=True):
        steps = [step for step in data["steps"] if child or not step.get("child_only", False)]
        assert len(measure["steps"]) == len(steps), data["slug"]
        for shown_step, step in zip(measure["steps"], steps, strict=True):
            assert squash(step["text"]["en"]) in shown_step["text"], data["slug"]
    # SOP 1 has a child-only step in a measure for everyone; SOP 4 a measure for children only.
    assert any(step.get("child_only") for measure in demo_measures(sop) for step in measure["steps"])


def expected_notes(*, child: bool) -> list[str]:
    """English texts of the ES and AL notes on the SOP 4 measures and steps a plan for (not) a child holds."""
    measures = {measure["slug"]: measure for measure in demo_measures(4, child=child)}
    texts = []
    for note in demo_data()["national_notes"]:
        if note["sop"] != 4 or note["country"] not in ("ES", "AL") or note["measure"] not in measures:
            continue
        if note.get("step") and not child and measures[note["measure"]]["steps"][note["step"] - 1].get("child_only"):
            continue
        texts.append(squash(note["text"]["en"]))
    return texts


@pytest.mark.parametrize("child", [True, False])
def test_plan_shows_the_national_notes_of_both_countries_and_no_other(get, child):
    other = NationalNote.objects.create(
        country=Country.objects.get(code="FR"), measure=measure_page("tact", 4, "risk-assessment"),
        text="French practice that must not show.", text_en="French practice that must not show.",
    )
    shown = plan_text(get("tact", f"{PLANNER}?{PLAN.format(child=int(child))}"))
    notes = expected_notes(child=child)
    assert {note["country"] for note in demo_data()["national_notes"] if note["sop"] == 4} >= {"ES", "AL"}
    assert notes
    for note in notes:
        assert note in shown
    assert other.text_en not in shown
    other_countries = [squash(note["text"]["en"]) for note in demo_data()["national_notes"]
                       if note["sop"] == 4 and note["country"] not in ("ES", "AL")]
    for note in other_countries:
        assert note not in shown


@pytest.mark.parametrize("child", [True, False])
def test_each_step_lists_the_contacts_of_both_countries_for_its_roles(get, child):
    shown = planned_measures(get("tact", f"{PLANNER}?{PLAN.format(child=int(child))}"))
    expected = demo_measures(4, child=child)
    contacts = public_contacts()
    seen = {"Spain": set(), "Albania": set()}
    for measure, data in zip(shown, expected, strict=True):
        steps = [step for step in data["steps"] if child or not step.get("child_only", False)]
        for shown_step, step in zip(measure["steps"], steps, strict=True):
            assert list(shown_step["sides"]) == ["Spain", "Albania"]
            for name, iso2 in (("Spain", "ES"), ("Albania", "AL")):
                wanted = set(contacts.filter(country__code=iso2, role__slug__in=step["roles"]).values_list("pk", flat=True))
                assert shown_step["sides"][name] == wanted, (data["slug"], iso2)
                seen[name] |= wanted
    assert seen["Spain"] and seen["Albania"], "the plan lists contacts on both sides"


def test_plan_pdf_holds_the_measures_and_the_contacts(get):
    response = get("tact", f"{PDF}?{PLAN.format(child=1)}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="referral-plan-es-al.pdf"'
    text = squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages))
    for measure in demo_measures(4, child=True):
        assert squash(f"{measure['number']}. {measure['title']['en']}") in text
    roles = {slug for measure in demo_measures(4) for step in measure["steps"] for slug in step["roles"]}
    contacts = public_contacts().filter(role__slug__in=roles)
    for iso2 in ("ES", "AL"):
        contact = contacts.filter(country__code=iso2).order_by("position_title").first()
        assert contact is not None
        assert squash(contact.position_title) in text, iso2


def test_plan_without_child_leaves_the_child_measure_out_of_the_pdf(get):
    response = get("tact", f"{PDF}?{PLAN.format(child=0)}")
    text = squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages))
    child_measure = next(measure for measure in demo_measures(4) if measure["slug"] == CHILD_MEASURE)
    assert squash(child_measure["title"]["en"]) not in text
    assert squash(demo_measures(4, child=False)[0]["title"]["en"]) in text


def test_plan_page_links_to_its_pdf_and_to_itself(get):
    response = get("tact", f"{PLANNER}?{PLAN.format(child=1)}")
    page = soup(response)
    assert page.select_one(f"a[href='{PDF}?{PLAN.format(child=1)}']") is not None
    assert page.select_one(f"a[href='{PLANNER}?{PLAN.format(child=1)}']") is not None


@pytest.mark.parametrize("path", [PLANNER, PDF])
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=ZZ&to=AL&sop=4", "Unknown country “ZZ”"),
        ("from=ES&to=ZZ&sop=4", "Unknown country “ZZ”"),
        ("from=LT&to=AL&sop=4", "Unknown country “LT”"),  # Lithuania is not a member of this portal
        ("from=ES&to=LT&sop=4", "Unknown country “LT”"),
        ("to=AL&sop=4&child=1", "Choose a country for “from”"),
        ("from=&to=AL&sop=4", "Choose a country for “from”"),
        ("from=ES&sop=4", "Choose a country for “to”"),
        ("from=ES&to=AL", "Choose at least one SOP"),
        ("from=ES&to=AL&sop=0", "The SOP must be a number from 1 to 5, not “0”"),
        ("from=ES&to=AL&sop=6", "The SOP must be a number from 1 to 5, not “6”"),
        ("from=ES&to=AL&sop=x", "The SOP must be a number from 1 to 5, not “x”"),
        ("from=ES&to=AL&sop=4&sop=-1", "The SOP must be a number from 1 to 5, not “-1”"),
        ("from=ES&to=AL&sop=4&child=2", "“child” must be 1 (the person is a child) or 0, not “2”"),
        ("from=ES&to=AL&sop=4&child=yes", "“child” must be 1 (the person is a child) or 0, not “yes”"),
    ],
)
def test_bad_parameters_answer_400_with_a_message(get, path, query, message):
    response = get("tact", f"{path}?{query}")
    assert response.status_code == 400
    assert message in error_message(response)


@pytest.mark.parametrize("path", [PLANNER, PDF])
@pytest.mark.parametrize("query", ["from=ES&to=ES&sop=4", "from=es&to=ES&sop=4&child=1"])
def test_the_same_country_as_origin_and_destination_is_a_400_saying_so(get, path, query):
    response = get("tact", f"{path}?{query}")
    assert response.status_code == 400
    assert "“from” and “to” are both Spain" in error_message(response)
    assert "Choose two different countries" in error_message(response)


@pytest.mark.parametrize(("name", "other"), [("from", "to"), ("to", "from")])
def test_a_link_naming_one_country_opens_the_form_with_that_country_chosen(get, name, other):
    # The country profiles link here with one country ("Plan a referral from Spain"): no error, no plan yet.
    response = get("tact", f"{PLANNER}?{name}=ES")
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one(f"#{name} option[selected]")["value"] == "ES"
    assert page.select_one(f"#{other} option[selected]") is None
    assert page.select_one("section.plan") is None


def test_a_link_naming_one_unknown_country_is_still_a_400(get):
    response = get("tact", f"{PLANNER}?from=LT")
    assert response.status_code == 400
    assert "Unknown country “LT”" in error_message(response)


def test_planner_without_parameters_shows_the_empty_form(get):
    response = get("tact", PLANNER)
    assert response.status_code == 200
    assert soup(response).select_one("form.planner-form") is not None
    assert soup(response).select_one("section.plan") is None


def test_planner_has_no_field_for_personal_data_and_writes_nothing(get):
    with CaptureQueriesContext(connection) as queries:
        response = get("tact", f"{PLANNER}?{PLAN.format(child=1)}")
    assert response.status_code == 200
    page = soup(response)
    names = {field.get("name") for field in page.select("input, select, textarea")}
    assert names == {"from", "to", "sop", "child"}
    assert page.select("textarea") == []
    assert {field.get("type") for field in page.select("input")} <= {"checkbox", "radio"}
    assert all(form.get("method", "get").lower() == "get" for form in page.select("form"))
    writes = [query["sql"] for query in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", query["sql"], re.IGNORECASE)]
    assert writes == []


def test_form_keeps_the_chosen_values(get):
    page = soup(get("tact", f"{PLANNER}?from=ES&to=AL&sop=4&sop=2&child=1"))
    assert page.select_one("#from option[selected]")["value"] == "ES"
    assert page.select_one("#to option[selected]")["value"] == "AL"
    assert sorted(box["value"] for box in page.select("input[name=sop][checked]")) == ["2", "4"]
    assert page.select_one("input[name=child][checked]")["value"] == "1"
    assert [h3.get_text()[:5] for h3 in page.select("section.plan-sop > h3")] == ["SOP 2", "SOP 4"]


def test_sop_measure_and_planner_queries_do_not_grow_with_measures_and_contacts(get):
    paths = [SOP_PATH, f"{MEASURE_PATH}?country=ES&to=AL", f"{PLANNER}?{PLAN.format(child=1)}"]
    for path in paths:
        get("tact", path)  # warm per-process caches (content types, site root paths)
    before = {path: query_count(get, "tact", path) for path in paths}

    # A role of the first step of risk assessment: the new contacts show on the measure page and in the plan.
    risk_assessment = next(measure for measure in demo_measures(4) if measure["slug"] == "risk-assessment")
    role = ActorRole.objects.get(slug=risk_assessment["steps"][0]["roles"][0])
    parent = sop_page("tact", 4)
    for number in range(10):
        add_measure(parent, number=100 + number, slug=f"extra-measure-{number}", title=f"Extra measure {number}",
                    roles=[role], steps=4)
    spain = Country.objects.get(code="ES")
    for _index in range(100):
        ContactFactory(country=spain, role=role)

    after = {path: query_count(get, "tact", path) for path in paths}
    assert after == before
    for path, bound in zip(paths, QUERY_BOUNDS, strict=True):
        assert after[path] <= bound, path
    # The extra data is on the pages measured.
    plan = get("tact", f"{PLANNER}?{PLAN.format(child=1)}")
    assert "Extra measure 9" in plan_text(plan)
    assert len(planned_measures(plan)) == len(demo_measures(4)) + 10
    assert "Extra measure 9" in get("tact", SOP_PATH).content.decode()
    measure = soup(get("tact", f"{MEASURE_PATH}?country=ES&to=AL"))
    assert len(measure.select("ol.steps .side[data-country='ES'] article.contact-card")) > 100
