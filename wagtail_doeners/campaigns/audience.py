"""Who a campaign goes to, and freezing that into Delivery rows at launch."""

from datetime import timedelta

from django.apps import apps
from django.db import connection
from django.db.models import F
from django.utils import timezone

from wagtail_doeners.conf import doeners_settings

from .models import (
    Delivery,
    DeliveryStatus,
    FollowUpAudience,
    Subscriber,
    Suppression,
)


def contact_request_model():
    """The matchmaking app's ContactRequest, or None when that app is not installed."""
    if not apps.is_installed("wagtail_doeners.matchmaking"):
        return None
    try:
        return apps.get_model("doeners_matchmaking", "ContactRequest")
    except LookupError:
        return None


def audience(campaign, now=None):
    """Confirmed, unsuppressed subscribers in scope, segment, parent rule and cap."""
    now = now or timezone.now()
    qs = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
    if campaign.province_id:
        qs = qs.filter(province_id=campaign.province_id)
    if campaign.segment_id:
        qs = campaign.segment.subscribers(qs)
    if campaign.parent_id:
        qs = _apply_parent_rule(campaign, qs)
    qs = qs.exclude(email_hash__in=Suppression.objects.values("email_hash"))
    cap = campaign.frequency_cap_days
    if cap is None:
        cap = doeners_settings.CAMPAIGNS["FREQUENCY_CAP_DAYS"]
    if cap and not campaign.ignore_frequency_cap:
        recent = (
            Delivery.objects.filter(
                status=DeliveryStatus.SENT, sent_at__gte=now - timedelta(days=cap)
            )
            .exclude(campaign_id=campaign.pk)
            .values("subscriber__company_key")
        )
        qs = qs.exclude(company_key__in=recent)
    return qs


def _apply_parent_rule(campaign, qs):
    rule = campaign.follow_up_audience
    if rule == FollowUpAudience.ALL:
        return qs
    parent_sent = Delivery.objects.filter(
        campaign_id=campaign.parent_id, status=DeliveryStatus.SENT
    )
    if rule == FollowUpAudience.PARENT_RECEIVED:
        return qs.filter(pk__in=parent_sent.values("subscriber_id"))
    if rule == FollowUpAudience.PARENT_NOT_CLICKED:
        return qs.filter(pk__in=parent_sent.filter(clicked_at__isnull=True).values("subscriber_id"))
    # Clicked but made no contact request since the parent went out.
    qs = qs.filter(pk__in=parent_sent.filter(clicked_at__isnull=False).values("subscriber_id"))
    model = contact_request_model()
    if model is not None:
        since = campaign.parent.launched_at or campaign.parent.created_at
        keys = model.objects.filter(created_at__gte=since).values("company_key")
        qs = qs.exclude(company_key__in=keys)
    return qs


def freeze(campaign, now=None):
    """Insert one pending Delivery per audience member, in one statement. The UNIQUE
    (campaign, subscriber) constraint makes a repeated launch a no-op. Returns the
    number of rows the campaign has."""
    now = now or timezone.now()
    sub_sql, sub_params = (
        audience(campaign, now).annotate(sid=F("pk")).values("sid").query.sql_with_params()
    )
    table = Delivery._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (campaign_id, subscriber_id, status, next_attempt_at, "  # noqa: S608
            "attempts, error, bounced, unsubscribed) "
            # "WHERE TRUE": SQLite otherwise parses ON CONFLICT as a join constraint.
            f"SELECT %s, aud.sid, %s, %s, 0, '', FALSE, FALSE FROM ({sub_sql}) aud WHERE TRUE "
            "ON CONFLICT DO NOTHING",
            [campaign.pk, DeliveryStatus.PENDING, now, *sub_params],
        )
    return Delivery.objects.filter(campaign=campaign).count()
