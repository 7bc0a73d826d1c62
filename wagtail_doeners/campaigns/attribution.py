"""Attribute a company's later contact request or demand to the campaign that mailed
it last, within ATTRIBUTION_WINDOW_DAYS. Evaluation reads the emitted event.

Two ways in, no import coupling either way:
- the ``wagtail_doeners.events.event_recorded`` signal for kinds ``contact_request``
  and ``demand_submitted`` (connected in apps.py);
- a direct call to ``attribute(company_key, kind, at, province)``.
"""

from datetime import timedelta

from django.utils import timezone

from wagtail_doeners.conf import doeners_settings
from wagtail_doeners.events import record_event

from .models import Attribution, Delivery, DeliveryStatus

KINDS = {Attribution.Kind.CONTACT_REQUEST, Attribution.Kind.DEMAND}


def attribute(company_key, kind, at=None, province=""):
    """Record an Attribution for the most recent campaign mail to ``company_key``
    sent within the window before ``at``. Returns it, or None."""
    if not company_key or kind not in KINDS:
        return None
    at = at or timezone.now()
    window = timedelta(days=doeners_settings.CAMPAIGNS["ATTRIBUTION_WINDOW_DAYS"])
    delivery = (
        Delivery.objects.filter(
            subscriber__company_key=company_key,
            status=DeliveryStatus.SENT,
            sent_at__lte=at,
            sent_at__gte=at - window,
        )
        .select_related("campaign")
        .order_by("-sent_at")
        .first()
    )
    if delivery is None:
        return None
    attribution = Attribution.objects.create(
        campaign=delivery.campaign,
        delivery=delivery,
        company_key=company_key,
        kind=kind,
        province=province or "",
        at=at,
    )
    record_event(
        "campaign_attribution",
        campaign_id=delivery.campaign_id,
        campaign=delivery.campaign.utm_campaign,  # the evaluation app's variant
        province=province or "",
        attributed_kind=kind,  # record_event's own first argument is called kind
    )
    return attribution


def on_event_recorded(sender, kind, data, **kwargs):
    if kind in KINDS:
        attribute(data.get("company_key"), kind, data.get("at"), data.get("province", ""))
