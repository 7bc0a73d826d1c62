"""axe-core on the public pages: no serious or critical violations (WCAG 2.1 A/AA
rules and axe's best practices), with the site's CSS loaded for the contrast rules."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.search]

PAGES = {
    "home": lambda a, b: f"{a.url}/",
    "search-results": lambda a, b: f"{a.url}/zoeken/?q=poetsdienst&near=3500",
    "offering": lambda a, b: f"{b.url}/aanbod/werkplaats-kortrijk/schoonmaak-kortrijk/",
    "enterprise": lambda a, b: f"{b.url}/aanbod/werkplaats-kortrijk/",
    "demand-form": lambda a, b: f"{a.url}/stel-je-vraag/",
    "demand-index": lambda a, b: f"{a.url}/vragen/",
    "demand": lambda a, b: f"{a.url}/vragen/wie-poetst-onze-refter/",
    "directory": lambda a, b: f"{a.url}/aanbod/",
    "subscribe": lambda a, b: f"{a.url}/news/subscribe/",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_public_page_has_no_serious_accessibility_violations(live, page, axe, name):
    response = page.goto(PAGES[name](live.a, live.b))
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    # The stylesheet really loaded (colour contrast is checked against it).
    assert page.evaluate("() => document.styleSheets.length") >= 1
    violations = axe(page)
    assert violations == [], violations
