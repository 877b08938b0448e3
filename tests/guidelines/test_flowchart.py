"""The SOP flowchart: well-formed SVG drawn from the data, a link per measure in order, child-only branches marked."""
import xml.etree.ElementTree as ET

import pytest

from tests.guidelines.helpers import (
    CHILD_MEASURE,
    SOP_PATH,
    add_measure,
    demo_measures,
    flowchart_svg,
    sop_page,
    soup,
)

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def flowchart(get, path: str = SOP_PATH) -> ET.Element:
    response = get("tact", path)
    assert response.status_code == 200
    return ET.fromstring(flowchart_svg(response))


def boxes(svg: ET.Element) -> list[tuple[str, ET.Element]]:
    """(link, <a> element) for each box, in document order."""
    return [(link.get("href"), link) for link in svg.iter(f"{SVG}a")]


def label(link: ET.Element) -> str:
    return " ".join(" ".join(link.itertext()).split())


def test_flowchart_is_well_formed_svg_with_a_text_alternative(get):
    svg = flowchart(get)
    assert svg.tag == f"{SVG}svg"
    assert svg.get("aria-label")
    page = soup(get("tact", SOP_PATH))
    listed = [a["href"] for a in page.select("ol.measure-list a")]
    assert listed == [f"{SOP_PATH}{measure['slug']}/" for measure in demo_measures(4)]
    assert page.select_one("figure.flowchart-figure figcaption") is not None


def test_flowchart_links_every_measure_in_order(get):
    links = [href for href, _link in boxes(flowchart(get))]
    assert links == [f"{SOP_PATH}{measure['slug']}/" for measure in demo_measures(4)]


def test_each_box_is_labelled_with_its_measures_number_and_title(get):
    drawn, measures = boxes(flowchart(get)), demo_measures(4)
    assert len(drawn) == len(measures) > 0  # one box per measure: zip alone would pass with none drawn
    for (href, link), measure in zip(drawn, measures, strict=True):
        # Long titles wrap onto lines of their own: compare words.
        assert label(link).startswith(f"{measure['number']}.")
        assert label(link).split()[1:4] == measure["title"]["en"].split()[:3], href


def test_child_only_measure_is_dashed_and_labelled_children_only(get):
    child_slugs = {measure["slug"] for measure in demo_measures(4) if measure.get("child_only")}
    assert CHILD_MEASURE in child_slugs
    drawn = boxes(flowchart(get))
    assert [href for href, _link in drawn] == [f"{SOP_PATH}{measure['slug']}/" for measure in demo_measures(4)]
    for href, link in drawn:
        rect = link.find(f"{SVG}rect")
        is_child = href.rstrip("/").rsplit("/", 1)[1] in child_slugs
        assert (rect.get("stroke-dasharray") is not None) is is_child, href
        assert ("Children only" in label(link)) is is_child, href


def test_flowchart_changes_when_a_measure_is_added_and_when_measures_are_reordered(get):
    before = [href for href, _link in boxes(flowchart(get))]
    added = add_measure(sop_page("tact", 4), number=99, slug="follow-up-visit", title="Follow-up visit after return")
    after = boxes(flowchart(get))
    assert [href for href, _link in after] == before + [f"{SOP_PATH}follow-up-visit/"]
    assert "99. Follow-up visit after return" in label(after[-1][1])

    added.number = 0
    added.save_revision().publish()
    reordered = [href for href, _link in boxes(flowchart(get))]
    assert reordered == [f"{SOP_PATH}follow-up-visit/"] + before


def test_a_title_with_markup_is_escaped_in_the_svg(get):
    add_measure(sop_page("tact", 4), number=98, slug="escaped", title="Interview <b>& \"check\"</b>")
    svg = flowchart(get)
    link = dict(boxes(svg))[f"{SOP_PATH}escaped/"]
    assert 'Interview <b>& "check"</b>' in label(link)
    assert link.find(f".//{SVG}b") is None


def test_a_long_child_only_title_keeps_its_whole_label_and_its_children_only_mark(get):
    title = "Joint review of the guardian's and the child's own views on return, with the child protection authority"
    add_measure(sop_page("tact", 4), number=97, slug="long-child-measure", title=title, child_only=True)
    link = dict(boxes(flowchart(get)))[f"{SOP_PATH}long-child-measure/"]
    assert label(link) == f"97. {title} (Children only)"


@pytest.mark.parametrize("language", ["en", "fr", "it", "es", "ar", "uk"])
def test_every_box_shows_its_measures_whole_title_in_each_language_of_the_portal(get, language):
    path = SOP_PATH.replace("/en/", f"/{language}/", 1)
    drawn, measures = boxes(flowchart(get, path)), demo_measures(4)
    assert len(drawn) == len(measures) > 0, language
    for measure, (_href, link) in zip(measures, drawn, strict=True):
        title = measure["title"].get(language) or measure["title"]["en"]
        assert label(link).startswith(f"{measure['number']}. {' '.join(title.split())}"), language


def test_flowchart_is_drawn_in_the_tenants_accent_colour(get):
    from portal.models import PortalSettings

    tenant = PortalSettings.objects.get(site__hostname="tact.localhost")
    tenant.accent_colour = "#5a2d82"  # a colour no tenant of the demo uses
    tenant.save()
    svg = flowchart(get)
    main_boxes = [rect for rect in svg.iter(f"{SVG}rect") if rect.get("stroke-dasharray") is None]
    main_arrows = [line for line in svg.iter(f"{SVG}line") if line.get("stroke-dasharray") is None]
    assert len(main_boxes) > 1 and main_arrows
    assert {rect.get("stroke") for rect in main_boxes} == {"#5a2d82"}
    assert {line.get("stroke") for line in main_arrows} == {"#5a2d82"}
    assert svg.find(f"{SVG}defs/{SVG}marker/{SVG}path").get("fill") == "#5a2d82"
