"""Matches: each contact request or demand response, followed from first contact to a
confirmed collaboration (or lost), with its status history and follow-up prompts."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail_doeners.pages.choices import PROVINCE_CHOICES, SizeClass

from ..choices import (
    FollowUpAnswer,
    FollowUpSide,
    MatchSource,
    MatchStatus,
    StatusChangeSource,
    ValueBand,
)


class Match(models.Model):
    """No personal data: the company is its pseudonymous ``company_key``; the contact
    details stay on the contact request or the demand submission."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    source = models.CharField(_("source"), max_length=20, choices=MatchSource.choices)
    contact_request = models.OneToOneField(
        "doeners_matchmaking.ContactRequest",
        verbose_name=_("contact request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="match",
    )
    demand_response = models.OneToOneField(
        "doeners_matchmaking.DemandResponse",
        verbose_name=_("demand response"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="match",
    )
    enterprise = models.ForeignKey(
        "doeners_pages.EnterprisePage",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="matches",
    )
    company_key = models.CharField(_("company key"), max_length=40, blank=True, db_index=True)
    buyer_province = models.CharField(
        _("buyer province"), max_length=32, choices=PROVINCE_CHOICES, blank=True
    )
    supplier_province = models.CharField(
        _("supplier province"), max_length=32, choices=PROVINCE_CHOICES, blank=True
    )
    category = models.ForeignKey(
        "doeners_pages.OfferingCategory",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nace_section = models.CharField(_("NACE-BEL section"), max_length=1, blank=True)
    size_class = models.CharField(
        _("size class"), max_length=8, choices=SizeClass.choices, blank=True
    )

    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MatchStatus.choices,
        default=MatchStatus.CONTACTED,
        db_index=True,
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    quote_sent_at = models.DateTimeField(_("quote sent at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    lost_at = models.DateTimeField(_("lost at"), null=True, blank=True)

    # Recorded when the collaboration is confirmed.
    value_band = models.CharField(
        _("value band"), max_length=16, choices=ValueBand.choices, blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    recurring = models.BooleanField(_("recurring work"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")

    def __str__(self):
        return f"#{self.pk} {self.get_source_display()} – {self.get_status_display()}"


class MatchStatusChange(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        _("from"), max_length=16, choices=MatchStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=MatchStatus.choices)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)
    source = models.CharField(_("source"), max_length=16, choices=StatusChangeSource.choices)

    class Meta:
        ordering = ["changed_at"]
        verbose_name = _("match status change")
        verbose_name_plural = _("match status changes")

    def __str__(self):
        return f"#{self.match_id}: {self.from_status} → {self.to_status}"


class FollowUp(models.Model):
    """One follow-up prompt to one side of a match at 30, 90 or 180 days. The unique
    constraint is the claim: a row is inserted before the mail goes out, so a step
    is never sent twice even when two beat runs overlap."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="followups")
    step = models.PositiveSmallIntegerField(_("step (days)"))
    side = models.CharField(_("side"), max_length=16, choices=FollowUpSide.choices)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=8, choices=FollowUpAnswer.choices, blank=True)

    class Meta:
        ordering = ["match", "step", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["match", "step", "side"], name="doeners_followup_once_per_step"
            )
        ]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self):
        return f"#{self.match_id} {self.step}d {self.side}"
