"""An enterprise answers a demand through the signed link it got by e-mail."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_enterprise_answers_a_demand_through_the_signed_link(live, page):
    a = live.a
    link = f"{a.url}{live.setup_a['respond_path']}"
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Wie poetst onze refter?")
    expect(page.get_by_role("heading", name="Answer as Werkplaats Hasselt")).to_be_visible()
    page.get_by_label("Your answer to the company").fill(
        "Wij poetsen refters, drie keer per week kan."
    )
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, your answer was sent")

    # The same link now says it was answered, and a forged link is refused.
    page.goto(link)
    expect(page.get_by_text("You already answered this question")).to_be_visible()
    forged = page.goto(link[:-3] + "xx/")
    assert forged.status == 400
    page.goto(link)
