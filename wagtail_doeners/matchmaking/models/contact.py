"""A request for contact sent by a regular company from an offering or enterprise page."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail_doeners.pages.choices import PROVINCE_CHOICES, SizeClass


class ContactRequest(models.Model):
    """``province`` is the install/site that received it (the supplier side);
    ``buyer_province`` is derived from the company's postal code."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    province = models.CharField(_("province"), max_length=32, choices=PROVINCE_CHOICES)
    offering = models.ForeignKey(
        "doeners_pages.OfferingPage",
        verbose_name=_("offering"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_requests",
    )
    enterprise = models.ForeignKey(
        "doeners_pages.EnterprisePage",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_requests",
    )

    # The company's profile (used in aggregates).
    company_key = models.CharField(_("company key"), max_length=40, blank=True, db_index=True)
    nace_section = models.CharField(_("NACE-BEL section"), max_length=1, blank=True)
    size_class = models.CharField(
        _("size class"), max_length=8, choices=SizeClass.choices, blank=True
    )
    postal_code = models.CharField(_("postal code"), max_length=8)
    buyer_province = models.CharField(
        _("buyer province"), max_length=32, choices=PROVINCE_CHOICES, blank=True
    )

    # Personal data: never in events, the API output, the index or aggregates.
    company_name = models.CharField(_("company name (private)"), max_length=255)
    company_kbo = models.CharField(_("company KBO number (private)"), max_length=12, blank=True)
    contact_person = models.CharField(_("contact person (private)"), max_length=255)
    email = models.EmailField(_("e-mail (private)"))
    phone = models.CharField(_("phone (private)"), max_length=32, blank=True)
    message = models.TextField(_("message (private)"))

    consent = models.BooleanField(_("consent"), default=False)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)

    PRIVATE_FIELDS = ("company_name", "company_kbo", "contact_person", "email", "phone", "message")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")

    def __str__(self):
        target = self.offering or self.enterprise
        return f"{self.company_name} → {target}" if target else self.company_name
