"""Attribution of later contact requests/demands, anymail webhooks, reports."""

import io
from datetime import timedelta

import pytest
from anymail.signals import AnymailTrackingEvent, tracking
from django.utils import timezone

from tests.campaigns.conftest import make_campaign, make_subscribers
from wagtail_doeners.campaigns import sending
from wagtail_doeners.campaigns.models import Attribution, Delivery, Suppression
from wagtail_doeners.campaigns.rendering import message_id
from wagtail_doeners.campaigns.reports import campaign_totals, report_rows, write_csv
from wagtail_doeners.events import event_recorded, record_event
from wagtail_doeners.pages.models import Province

pytestmark = pytest.mark.django_db


def _sent(campaign, days_ago=1):
    sending.launch(campaign.pk)
    Delivery.objects.filter(campaign=campaign).update(
        status="sent", sent_at=timezone.now() - timedelta(days=days_ago)
    )


def test_contact_request_event_is_attributed_within_the_window():
    subs = make_subscribers(3)
    campaign = make_campaign()
    _sent(campaign)
    seen = []

    def _listen(sender, kind, data, **kwargs):
        seen.append((kind, data))

    event_recorded.connect(_listen)
    try:
        record_event("contact_request", company_key=subs[0].company_key, province="limburg")
        record_event("demand_submitted", company_key=subs[1].company_key, province="limburg")
        record_event("contact_request", company_key="h:unknown", province="limburg")
        record_event("search", company_key=subs[2].company_key)
    finally:
        event_recorded.disconnect(_listen)
    assert Attribution.objects.count() == 2
    totals = campaign_totals(campaign)
    assert (totals["contact_requests"], totals["demands"]) == (1, 1)
    emitted = [d for k, d in seen if k == "campaign_attribution"]
    assert {d["attributed_kind"] for d in emitted} == {"contact_request", "demand_submitted"}
    assert all("email" not in d and d["campaign_id"] == campaign.pk for d in emitted)


def test_no_attribution_outside_the_window():
    (sub,) = make_subscribers(1)
    _sent(make_campaign(), days_ago=45)
    record_event("contact_request", company_key=sub.company_key, province="limburg")
    assert not Attribution.objects.exists()


def _event(event_type, recipient, event_id, message_id=None):
    return AnymailTrackingEvent(
        event_type=event_type,
        recipient=recipient,
        event_id=event_id,
        message_id=message_id,
        timestamp=timezone.now(),
    )


def test_anymail_bounce_and_complaint_suppress_once_per_event_id():
    subs = make_subscribers(2)
    campaign = make_campaign()
    _sent(campaign)
    mid = message_id(campaign.pk, subs[0].pk, "localhost")
    event = _event("bounced", subs[0].email, "ev-1", mid)
    tracking.send(sender=object, event=event, esp_name="Postmark")
    tracking.send(sender=object, event=event, esp_name="Postmark")  # retried webhook
    tracking.send(sender=object, event=_event("complained", subs[1].email, "ev-2"), esp_name="X")
    tracking.send(sender=object, event=_event("delivered", subs[1].email, "ev-3"), esp_name="X")
    reasons = dict(Suppression.objects.values_list("email_hash", "reason"))
    assert reasons == {subs[0].email_hash: "bounced", subs[1].email_hash: "complained"}
    assert Delivery.objects.get(campaign=campaign, subscriber=subs[0]).bounced
    assert campaign_totals(campaign)["bounced"] == 1


def test_report_rows_put_follow_ups_under_their_parent_and_export_csv():
    limburg = Province.objects.get(slug="limburg")
    make_subscribers(4)
    make_subscribers(2, province="antwerpen", prefix="a")
    parent = make_campaign(name="Vlaanderen koopt sociaal")
    other = make_campaign(name="Andere")
    _sent(parent, days_ago=20)
    child = make_campaign(name="Limburg volgt op", parent=parent, province=limburg)
    _sent(child)
    Delivery.objects.filter(campaign=child).order_by("id").first()
    rows = report_rows()
    names = [r["campaign"] for r in rows if r["province"] == "All"]
    assert names.index("Limburg volgt op") == names.index("Vlaanderen koopt sociaal") + 1
    assert "Andere" in names and other.pk
    parent_rows = {r["province"]: r for r in rows if r["campaign_id"] == parent.pk}
    assert parent_rows["All"]["sent"] == 6
    assert parent_rows["limburg"]["sent"] == 4 and parent_rows["antwerpen"]["sent"] == 2
    out = io.StringIO()
    write_csv(rows, out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Campaign,Follow-up of")
    assert any(line.startswith("Limburg volgt op,Vlaanderen koopt sociaal") for line in lines)
