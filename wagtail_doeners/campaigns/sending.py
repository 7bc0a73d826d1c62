"""Crash-safe sending. Workers claim Delivery rows (not broker messages) with
``SELECT … FOR UPDATE SKIP LOCKED`` and a lease; a reaper frees expired leases; the
scheduler re-kicks a campaign whose chain of chunk tasks was lost.

Guarantee: at-least-once at the SMTP boundary. A row is marked sent right after its
batch was handed to the SMTP server, so a worker killed mid-chunk resends at most the
rows it had claimed and not yet marked (≤ CHUNK_SIZE, usually ≤ one batch).
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from wagtail_doeners.conf import doeners_settings
from wagtail_doeners.queueing import delay_on_commit

from . import audience
from .models import Campaign, CampaignStatus, Delivery, DeliveryStatus, Suppression
from .ratelimit import bucket_for
from .rendering import build_content, render_message

logger = logging.getLogger(__name__)

TRANSIENT_CODES = {421, 450, 451, 452, 454}
# Rows handed to SMTP between two database flushes (and pause / suppression checks).
BATCH = 25


def _conf():
    return doeners_settings.CAMPAIGNS


def _enqueue_chunks(campaign_id, count):
    from .tasks import send_chunk_task

    for _ in range(count):
        delay_on_commit(send_chunk_task, campaign_id)


def kick(campaign_id):
    """Start PARALLEL_CHUNKS chains of chunk tasks (after the current commit)."""
    Campaign.objects.filter(pk=campaign_id).update(heartbeat_at=timezone.now())
    _enqueue_chunks(campaign_id, _conf()["PARALLEL_CHUNKS"])


# --- Status changes -----------------------------------------------------------------


def launch(campaign_id, now=None):
    """Freeze the audience and start sending. Idempotent; returns the audience size."""
    now = now or timezone.now()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        if campaign.status not in (CampaignStatus.DRAFT, CampaignStatus.SCHEDULED):
            return campaign.deliveries.count()
        size = audience.freeze(campaign, now)
        campaign.status = CampaignStatus.SENDING
        campaign.launched_at = now
        campaign.needs_confirmation = False
        campaign.status_reason = ""
        campaign.save(
            update_fields=["status", "launched_at", "needs_confirmation", "status_reason"]
        )
        kick(campaign.pk)
    logger.info("campaign %s launched to %s subscribers", campaign_id, size)
    return size


def schedule(campaign_id, when):
    return Campaign.objects.filter(
        pk=campaign_id, status__in=[CampaignStatus.DRAFT, CampaignStatus.SCHEDULED]
    ).update(status=CampaignStatus.SCHEDULED, scheduled_at=when, needs_confirmation=False)


def pause(campaign_id, reason=""):
    """Stop claiming; workers release what they claimed after their current batch."""
    return Campaign.objects.filter(
        pk=campaign_id, status__in=[CampaignStatus.SCHEDULED, CampaignStatus.SENDING]
    ).update(status=CampaignStatus.PAUSED, status_reason=reason[:255])


def resume(campaign_id):
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        if campaign.status != CampaignStatus.PAUSED:
            return False
        campaign.status_reason = ""
        if campaign.launched_at:
            campaign.status = CampaignStatus.SENDING
            campaign.save(update_fields=["status", "status_reason"])
            kick(campaign.pk)
        else:
            campaign.status = CampaignStatus.SCHEDULED
            campaign.save(update_fields=["status", "status_reason"])
    return True


def cancel(campaign_id):
    """Cancel at any time; rows not yet sent stay unsent and are reported as such."""
    return (
        Campaign.objects.filter(pk=campaign_id)
        .exclude(status__in=[CampaignStatus.SENT, CampaignStatus.CANCELLED])
        .update(status=CampaignStatus.CANCELLED, finished_at=timezone.now())
    )


def maybe_finish(campaign_id):
    """Mark the campaign sent, but only when no row is pending or being sent."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        if campaign.status != CampaignStatus.SENDING:
            return False
        open_rows = campaign.deliveries.filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]
        )
        if open_rows.exists():
            return False
        campaign.status = CampaignStatus.SENT
        campaign.finished_at = timezone.now()
        campaign.save(update_fields=["status", "finished_at"])
    return True


def reap_expired_leases(now=None):
    """Hand rows whose worker died (lease expired) back to the pending pool."""
    now = now or timezone.now()
    return Delivery.objects.filter(status=DeliveryStatus.SENDING, lease_until__lt=now).update(
        status=DeliveryStatus.PENDING, lease_until=None
    )


# --- Claiming and sending -----------------------------------------------------------


def claim(campaign_id, limit, now=None):
    """Lease up to ``limit`` due pending rows of a sending campaign; returns their ids."""
    now = now or timezone.now()
    with transaction.atomic():
        if not Campaign.objects.filter(pk=campaign_id, status=CampaignStatus.SENDING).exists():
            return []
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(
                campaign_id=campaign_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
            )
            .order_by("id")
            .values_list("id", flat=True)[:limit]
        )
        if ids:
            Delivery.objects.filter(id__in=ids).update(
                status=DeliveryStatus.SENDING,
                lease_until=now + timedelta(seconds=_conf()["LEASE_SECONDS"]),
                attempts=F("attempts") + 1,
            )
            Campaign.objects.filter(pk=campaign_id).update(heartbeat_at=now)
    return ids


def _smtp_code(exc):
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return (codes[0] if codes else 550), str(exc.recipients)[:255]
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code, f"{exc.smtp_code} {exc.smtp_error!r}"[:255]
    return None, f"{type(exc).__name__}: {exc}"[:255]


class _Outcome:
    def __init__(self):
        self.sent, self.skipped, self.retry, self.failed = [], [], [], []

    def __len__(self):
        return len(self.sent) + len(self.skipped) + len(self.retry) + len(self.failed)


def _flush(campaign, outcome, rows_by_id, claimed_left):
    conf, now = _conf(), timezone.now()
    with transaction.atomic():
        if outcome.sent:
            Delivery.objects.filter(id__in=outcome.sent).update(
                status=DeliveryStatus.SENT, sent_at=now, lease_until=None, error=""
            )
        if outcome.skipped:
            Delivery.objects.filter(id__in=outcome.skipped).update(
                status=DeliveryStatus.SKIPPED, lease_until=None
            )
        for delivery_id, error in outcome.retry:
            attempts = rows_by_id[delivery_id].attempts
            if attempts >= conf["MAX_ATTEMPTS"]:
                outcome.failed.append((delivery_id, error, False))
                continue
            delay = min(
                conf["BACKOFF_BASE_SECONDS"] * 2 ** (attempts - 1), conf["BACKOFF_MAX_SECONDS"]
            )
            Delivery.objects.filter(id=delivery_id).update(
                status=DeliveryStatus.PENDING,
                lease_until=None,
                error=error,
                next_attempt_at=now + timedelta(seconds=delay),
            )
        for delivery_id, error, hard_bounce in outcome.failed:
            Delivery.objects.filter(id=delivery_id).update(
                status=DeliveryStatus.FAILED, lease_until=None, error=error, bounced=hard_bounce
            )
            if hard_bounce:
                Suppression.add(
                    rows_by_id[delivery_id].subscriber.email,
                    Suppression.Reason.HARD_BOUNCE,
                    campaign=campaign,
                    detail=error,
                )
        if claimed_left:
            # Still working: extend the lease of what this worker holds.
            Delivery.objects.filter(id__in=claimed_left, status=DeliveryStatus.SENDING).update(
                lease_until=now + timedelta(seconds=conf["LEASE_SECONDS"])
            )
    return _Outcome()


def _release(ids):
    if ids:
        Delivery.objects.filter(id__in=ids, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.PENDING, lease_until=None, attempts=F("attempts") - 1
        )


def _transport_name():
    return f"{getattr(settings, 'EMAIL_HOST', '')}:{getattr(settings, 'EMAIL_PORT', '')}"


def send_chunk(campaign_id):
    """Claim one chunk of a campaign and send it over one SMTP connection. Chains the
    next chunk while there is work. Returns the number of rows claimed."""
    conf = _conf()
    ids = claim(campaign_id, conf["CHUNK_SIZE"])
    if not ids:
        maybe_finish(campaign_id)
        return 0
    campaign = Campaign.objects.select_related("province").get(pk=campaign_id)
    rows = list(
        Delivery.objects.filter(id__in=ids)
        .select_related("subscriber")
        .only(
            "id",
            "attempts",
            "subscriber__id",
            "subscriber__email",
            "subscriber__first_name",
            "subscriber__email_hash",
        )
        .order_by("id")
    )
    rows_by_id = {row.id: row for row in rows}
    remaining = {row.id for row in rows}
    limiter = bucket_for(doeners_settings.PROVINCE, _transport_name())
    content = build_content(campaign)
    connection = get_connection(fail_silently=False)
    outcome = _Outcome()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("campaign %s: SMTP unavailable (%s); chunk released", campaign_id, exc)
        _release(remaining)
        return 0
    try:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            status = (
                Campaign.objects.filter(pk=campaign_id).values_list("status", flat=True).first()
            )
            if status != CampaignStatus.SENDING:
                break
            # Suppression is checked again at send time: someone may have unsubscribed
            # since the audience was frozen.
            hashes = [row.subscriber.email_hash for row in batch]
            suppressed = set(
                Suppression.objects.filter(email_hash__in=hashes).values_list(
                    "email_hash", flat=True
                )
            )
            limiter.acquire(sum(1 for row in batch if row.subscriber.email_hash not in suppressed))
            connected = True
            for row in batch:
                if row.subscriber.email_hash in suppressed:
                    remaining.discard(row.id)
                    outcome.skipped.append(row.id)
                    continue
                remaining.discard(row.id)
                connected = _send_one(connection, content, row, outcome)
                if not connected:
                    break
            outcome = _flush(campaign, outcome, rows_by_id, remaining)
            if not connected:
                # The SMTP server is gone: hand the rest back instead of failing it.
                logger.warning("campaign %s: SMTP connection lost; chunk released", campaign_id)
                break
    finally:
        try:
            _flush(campaign, outcome, rows_by_id, [])
        finally:
            _release(remaining)
            try:
                connection.close()
            except (smtplib.SMTPException, OSError):
                pass
    _check_error_rate(campaign_id)
    if not maybe_finish(campaign_id) and len(ids) == conf["CHUNK_SIZE"]:
        _enqueue_chunks(campaign_id, 1)
    return len(ids)


def _send_one(connection, content, row, outcome):
    """Hand one message to SMTP and record the outcome. False: no usable connection."""
    sub = row.subscriber
    msg = render_message(
        content,
        delivery_id=row.id,
        subscriber_id=sub.id,
        email=sub.email,
        first_name=sub.first_name,
        connection=connection,
    )
    try:
        handed_over = connection.send_messages([msg])
    except (smtplib.SMTPException, OSError) as exc:
        code, error = _smtp_code(exc)
        if code is not None and code >= 500:
            hard = isinstance(exc, smtplib.SMTPRecipientsRefused) or code in (550, 551, 553)
            outcome.failed.append((row.id, error, hard))
        else:
            outcome.retry.append((row.id, error))
        if code is None or code == 421:
            # The server dropped us (or will): reconnect for the rest of the chunk.
            try:
                connection.close()
            except (smtplib.SMTPException, OSError):
                pass
            try:
                connection.open()
            except (smtplib.SMTPException, OSError):
                return False
        return True
    if handed_over:
        outcome.sent.append(row.id)
    else:
        outcome.retry.append((row.id, "not accepted by the mail backend"))
    return True


def _check_error_rate(campaign_id):
    conf = _conf()
    counts = Delivery.objects.filter(campaign_id=campaign_id).aggregate(
        done=Count("id", filter=Q(status__in=[DeliveryStatus.SENT, DeliveryStatus.FAILED])),
        failed=Count("id", filter=Q(status=DeliveryStatus.FAILED)),
    )
    if (
        counts["done"] >= conf["ERROR_MIN_SAMPLE"]
        and counts["failed"] > conf["ERROR_RATE_PAUSE"] * counts["done"]
    ):
        pause(
            campaign_id,
            reason=f"auto-paused: {counts['failed']} of {counts['done']} deliveries failed",
        )
        logger.warning("campaign %s auto-paused on its error rate", campaign_id)


def send_test(campaign_id, addresses, first_name="Test"):
    """Send the campaign to ``addresses`` now. No Delivery rows: not in reports, and
    its links and unsubscribe token are inert (delivery/subscriber 0)."""
    campaign = Campaign.objects.get(pk=campaign_id)
    content = build_content(campaign, test=True)
    connection = get_connection(fail_silently=False)
    messages = [
        render_message(
            content,
            delivery_id=0,
            subscriber_id=0,
            email=address,
            first_name=first_name,
            connection=connection,
        )
        for address in addresses
    ]
    return connection.send_messages(messages) or 0
