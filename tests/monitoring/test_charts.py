"""Progress charts: server-drawn SVG that parses, with one mark per point of the history, redrawn when a status changes."""
import datetime
import xml.etree.ElementTree as ElementTree

import pytest
from bs4 import BeautifulSoup

from monitoring.charts import level_chart
from monitoring.models import ImplementationStatus, Level
from tests.factories import country
from tests.monitoring.conftest import measures_of, status_of, tenant

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
START = datetime.date(2021, 2, 1)


def marks(svg: str) -> list[ElementTree.Element]:
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return [element for element in root.iter(f"{SVG}circle") if element.get("class") == "mark"]


def test_the_chart_has_one_mark_per_point_higher_for_higher_levels():
    points = [(datetime.date(2022, 3, 1), Level.IN_PREPARATION), (datetime.date(2023, 6, 1), Level.BINDING),
              (datetime.date(2024, 9, 15), Level.APPLIED)]
    svg = level_chart(points, title="Lithuania: SOP 4", chart_id="c", today=datetime.date(2026, 1, 1))
    found = marks(svg)
    assert len(found) == 3
    heights = [float(mark.get("cy")) for mark in found]
    assert heights[0] > heights[1] > heights[2]  # SVG's y grows downwards: a higher level is drawn higher
    lefts = [float(mark.get("cx")) for mark in found]
    assert lefts == sorted(lefts) and len(set(lefts)) == 3
    assert [mark.find(f"{SVG}title").text for mark in found] == [
        "2022-03-01: In preparation", "2023-06-01: Binding (law, regulation or signed SOP)",
        "2024-09-15: Applied in practice and monitored",
    ]


@pytest.fixture
def lt_sop4():
    """Lithuania's SOP 4: every measure applied since START except the first, in preparation since START."""
    measures = measures_of("bsr", 4)
    ImplementationStatus.objects.filter(tenant=tenant("bsr"), country=country("LT"), measure__in=measures).delete()
    for measure in measures[1:]:
        status_of("bsr", "LT", measure, level=Level.APPLIED, since=START)
    return status_of("bsr", "LT", measures[0], level=Level.IN_PREPARATION, since=START)


def chart_of(get) -> tuple[str, list[str]]:
    page = BeautifulSoup(get("bsr", "/en/monitoring/?sop=4&country=LT").content, "html.parser")
    figures = page.select(".level-charts figure")
    assert len(figures) == 1
    return str(figures[0].svg), [item.get_text(" ", strip=True) for item in figures[0].select(".chart-points li")]


def test_a_status_changed_twice_draws_three_marks_and_lists_them_as_text(get, lt_sop4):
    for level, since in ((Level.BINDING, datetime.date(2023, 6, 1)), (Level.APPLIED, datetime.date(2024, 9, 15))):
        lt_sop4.level, lt_sop4.level_since = level, since
        lt_sop4.save()
    svg, text = chart_of(get)
    assert len(marks(svg)) == 3
    assert text == [
        "From Feb. 1, 2021: In preparation",
        "From June 1, 2023: Binding (law, regulation or signed SOP)",
        "From Sept. 15, 2024: Applied in practice and monitored",
    ]


def test_the_chart_changes_when_a_status_changes(get, lt_sop4):
    before, _text = chart_of(get)
    lt_sop4.level, lt_sop4.level_since = Level.NON_BINDING, datetime.date(2025, 1, 20)
    lt_sop4.save()
    after, text = chart_of(get)
    assert after != before
    assert len(marks(after)) == len(marks(before)) + 1
    assert text[-1] == "From Jan. 20, 2025: Adopted as non-binding guidance"
