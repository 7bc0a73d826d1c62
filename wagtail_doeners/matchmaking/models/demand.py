"""Public demand submissions (moderation queue), the alerts sent to enterprises and
their responses."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail_doeners.pages.choices import (
    PROVINCE_CHOICES,
    BudgetBand,
    DemandKind,
    SizeClass,
)

from ..choices import ResponseVia, SubmissionStatus


class DemandSubmission(models.Model):
    """A "post your question" as the company sent it, until staff approve it into a
    DemandPage (without the private fields) or reject it with a reason."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    province = models.CharField(_("province"), max_length=32, choices=PROVINCE_CHOICES)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.PENDING,
        db_index=True,
    )
    reject_reason = models.TextField(_("reason for rejection"), blank=True)

    # What becomes the DemandPage.
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(
        _("kind"), max_length=16, choices=DemandKind.choices, default=DemandKind.REQUEST
    )
    category = models.ForeignKey(
        "doeners_pages.OfferingCategory",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"))
    region = models.CharField(_("region"), max_length=255, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    budget_band = models.CharField(
        _("budget"), max_length=16, choices=BudgetBand.choices, default=BudgetBand.UNKNOWN
    )
    company_nace_section = models.ForeignKey(
        "doeners_pages.NaceCode",
        verbose_name=_("company NACE-BEL section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"level": "section"},
    )
    company_size = models.CharField(
        _("company size class"), max_length=8, choices=SizeClass.choices, blank=True
    )
    postal_code = models.CharField(_("postal code"), max_length=8)
    buyer_province = models.CharField(
        _("buyer province"), max_length=32, choices=PROVINCE_CHOICES, blank=True
    )
    company_key = models.CharField(_("company key"), max_length=40, blank=True, db_index=True)

    # Private.
    company_name = models.CharField(_("company name (private)"), max_length=255)
    company_kbo = models.CharField(_("company KBO number (private)"), max_length=12, blank=True)
    contact_person = models.CharField(_("contact person (private)"), max_length=255)
    contact_email = models.EmailField(_("contact e-mail (private)"))
    contact_phone = models.CharField(_("contact phone (private)"), max_length=32, blank=True)
    consent = models.BooleanField(_("consent"), default=False)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)

    demand_page = models.OneToOneField(
        "doeners_pages.DemandPage",
        verbose_name=_("published demand"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submission",
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("demand submission")
        verbose_name_plural = _("demand submissions")

    def __str__(self):
        return self.title


class DemandAlert(models.Model):
    """An enterprise told about a new demand; one per (demand, enterprise)."""

    demand = models.ForeignKey(
        "doeners_pages.DemandPage", on_delete=models.CASCADE, related_name="alerts"
    )
    enterprise = models.ForeignKey(
        "doeners_pages.EnterprisePage", on_delete=models.CASCADE, related_name="demand_alerts"
    )
    score = models.FloatField(_("relevance"), default=0)
    distance_km = models.FloatField(_("distance (km)"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["demand", "enterprise"], name="doeners_alert_demand_enterprise"
            )
        ]
        verbose_name = _("demand alert")
        verbose_name_plural = _("demand alerts")

    def __str__(self):
        return f"{self.demand_id} → {self.enterprise_id}"


class DemandResponse(models.Model):
    """An enterprise's answer to a demand, forwarded to the company."""

    demand = models.ForeignKey(
        "doeners_pages.DemandPage",
        verbose_name=_("demand"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    enterprise = models.ForeignKey(
        "doeners_pages.EnterprisePage",
        verbose_name=_("enterprise"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="demand_responses",
    )
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    via = models.CharField(
        _("via"), max_length=16, choices=ResponseVia.choices, default=ResponseVia.LINK
    )
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("demand response")
        verbose_name_plural = _("demand responses")

    def __str__(self):
        return f"{self.enterprise} → {self.demand}"
