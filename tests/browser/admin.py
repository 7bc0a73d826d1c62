"""Wagtail admin steps shared by the journeys."""

import re

from playwright.sync_api import expect


def login(page, site, username, password):
    page.goto(f"{site.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def publish(page):
    """Wagtail's footer: "Save draft" is the main action, Publish is in its dropdown."""
    footer = page.locator("footer")
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name="Publish").click()
