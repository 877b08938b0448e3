"""Helpers of the guidelines tests: the demo data as written, pages parsed as a visitor reads them."""
from __future__ import annotations

import json
import re
from functools import cache

from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guidelines.demo import DATA
from guidelines.models import MeasurePage, MeasureStep, SOPPage
from portal.models import HomePage, PortalSettings

SOP_PATH = "/en/guidelines/return/"  # SOP 4, Return and social inclusion
MEASURE_PATH = "/en/guidelines/return/risk-assessment/"
CHILD_MEASURE = "child-return-best-interests"


@cache
def demo_data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def demo_sop(number: int) -> dict:
    return next(sop for sop in demo_data()["sops"] if sop["number"] == number)


def demo_measures(number: int, *, child: bool = True) -> list[dict]:
    """The SOP's measures in the demo data, in their order (child-only ones only when `child`)."""
    measures = sorted(demo_sop(number)["measures"], key=lambda measure: measure["number"])
    return [measure for measure in measures if child or not measure.get("child_only", False)]


def tenant(key: str) -> PortalSettings:
    return PortalSettings.objects.get(site__hostname=f"{key}.localhost")


def home(key: str) -> HomePage:
    return HomePage.objects.get(slug=key)


def sop_page(key: str, number: int) -> SOPPage:
    return SOPPage.objects.descendant_of(home(key)).get(sop__number=number)


def measure_page(key: str, number: int, slug: str) -> MeasurePage:
    return MeasurePage.objects.child_of(sop_page(key, number)).get(slug=slug)


def html(response) -> str:
    return response.content.decode("utf-8")


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(html(response), "html.parser")


def text(response) -> str:
    """The page's visible text, whitespace collapsed."""
    return " ".join(soup(response).get_text(" ").split())


def error_message(response) -> str:
    found = soup(response).select_one(".error-message")
    return " ".join(found.get_text(" ").split()) if found else ""


def flowchart_svg(response) -> str:
    """The <svg class="flowchart"> ... </svg> fragment of an SOP page, as served."""
    match = re.search(r'<svg\b[^>]*class="flowchart".*?</svg>', html(response), flags=re.DOTALL)
    assert match, "no flowchart on the page"
    return match.group(0)


def add_measure(parent: SOPPage, *, number: int, slug: str, title: str, steps: int = 3, child_only: bool = False,
                roles=()) -> MeasurePage:
    """A live measure with `steps` steps, each carried out by `roles`, as an editor would add it."""
    measure = MeasurePage(title=title, title_en=title, slug=slug, number=number, child_only=child_only,
                          summary_en=f"Summary of {title}.")
    for order in range(steps):
        step = MeasureStep(sort_order=order, text=f"{title}, step {order + 1}.", text_en=f"{title}, step {order + 1}.")
        step.roles = list(roles)
        measure.steps.add(step)
    measure.who = list(roles)
    parent.add_child(instance=measure)
    return MeasurePage.objects.get(pk=measure.pk)


def query_count(get, tenant_key: str, path: str) -> int:
    """Queries of one request with an empty cache (so nothing is served from an earlier request)."""
    from django.core.cache import cache as django_cache

    django_cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = get(tenant_key, path)
        assert response.status_code == 200, path
    return len(queries)
