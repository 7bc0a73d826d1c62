"""One Delivery row per (campaign, subscriber): the unit workers claim and send."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped (suppressed)")


class Delivery(models.Model):
    campaign = models.ForeignKey(
        "doeners_campaigns.Campaign", on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        "doeners_campaigns.Subscriber", on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    # A claimed row is leased: if its worker dies, the reaper frees it after lease_until.
    lease_until = models.DateTimeField(null=True, blank=True)
    # Transient SMTP failures wait until this time; no ETA tasks are used.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=255, blank=True)
    bounced = models.BooleanField(default=False)
    unsubscribed = models.BooleanField(default=False)
    clicked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "subscriber"], name="doeners_delivery_once_per_campaign"
            )
        ]
        indexes = [models.Index(fields=["campaign", "status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.campaign_id}/{self.subscriber_id}: {self.status}"


class Click(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="clicks")
    url = models.URLField(max_length=1000)
    at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.url


class Attribution(models.Model):
    """A contact request or demand by a company that a campaign mailed before."""

    class Kind(models.TextChoices):
        CONTACT_REQUEST = "contact_request", _("Contact request")
        DEMAND = "demand_submitted", _("Demand")

    campaign = models.ForeignKey(
        "doeners_campaigns.Campaign", on_delete=models.CASCADE, related_name="attributions"
    )
    delivery = models.ForeignKey(Delivery, null=True, on_delete=models.SET_NULL, related_name="+")
    company_key = models.CharField(max_length=40, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    province = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("attribution")
        verbose_name_plural = _("attributions")

    def __str__(self):
        return f"{self.kind} → {self.campaign_id}"


class WebhookEvent(models.Model):
    """ESP tracking events already processed, for de-duplication by event id."""

    esp_name = models.CharField(max_length=50)
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=30)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["esp_name", "event_id"], name="doeners_webhook_once")
        ]

    def __str__(self):
        return f"{self.esp_name} {self.event_id}"
