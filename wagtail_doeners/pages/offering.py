"""OfferingPage: what an enterprise offers. Lives only under an EnterprisePage."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from wagtail_doeners.validators import validate_cpv_codes

from .mixins import ServiceAreaMixin


class OfferingTag(TaggedItemBase):
    content_object = ParentalKey(
        "doeners_pages.OfferingPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class OfferingPage(ServiceAreaMixin, Page):
    summary = models.CharField(_("summary"), max_length=300)
    body = RichTextField(_("description"), blank=True)
    category = models.ForeignKey(
        "doeners_pages.OfferingCategory",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="offerings",
    )
    tags = ClusterTaggableManager(through=OfferingTag, blank=True, verbose_name=_("tags"))
    cpv_codes = models.CharField(
        _("CPV codes"),
        max_length=255,
        blank=True,
        validators=[validate_cpv_codes],
        help_text=_("Optional, comma-separated, e.g. 90910000-9, 77310000-6."),
    )
    capacity = models.CharField(_("capacity"), max_length=255, blank=True)
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"), null=True, blank=True)
    minimum_order = models.CharField(_("minimum order"), max_length=255, blank=True)
    price_indication = models.CharField(_("price indication"), max_length=255, blank=True)

    parent_page_types = ["doeners_pages.EnterprisePage"]
    subpage_types = []
    template = "wagtail_doeners/pages/offering_page.html"

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("category"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("tags")]),
        FieldPanel("cpv_codes"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("lead_time_days")]),
                FieldRowPanel([FieldPanel("minimum_order"), FieldPanel("price_indication")]),
            ],
            heading=_("Practical"),
        ),
        MultiFieldPanel(
            [FieldPanel("service_provinces"), FieldPanel("service_radius_km")],
            heading=_("Service area (leave empty to use the enterprise's)"),
        ),
        InlinePanel("gallery_images", label=_("Images")),
    ]

    api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField("category"),
        APIField("tags"),
        APIField("cpv_codes"),
        APIField("capacity"),
        APIField("lead_time_days"),
        APIField("minimum_order"),
        APIField("price_indication"),
        APIField("effective_service_provinces"),
        APIField("effective_service_radius_km"),
        APIField("enterprise_id"),
        APIField("gallery_images"),
    ]

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")

    @property
    def enterprise(self):
        from .enterprise import EnterprisePage

        parent = self.get_parent()
        return parent.specific if parent and parent.specific_class is EnterprisePage else None

    @property
    def enterprise_id(self):
        enterprise = self.enterprise
        return enterprise.pk if enterprise else None

    def service_area(self, enterprise=None):
        """``(province slugs, radius km)`` served: the offering's own when it sets
        either, else its enterprise's. Pass ``enterprise`` to save a query."""
        own = [p.slug for p in self.service_provinces.all()]
        if own or self.service_radius_km:
            return own, self.service_radius_km
        enterprise = enterprise or self.enterprise
        if enterprise is None:
            return [], None
        return [p.slug for p in enterprise.service_provinces.all()], enterprise.service_radius_km

    @property
    def effective_service_provinces(self):
        return self.service_area()[0]

    @property
    def effective_service_radius_km(self):
        return self.service_area()[1]

    def full_clean(self, *args, **kwargs):
        # Wagtail checks parent_page_types in the admin; code paths (API, imports,
        # page moves) must not get around it either.
        super().full_clean(*args, **kwargs)
        parent = self.get_parent() if self.path else None
        if parent is not None and not parent.specific_class.__name__ == "EnterprisePage":
            raise ValidationError(_("An offering can only be placed under an enterprise."))


class OfferingImage(Orderable):
    page = ParentalKey(OfferingPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    api_fields = [
        APIField("image", serializer=ImageRenditionField("max-800x600")),
        APIField("caption"),
    ]
