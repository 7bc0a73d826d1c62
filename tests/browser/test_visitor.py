"""Visitor journeys on the public site of province A (Limburg), across to B."""

import re
import time

import pytest
from playwright.sync_api import expect

from .admin import login

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.search]


def _wait_for_mail(sink, rcpt, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in sink.messages if m[0] == rcpt]
        if found:
            return found
        time.sleep(0.2)
    return []


def test_search_filter_open_other_province_and_request_contact(live, page, smtp_sink):
    a, b = live.a, live.b
    page.goto(f"{a.url}/zoeken/")
    page.get_by_label("Search for").fill("poetsdienst")
    page.get_by_label("Near postal code").fill("3500")
    page.get_by_role("button", name="Search", exact=True).click()

    results = page.locator("ol.results > li")
    # The synonym finds offerings that say "schoonmaak", in both provinces.
    expect(results.get_by_role("link", name="Schoonmaak Kortrijk")).to_be_visible()
    expect(results.get_by_role("link", name="Kantoorschoonmaak Hasselt")).to_be_visible()
    expect(results.get_by_role("link", name="Strijkdienst Hasselt")).to_be_visible()

    facets = page.get_by_role("complementary", name="Filters")
    facets.get_by_role("group", name="Category").get_by_label("Schoonmaak").check()
    facets.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"[?&]category="))
    expect(results.get_by_role("link", name="Strijkdienst Hasselt")).to_have_count(0)
    expect(results.get_by_role("link", name="Kantoorschoonmaak Hasselt")).to_be_visible()

    results.get_by_role("link", name="Schoonmaak Kortrijk").click()
    # The canonical URL of B's offering: the page is served by B's own site.
    expect(page).to_have_url(re.compile("^" + re.escape(b.url + "/")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Schoonmaak Kortrijk")

    form = page.locator("form.contact-request-form")
    form.get_by_label("Company name").fill("Bouw Hasselt BV")
    form.get_by_label("Postal code").fill("3500")
    form.get_by_label("Contact person").fill("An Peeters")
    form.get_by_label("E-mail address").fill("an@bouwhasselt.example")
    form.get_by_label("Your question").fill("Kunnen jullie wekelijks onze kantoren poetsen?")
    form.get_by_role("checkbox").last.check()
    page.wait_for_timeout(3000)  # the spam check rejects forms sent back within 3 s
    form.get_by_role("button", name="Send request").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, your request was sent")
    # B's Celery worker mails the enterprise and confirms to the requester (SMTP sink).
    assert _wait_for_mail(smtp_sink, "an@bouwhasselt.example"), "no confirmation mail"
    assert _wait_for_mail(smtp_sink, "contact@werkplaats.example"), "enterprise not mailed"


def test_post_a_question_that_awaits_moderation(live, page):
    a = live.a
    page.goto(f"{a.url}/")
    page.goto(f"{a.url}/stel-je-vraag/")
    form = page.locator("main form")
    form.get_by_label("Title").fill("Wie herstelt onze paletten?")
    form.get_by_label("Category").select_option(label="Schoonmaak")
    form.get_by_label("Describe what you are looking for").fill("Twintig paletten per week.")
    form.get_by_label("Company name").fill("Logistiek Genk NV")
    form.get_by_label("Postal code").fill("3600")
    form.get_by_label("Contact person").fill("Jef Claes")
    form.get_by_label("E-mail address").fill("jef@logistiekgenk.example")
    form.get_by_role("checkbox").last.check()
    page.wait_for_timeout(3000)  # the spam check rejects forms sent back within 3 s
    form.get_by_role("button").last.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you, we received your question"
    )
    expect(page.get_by_text("Our staff will check it shortly")).to_be_visible()
    # Not published before a moderator approves it.
    listing = page.context.new_page()
    listing.goto(f"{a.url}/vragen/")
    expect(listing.get_by_role("heading", level=1)).to_be_visible()
    expect(listing.get_by_text("Wie herstelt onze paletten?")).to_have_count(0)
    listing.close()

    # The province's editor finds it waiting in the moderation list of the admin.
    login(page, a, "editor", live.setup_a["password"])
    page.get_by_role("link", name="Demand moderation").click()
    row = page.get_by_role("row").filter(has_text="Wie herstelt onze paletten?")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(re.compile("pending", re.IGNORECASE))


def _no_horizontal_overflow(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_phone_viewport_everything_reachable(live, new_context, javascript):
    a, b = live.a, live.b
    context = new_context(
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
    )
    page = context.new_page()
    offering = live.setup_b["offerings"]["Schoonmaak Kortrijk"]
    urls = [
        f"{a.url}/",
        f"{a.url}/aanbod/",
        f"{a.url}/vragen/",
        f"{a.url}/stel-je-vraag/",
        f"{a.url}/zoeken/?q=schoonmaak&near=3500",
        f"{b.url}/contact/{offering}/",
    ]
    for url in urls:
        page.goto(url)
        assert _no_horizontal_overflow(page), f"horizontal scrolling at 375 px on {url}"
        nav = page.get_by_role("navigation", name="Main navigation")
        for name in ("Offer", "Questions", "Search"):
            link = nav.get_by_role("link", name=name, exact=True)
            link.scroll_into_view_if_needed()
            expect(link).to_be_in_viewport()

    # Facets are a plain GET form: they work with JavaScript off too.
    page.goto(f"{a.url}/zoeken/?q=schoonmaak&near=3500")
    results = page.locator("ol.results > li")
    expect(results.get_by_role("link", name="Groenonderhoud Kortrijk")).to_have_count(0)
    before = results.count()
    facets = page.get_by_role("complementary", name="Filters")
    province = facets.get_by_role("group", name="Province").get_by_label(re.compile("West"))
    province.scroll_into_view_if_needed()
    expect(province).to_be_in_viewport()
    province.check()
    apply = facets.get_by_role("button", name="Apply filters")
    apply.scroll_into_view_if_needed()
    apply.click()
    expect(page).to_have_url(re.compile(r"[?&]province=west-vlaanderen"))
    expect(results.get_by_role("link", name="Schoonmaak Kortrijk")).to_be_visible()
    expect(results.get_by_role("link", name="Kantoorschoonmaak Hasselt")).to_have_count(0)
    assert 0 < results.count() < before
    assert _no_horizontal_overflow(page)
