"""Bounces without an ESP: delivery status notifications (RFC 3464) read from a bounce
mailbox. A permanent failure (Status 5.x.x, Action failed) is a hard bounce: the
recipient is suppressed and the campaign's delivery flagged. Each DSN is processed
once (keyed by its own Message-ID)."""

import email
import logging
from email import policy

from django.db import IntegrityError, transaction

from .models import Delivery, Suppression, WebhookEvent, email_hash
from .webhooks import campaign_from_message_id

logger = logging.getLogger(__name__)


def parse_dsn(raw):
    """``(failed, original_message_id)`` of a DSN, where ``failed`` lists
    ``(recipient, status)`` of permanent failures. Non-DSN mail gives ``([], None)``."""
    msg = email.message_from_bytes(raw, policy=policy.compat32)
    if msg.get_content_type() != "multipart/report":
        return [], None
    failed, original = [], None
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype == "message/delivery-status":
            # The payload is a list of header blocks: per-message, then per-recipient.
            for block in part.get_payload()[1:]:
                action = (block.get("Action") or "").strip().lower()
                status = (block.get("Status") or "").strip()
                recipient = block.get("Final-Recipient") or block.get("Original-Recipient") or ""
                recipient = recipient.split(";", 1)[-1].strip().strip("<>")
                if action == "failed" and status.startswith("5") and "@" in recipient:
                    failed.append((recipient.lower(), status))
        elif ctype in ("message/rfc822", "text/rfc822-headers") and original is None:
            payload = part.get_payload()
            if isinstance(payload, list) and payload:
                original = payload[0].get("Message-ID")
            elif isinstance(payload, str):
                original = email.message_from_string(payload).get("Message-ID")
    return failed, (original or "").strip() or None


def process_dsn(raw):
    """Apply one bounce message. Returns the number of recipients suppressed, or None
    when this DSN was already processed."""
    msg_id = email.message_from_bytes(raw, policy=policy.compat32).get("Message-ID") or ""
    failed, original = parse_dsn(raw)
    campaign_id = campaign_from_message_id(original) if original else None
    try:
        with transaction.atomic():
            if msg_id:
                WebhookEvent.objects.create(
                    esp_name="dsn", event_id=msg_id[:255], event_type="bounced"
                )
            for recipient, status in failed:
                Suppression.add(recipient, Suppression.Reason.HARD_BOUNCE, detail=f"DSN {status}")
                deliveries = Delivery.objects.filter(subscriber__email_hash=email_hash(recipient))
                if campaign_id:
                    deliveries = deliveries.filter(campaign_id=campaign_id)
                deliveries.update(bounced=True)
    except IntegrityError:
        logger.info("DSN %s already processed", msg_id)
        return None
    return len(failed)
