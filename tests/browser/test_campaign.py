"""Campaign manager journey in province B's admin: a real Celery worker and beat send
the campaign through SMTP into the aiosmtpd sink."""

import email
import email.policy
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .admin import login

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.celery, pytest.mark.smtp]

BRUSSELS = ZoneInfo("Europe/Brussels")


def _next_minute(margin=8):
    """The next whole minute at least ``margin`` s away (the admin's datetime-local
    input has minute steps), as local time in Brussels."""
    now = datetime.now(BRUSSELS)
    when = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    if (when - now).total_seconds() < margin:
        when += timedelta(minutes=1)
    return when


def _mails_to(sink, predicate):
    return [m for m in sink.messages if predicate(m[0])]


def _text(raw):
    """Every decoded text part of a raw message, joined."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    parts = [p for p in message.walk() if p.get_content_maintype() == "text"]
    return "\n".join(p.get_content() for p in parts)


def test_segment_compose_preview_test_schedule_progress_report(live, page, smtp_sink):
    b = live.b
    login(page, b, "campaigns", live.setup_b["password"])

    # Segment: the subscribers interested in cleaning.
    page.goto(f"{b.url}/admin/segment/new/")
    page.get_by_label("Name").fill("Interesse schoonmaak")
    page.get_by_label("Interests").select_option(label="Schoonmaak")
    page.get_by_role("button", name="Create").click()
    segment = page.get_by_role("row").filter(has_text="Interesse schoonmaak")
    expect(segment.get_by_role("cell").last).to_have_text("6")  # confirmed subscribers now

    # Campaign composed from the province's offerings.
    page.goto(f"{b.url}/admin/campaign/new/")
    page.get_by_label("Name").fill("Schoonmaak in de kijker")
    page.get_by_label("Subject").fill("Sociale schoonmaak bij u in de buurt")
    page.get_by_label("Province").select_option(label="West Flanders")
    page.get_by_label("Segment").select_option(label="Interesse schoonmaak")
    page.get_by_label("Featured offerings and enterprises").select_option(
        label=["Schoonmaak Kortrijk", "Groenonderhoud Kortrijk"]
    )
    page.get_by_role("button", name="Create").click()
    row = page.get_by_role("row").filter(has_text="Schoonmaak in de kijker")
    row.get_by_role("link", name="Report and actions").click()
    expect(page.get_by_role("heading", name="Schoonmaak in de kijker")).to_be_visible()

    # Preview (opens in a new tab).
    with page.context.expect_page() as popup:
        page.get_by_role("link", name="Preview (HTML)").click()
    preview = popup.value
    expect(preview.get_by_text("Schoonmaak Kortrijk").first).to_be_visible()
    expect(preview.get_by_text("Groenonderhoud Kortrijk").first).to_be_visible()
    preview.close()

    # Test send: arrives in the SMTP sink, counts for nothing.
    page.get_by_label("Test addresses").fill("manager@provincie.example")
    page.get_by_role("button", name="Send a test (not counted)").click()
    expect(page.get_by_text("Test sent to 1 address(es).")).to_be_visible()
    tests = _mails_to(smtp_sink, lambda rcpt: rcpt == "manager@provincie.example")
    assert len(tests) == 1 and "Schoonmaak Kortrijk" in _text(tests[0][3])

    # Schedule; beat launches it, the worker sends; the progress bar follows.
    when = _next_minute()
    page.get_by_label("Send at (Europe/Brussels)").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("Campaign scheduled.")).to_be_visible()
    expect(page.locator("[data-progress-status]")).to_have_text("Scheduled")
    wait_ms = int((when - datetime.now(BRUSSELS)).total_seconds() * 1000) + 60_000
    expect(page.locator("[data-progress-status]")).to_have_text("Sent", timeout=wait_ms)
    expect(page.locator("[data-progress-bar]")).to_have_js_property("value", 100)
    expect(page.locator("[data-progress-text]")).to_contain_text("6 / 6")

    # Report: reload and read the per-province table.
    page.reload()
    table = page.get_by_role("table")
    province_b = re.compile(r"west[- ](vlaanderen|flanders)", re.IGNORECASE)
    row = table.get_by_role("row").filter(has_text=province_b)
    expect(row.get_by_role("cell")).to_have_text(
        [province_b, "6", "6", "0", "0", "0", "0", "0", "0"]
    )
    readers = _mails_to(smtp_sink, lambda rcpt: rcpt.startswith("lezer"))
    # Exactly the segment (even-numbered readers follow "schoonmaak"), each once.
    assert sorted(r for r, *_ in readers) == sorted(
        f"lezer{i}@bedrijf{i}.example" for i in range(0, 12, 2)
    )
