"""Field groups shared by the page types."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField

from wagtail_doeners.validators import clean_postal_code

from .choices import PROVINCE_CHOICES


class LocationMixin(models.Model):
    """A postal code; province and coordinates are derived from the lookup table."""

    postal_code = models.CharField(_("postal code"), max_length=8)
    province = models.CharField(
        _("province"), max_length=32, choices=PROVINCE_CHOICES, blank=True, editable=False
    )
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def clean_location(self, errors):
        """Derive province and coordinates; add a message to ``errors`` if unknown."""
        try:
            record = clean_postal_code(self.postal_code)
        except ValidationError as exc:
            errors.setdefault("postal_code", []).extend(exc.messages)
            return None
        self.postal_code = record.postal_code
        self.province = record.province
        self.latitude, self.longitude = record.latitude, record.longitude
        return record

    def save(self, *args, **kwargs):
        # Pages created in code (demo data, imports) skip full_clean(); derive anyway.
        if self.postal_code and not self.province:
            errors = {}
            self.clean_location(errors)
            if errors:
                raise ValidationError(errors)
        super().save(*args, **kwargs)


class ServiceAreaMixin(models.Model):
    """Where an enterprise or offering delivers: provinces, or a radius in km."""

    service_provinces = ParentalManyToManyField(
        "doeners_pages.Province",
        verbose_name=_("provinces served"),
        blank=True,
        related_name="+",
    )
    service_radius_km = models.PositiveIntegerField(
        _("service radius (km)"),
        null=True,
        blank=True,
        help_text=_("Alternatively, the distance from the address within which you deliver."),
    )

    class Meta:
        abstract = True
