"""The one scheduler: a task run by Celery beat every ~30 s polls the database.

Campaigns are never sent with long ETA/countdown tasks (Redis redelivers those after
its visibility timeout). Each tick launches due campaigns, frees expired leases,
re-kicks sending campaigns whose chunk chain was lost and marks finished ones sent.
"""

import logging
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext

from wagtail_doeners.conf import doeners_settings

from . import sending
from .models import Campaign, CampaignStatus, DeliveryStatus

logger = logging.getLogger(__name__)


def tick(now=None):
    """One scheduler pass. Returns a dict of what it did, for logs and tests."""
    now = now or timezone.now()
    conf = doeners_settings.CAMPAIGNS
    done = {"launched": [], "held": [], "kicked": [], "finished": [], "reaped": 0}
    done["reaped"] = sending.reap_expired_leases(now)

    limit = timedelta(minutes=conf["MISSED_SCHEDULE_LIMIT_MINUTES"])
    due = Campaign.objects.filter(
        status=CampaignStatus.SCHEDULED, scheduled_at__lte=now, needs_confirmation=False
    )
    for campaign in due:
        if now - campaign.scheduled_at > limit:
            # Everything was down past the schedule: a manager decides whether it is
            # still worth sending.
            Campaign.objects.filter(pk=campaign.pk).update(
                needs_confirmation=True,
                status_reason=gettext("Scheduled time missed; waiting for confirmation."),
            )
            done["held"].append(campaign.pk)
        else:
            sending.launch(campaign.pk)
            done["launched"].append(campaign.pk)

    stall = now - timedelta(seconds=conf["STALL_SECONDS"])
    sending_now = Campaign.objects.filter(status=CampaignStatus.SENDING)
    for campaign in sending_now.exclude(pk__in=done["launched"]):
        if sending.maybe_finish(campaign.pk):
            done["finished"].append(campaign.pk)
            continue
        has_due = campaign.deliveries.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now
        ).exists()
        if has_due and (campaign.heartbeat_at is None or campaign.heartbeat_at < stall):
            sending.kick(campaign.pk)
            done["kicked"].append(campaign.pk)
    if any(done[k] for k in ("launched", "held", "kicked", "finished")):
        logger.info("campaign scheduler: %s", done)
    return done


def confirm_missed(campaign_id):
    """A manager confirms a campaign whose schedule was missed: send it now."""
    updated = Campaign.objects.filter(
        pk=campaign_id, status=CampaignStatus.SCHEDULED, needs_confirmation=True
    ).update(needs_confirmation=False, status_reason="")
    if updated:
        sending.launch(campaign_id)
    return bool(updated)
