"""Campaigns: a Flanders-wide mailing or a provincial one, optionally a follow-up."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    PAUSED = "paused", _("Paused")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")


class FollowUpAudience(models.TextChoices):
    ALL = "all", _("Everyone in the segment")
    PARENT_RECEIVED = "parent-received", _("Received the parent campaign")
    PARENT_NOT_CLICKED = "parent-not-clicked", _("Received the parent but did not click")
    PARENT_CLICKED_NO_CONTACT = (
        "parent-clicked-no-contact",
        _("Clicked in the parent but made no contact request"),
    )


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    province = models.ForeignKey(
        "doeners_pages.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for a Flanders-wide campaign."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        limit_choices_to={"province__isnull": True},
        help_text=_("A provincial follow-up of a Flanders-wide campaign."),
    )
    follow_up_audience = models.CharField(
        _("audience from the parent"),
        max_length=30,
        choices=FollowUpAudience.choices,
        default=FollowUpAudience.ALL,
    )
    segment = models.ForeignKey(
        "doeners_campaigns.Segment",
        verbose_name=_("segment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
        help_text=_("Empty: every confirmed subscriber in the campaign's scope."),
    )
    frequency_cap_days = models.PositiveIntegerField(
        _("frequency cap (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Skip companies that received another campaign within this many days. "
            "Empty: the site default."
        ),
    )
    ignore_frequency_cap = models.BooleanField(
        _("mail even if the frequency cap is reached"), default=False
    )
    greeting = models.CharField(
        _("greeting"), max_length=100, default="Beste", help_text=_("Followed by the first name.")
    )
    body = RichTextField(_("editorial text"), blank=True)
    featured_pages = models.ManyToManyField(
        "wagtailcore.Page",
        verbose_name=_("featured offerings and enterprises"),
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CampaignStatus.choices,
        default=CampaignStatus.DRAFT,
        db_index=True,
    )
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    needs_confirmation = models.BooleanField(
        _("waiting for a manager's confirmation"),
        default=False,
        help_text=_("Set when the scheduled time was missed by more than the allowed delay."),
    )
    status_reason = models.CharField(_("reason"), max_length=255, blank=True)
    launched_at = models.DateTimeField(_("launched"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id:
            if self.parent.province_id is not None:
                raise ValidationError({"parent": _("A follow-up needs a Flanders-wide parent.")})
            if self.province_id is None:
                raise ValidationError({"province": _("A follow-up is provincial: pick one.")})
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A campaign cannot follow itself.")})
        elif self.follow_up_audience != FollowUpAudience.ALL:
            raise ValidationError(
                {"follow_up_audience": _("Only a follow-up can build on a parent's audience.")}
            )

    @property
    def scope_label(self):
        return str(self.province) if self.province_id else _("Flanders")

    @property
    def utm_campaign(self):
        return f"doeners-{self.pk}"
