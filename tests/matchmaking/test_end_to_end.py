"""Contact request → notification mails → follow-up → confirmed collaboration → the
figures of the parliamentary report change (evaluation.metrics is what the report,
dashboard and CSV exports call)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail_doeners.evaluation.metrics import Period, collaborations
from wagtail_doeners.matchmaking.followups import send_due_followups
from wagtail_doeners.matchmaking.models import ContactRequest, Match

from .conftest import aged_timestamp, contact_payload

pytestmark = pytest.mark.django_db


def test_contact_to_collaboration_changes_the_report(client, commit, offering):
    today = timezone.localdate()
    period = Period(today - timedelta(days=60), today, None)
    before = collaborations(period)

    response = commit(
        client.post,
        reverse("wagtail_doeners:matchmaking:contact", args=[offering.pk]),
        contact_payload(form_ts=aged_timestamp()),
        HTTP_HOST="limburg.test",
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 2  # enterprise notified, company confirmed
    # A month passes.
    Match.objects.update(created_at=timezone.now() - timedelta(days=31))
    ContactRequest.objects.update(created_at=timezone.now() - timedelta(days=31))
    mail.outbox.clear()

    assert send_due_followups() == 2
    enterprise_mail = next(m for m in mail.outbox if m.to == ["private@devlier.example"])
    url = re.search(r"https?://\S+/opvolging/\S+\?answer=yes", enterprise_mail.body).group(0)
    path = "/" + url.split("://", 1)[1].split("/", 1)[1].split("?")[0]
    assert client.post(path, {"answer": "yes", "value_band": "25k-100k"}).status_code == 200

    after = collaborations(period)
    funnel = {step["key"]: step["value"] for step in after["funnel"]}
    funnel_before = {step["key"]: step["value"] for step in before["funnel"]}
    assert funnel["contact_requests"] == funnel_before["contact_requests"] + 1
    assert funnel["confirmed"] == funnel_before["confirmed"] + 1
    assert after["collaborations"] == before["collaborations"] + 1
    bands = {row["key"]: row["value"] for row in after["by_value_band"]}
    bands_before = {row["key"]: row["value"] for row in before["by_value_band"]}
    assert bands["25k-100k"] == bands_before.get("25k-100k", 0) + 1
