"""Bounces and complaints from an ESP through django-anymail's normalised tracking
events, de-duplicated by event id. (Without an ESP, SMTP 5xx replies are handled
while sending; see sending.py.)"""

import logging

from django.db import IntegrityError, transaction

from .models import Delivery, Suppression, WebhookEvent, email_hash

logger = logging.getLogger(__name__)

_SUPPRESS = {
    "bounced": Suppression.Reason.HARD_BOUNCE,
    "complained": Suppression.Reason.COMPLAINT,
    "unsubscribed": Suppression.Reason.UNSUBSCRIBED,
}


def handle_tracking_event(esp_name, event):
    """Apply one anymail ``AnymailTrackingEvent``. Returns False for a duplicate."""
    reason = _SUPPRESS.get(event.event_type)
    event_id = event.event_id or f"{event.message_id}:{event.event_type}:{event.recipient}"
    try:
        with transaction.atomic():
            WebhookEvent.objects.create(
                esp_name=esp_name, event_id=event_id[:255], event_type=event.event_type
            )
            if reason and event.recipient:
                Suppression.add(event.recipient, reason, detail=f"{esp_name} webhook")
                hashed = email_hash(event.recipient)
                deliveries = Delivery.objects.filter(subscriber__email_hash=hashed)
                if event.message_id:
                    deliveries = deliveries.filter(
                        campaign_id=campaign_from_message_id(event.message_id)
                    )
                flag = {"bounced": "bounced", "unsubscribed": "unsubscribed"}.get(event.event_type)
                if flag:
                    deliveries.update(**{flag: True})
    except IntegrityError:
        logger.info("duplicate %s event %s ignored", esp_name, event_id)
        return False
    return True


def campaign_from_message_id(message_id):
    # <doeners.c{campaign}.s{subscriber}.{hmac}@domain>, see rendering.message_id
    try:
        return int(message_id.strip("<>").split(".")[1][1:])
    except (IndexError, ValueError):
        return None


def on_tracking(sender, event, esp_name, **kwargs):
    handle_tracking_event(esp_name, event)
