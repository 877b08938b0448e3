"""Site search in Chromium: a visitor searches, refines with facets and opens a result; every page passes axe-core."""
import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import TENANTS, axe_violations

pytestmark = pytest.mark.browser

# The search box: <input type="search" list="..."> has the ARIA role "combobox" (not "searchbox"), so
# tests find it by its label, as a screen reader announces it.
LABEL = "Contacts, guidelines, country profiles and documents"
RESULTS_HEADING = re.compile(r"^(\d+) results?$")
ARABIC_ROLE_WORD = "النيابة"  # from "النيابة العامة", a role name in directory/data/reference.json


def result_count(page) -> int:
    heading = page.locator("#results-heading")
    expect(heading).to_have_text(RESULTS_HEADING)
    return int(RESULTS_HEADING.match(heading.inner_text().strip()).group(1))


def result_links(page):
    return page.locator("ol.search-results .search-result__title a")


def test_visitor_searches_refines_by_country_and_opens_a_result(live_portal, page):
    base = live_portal.format(tenant=TENANTS["bsr"])
    page.goto(f"{base}/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/en/search/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")

    search = page.get_by_role("search", name="Search this portal")
    box = search.get_by_label(LABEL)
    box.fill("prosecutor")
    with page.expect_navigation():
        search.get_by_role("button", name="Search").click()
    assert parse_qs(urlparse(page.url).query)["q"] == ["prosecutor"]
    expect(page).to_have_title(re.compile("Search: prosecutor"))

    total = result_count(page)
    assert total >= 1
    assert result_links(page).count() >= 1
    assert page.locator("ol.search-results li.search-result--contact").count() >= 1

    filters = page.locator("form.filters")
    for legend in ("Type", "Country", "Role"):
        group = filters.get_by_role("group", name=legend)
        expect(group).to_be_visible()
        assert group.get_by_role("checkbox").count() >= 1, legend
    expect(filters.get_by_role("group", name="Type").get_by_label(re.compile(r"^Contacts"))).to_be_visible()
    before = result_links(page).evaluate_all("links => links.map(a => a.getAttribute('href'))")

    countries = filters.get_by_role("group", name="Country")
    assert countries.get_by_role("checkbox").count() >= 2  # more than one country, so a choice narrows the results
    countries.get_by_label(re.compile(r"^Lithuania")).check()
    with page.expect_navigation():
        filters.get_by_role("button", name="Apply filters").click()
    query = parse_qs(urlparse(page.url).query)
    assert query["q"] == ["prosecutor"] and query["country"] == ["LT"]

    narrowed = result_count(page)
    assert 1 <= narrowed < total
    after = result_links(page).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert after != before and set(after) <= set(before)
    for snippet in page.locator("ol.search-results .search-result__snippet").all_inner_texts():
        assert "Lithuania" in snippet
    expect(page.locator("form.filters").get_by_role("group", name="Country").get_by_label(re.compile(r"^Lithuania"))
           ).to_be_checked()
    expect(page.get_by_label(LABEL)).to_have_value("prosecutor")

    first = result_links(page).first
    title = first.inner_text()
    with page.expect_navigation() as navigation:
        first.click()
    assert navigation.value.status == 200
    assert re.search(r"/en/directory/\d+/$", page.url)
    assert page.locator("h1").inner_text().strip()
    assert title


def test_a_typing_error_is_corrected_and_said_so(live_portal, page):
    base = live_portal.format(tenant=TENANTS["bsr"])
    response = page.goto(f"{base}/en/search/?q=prosecuter")
    assert response.status == 200
    notice = page.get_by_role("status").filter(has_text="showing results for")
    expect(notice).to_have_text("No results for your search; showing results for “prosecutor” instead.")
    assert result_count(page) >= 1
    expect(result_links(page).first).to_contain_text(re.compile("prosecutor", re.IGNORECASE))
    expect(page.get_by_label(LABEL)).to_have_value("prosecuter")  # the visitor's own words stay in the box


def test_search_in_german_and_in_arabic(live_portal, page):
    german = page.goto(live_portal.format(tenant=TENANTS["bsr"]) + "/de/search/?q=Staatsanwalt")
    assert german.status == 200
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("ol.search-results li.search-result").count() >= 1
    assert all(href.startswith("/de/") for href in
               result_links(page).evaluate_all("links => links.map(a => a.getAttribute('href'))"))

    arabic = page.goto(live_portal.format(tenant=TENANTS["tact"]) + f"/ar/search/?q={ARABIC_ROLE_WORD}")
    assert arabic.status == 200
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar" and html.get_attribute("dir") == "rtl"
    expect(page.get_by_role("search").locator("input[name=q]")).to_have_value(ARABIC_ROLE_WORD)
    assert page.locator("ol.search-results li.search-result").count() >= 1
    assert all(href.startswith("/ar/") for href in
               result_links(page).evaluate_all("links => links.map(a => a.getAttribute('href'))"))


@pytest.mark.parametrize(
    ("tenant", "path"),
    [
        ("bsr", "/en/search/"),
        ("bsr", "/en/search/?q=prosecutor"),
        ("bsr", "/en/search/?q=prosecutor&country=LT&type=contact"),
        ("bsr", "/en/search/?q=prosecuter"),
        ("bsr", "/de/search/?q=Staatsanwalt"),
        ("tact", f"/ar/search/?q={ARABIC_ROLE_WORD}"),
    ],
)
def test_search_pages_have_no_accessibility_violations(live_portal, page, axe_source, tenant, path):
    url = live_portal.format(tenant=TENANTS[tenant]) + path
    response = page.goto(url)
    assert response.status == 200, url
    if "q=" in path:
        assert page.locator("form.filters fieldset").count() >= 1, url  # the facets are part of what axe checks
    assert axe_violations(page, axe_source) == [], url


def test_suggestions_fill_the_datalist_while_typing(live_portal, page, axe_source):
    page.goto(live_portal.format(tenant=TENANTS["bsr"]) + "/en/search/")
    box = page.get_by_label(LABEL)
    assert box.get_attribute("list") == "search-suggestions"
    options = page.locator("datalist#search-suggestions option")
    assert options.count() == 0
    # The script waits for a pause in typing (200 ms) and asks once for what is in the box then.
    with page.expect_response(lambda r: urlparse(r.url).path == "/en/search/suggest/"
                              and parse_qs(urlparse(r.url).query).get("q") == ["pros"]) as suggest:
        box.press_sequentially("pros", delay=30)
    answer = suggest.value
    assert answer.status == 200
    suggestions = answer.json()["suggestions"]
    assert suggestions
    expect(options).to_have_count(len(suggestions))
    values = options.evaluate_all("options => options.map(o => o.value)")
    assert values == suggestions
    assert any("prosecutor" in value.lower() for value in values)
    assert axe_violations(page, axe_source) == []


def test_an_unknown_result_type_is_a_400_that_names_it(live_portal, page, axe_source):
    response = page.goto(live_portal.format(tenant=TENANTS["bsr"]) + "/en/search/?q=x&type=bogus")
    assert response.status == 400
    expect(page.locator("h1")).to_have_text("This request could not be understood")
    expect(page.locator("main .error-message")).to_contain_text("bogus")
    assert axe_violations(page, axe_source) == []
