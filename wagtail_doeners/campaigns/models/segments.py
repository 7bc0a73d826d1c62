"""Saved subscriber filters."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail_doeners.pages.choices import SizeClass


class Segment(models.Model):
    class CampaignCondition(models.TextChoices):
        RECEIVED = "received", _("received")
        NOT_RECEIVED = "not-received", _("did not receive")
        CLICKED = "clicked", _("clicked in")
        NOT_CLICKED = "not-clicked", _("did not click in")

    name = models.CharField(_("name"), max_length=255)
    provinces = models.ManyToManyField(
        "doeners_pages.Province", verbose_name=_("provinces"), blank=True, related_name="+"
    )
    nace_sections = models.ManyToManyField(
        "doeners_pages.NaceCode",
        verbose_name=_("sectors (NACE sections)"),
        blank=True,
        related_name="+",
        limit_choices_to={"level": "section"},
    )
    size_classes = models.JSONField(
        _("size classes"),
        default=list,
        blank=True,
        help_text=_("Any of: %(choices)s") % {"choices": ", ".join(SizeClass.values)},
    )
    interests = models.ManyToManyField(
        "doeners_pages.OfferingCategory", verbose_name=_("interests"), blank=True, related_name="+"
    )
    subscribed_since = models.DateField(_("subscribed since"), null=True, blank=True)
    campaign_condition = models.CharField(
        _("campaign condition"), max_length=15, choices=CampaignCondition.choices, blank=True
    )
    condition_campaign = models.ForeignKey(
        "doeners_campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        bad = [s for s in self.size_classes or [] if s not in SizeClass.values]
        if bad:
            raise ValidationError({"size_classes": _("Unknown size class: %s") % ", ".join(bad)})
        if bool(self.campaign_condition) != bool(self.condition_campaign_id):
            raise ValidationError(
                {"condition_campaign": _("Pick both a campaign condition and a campaign.")}
            )

    def subscribers(self, base=None):
        """The subscribers matching this segment (among ``base`` if given)."""
        from .deliveries import Delivery, DeliveryStatus
        from .subscribers import Subscriber

        qs = base if base is not None else Subscriber.objects.all()
        if self.pk:
            if self.provinces.exists():
                qs = qs.filter(province__in=self.provinces.all())
            if self.nace_sections.exists():
                qs = qs.filter(nace_section__in=self.nace_sections.all())
            if self.interests.exists():
                qs = qs.filter(interests__in=self.interests.all()).distinct()
        if self.size_classes:
            qs = qs.filter(size_class__in=self.size_classes)
        if self.subscribed_since:
            qs = qs.filter(confirmed_at__date__gte=self.subscribed_since)
        if self.campaign_condition and self.condition_campaign_id:
            deliveries = Delivery.objects.filter(campaign_id=self.condition_campaign_id)
            received = deliveries.filter(status=DeliveryStatus.SENT).values("subscriber_id")
            clicked = deliveries.filter(clicked_at__isnull=False).values("subscriber_id")
            cond = self.CampaignCondition
            qs = {
                cond.RECEIVED: lambda q: q.filter(pk__in=received),
                cond.NOT_RECEIVED: lambda q: q.exclude(pk__in=received),
                cond.CLICKED: lambda q: q.filter(pk__in=clicked),
                cond.NOT_CLICKED: lambda q: q.exclude(pk__in=clicked),
            }[self.campaign_condition](qs)
        return qs
