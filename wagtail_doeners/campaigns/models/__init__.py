"""Campaign models, split by concern; imported here for Django's app registry."""

from .campaigns import Campaign, CampaignStatus, FollowUpAudience
from .deliveries import Attribution, Click, Delivery, DeliveryStatus, WebhookEvent
from .segments import Segment
from .subscribers import ConsentRecord, Subscriber, Suppression, email_hash

__all__ = [
    "Attribution",
    "Campaign",
    "CampaignStatus",
    "Click",
    "ConsentRecord",
    "Delivery",
    "DeliveryStatus",
    "FollowUpAudience",
    "Segment",
    "Subscriber",
    "Suppression",
    "WebhookEvent",
    "email_hash",
]
