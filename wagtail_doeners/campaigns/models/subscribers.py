"""Subscribers (company contacts), their consent records and the suppression list."""

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail_doeners.companies import company_key
from wagtail_doeners.geo import lookup_postal_code
from wagtail_doeners.pages.choices import SizeClass


def email_hash(email):
    """A stable hash of a normalised address. The suppression list stores this, so an
    erased subscriber stays suppressed without us keeping the address."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        ERASED = "erased", _("Erased")

    email = models.EmailField(_("e-mail"), unique=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    company_name = models.CharField(_("company name"), max_length=255, blank=True)
    company_kbo = models.CharField(_("KBO number"), max_length=12, blank=True)
    company_key = models.CharField(_("company key"), max_length=40, blank=True, db_index=True)
    # Joined against Suppression.email_hash when the audience is frozen.
    email_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    province = models.ForeignKey(
        "doeners_pages.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nace_section = models.ForeignKey(
        "doeners_pages.NaceCode",
        verbose_name=_("NACE section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"level": "section"},
    )
    size_class = models.CharField(
        _("size class"), max_length=10, choices=SizeClass.choices, blank=True
    )
    interests = models.ManyToManyField(
        "doeners_pages.OfferingCategory",
        verbose_name=_("interests"),
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10, default="nl-be")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [models.Index(fields=["status", "province"])]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    def derive(self):
        """Province from the postal code (lookup table, never digit ranges) and the
        pseudonymous company key used for attribution."""
        from wagtail_doeners.pages.models import Province

        if self.status == self.Status.ERASED:
            return
        place = lookup_postal_code(self.postal_code) if self.postal_code else None
        if place and (self.province_id is None or self.province.slug != place.province):
            self.province = Province.objects.filter(slug=place.province).first()
        self.company_key = company_key(kbo=self.company_kbo, email=self.email)
        self.email_hash = email_hash(self.email)

    @property
    def greeting_name(self):
        return self.first_name or ""

    @property
    def is_suppressed(self):
        return Suppression.objects.filter(email_hash=email_hash(self.email)).exists()


class ConsentRecord(models.Model):
    """Proof of consent: what was asked (text version), when, from where, how."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", _("Opt-in requested")
        CONFIRMED = "confirmed", _("Opt-in confirmed")
        WITHDRAWN = "withdrawn", _("Consent withdrawn")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="consent_records"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=100)
    consent_text_version = models.CharField(_("consent text version"), max_length=20)

    class Meta:
        ordering = ["at"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self):
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"


class Suppression(models.Model):
    """An address we must never mail again. Keyed by a hash of the address."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        HARD_BOUNCE = "bounced", _("Hard bounce")
        COMPLAINT = "complained", _("Complaint")
        ERASED = "erased", _("Erased on request")
        MANUAL = "manual", _("Added by a manager")

    email_hash = models.CharField(max_length=64, unique=True)
    reason = models.CharField(_("reason"), max_length=15, choices=Reason.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    campaign = models.ForeignKey(
        "doeners_campaigns.Campaign",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suppressions",
    )
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("suppression")
        verbose_name_plural = _("suppressions")

    def __str__(self):
        return f"{self.get_reason_display()} {self.at:%Y-%m-%d}"

    @classmethod
    def add(cls, email, reason, campaign=None, detail=""):
        """Suppress ``email``; the first reason recorded wins."""
        obj, _created = cls.objects.get_or_create(
            email_hash=email_hash(email),
            defaults={"reason": reason, "campaign": campaign, "detail": detail[:255]},
        )
        return obj
