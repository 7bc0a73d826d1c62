"""EnterprisePage: a social-economy organisation."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from wagtail_doeners.validators import clean_kbo

from .choices import RecognitionType
from .mixins import LocationMixin, ServiceAreaMixin


class EnterprisePage(LocationMixin, ServiceAreaMixin, Page):
    kbo_number = models.CharField(
        _("KBO enterprise number"),
        max_length=12,
        unique=True,
        help_text=_("Format 0xxx.xxx.xxx; checked against the KBO check digits."),
    )
    recognition_type = models.CharField(
        _("recognition type"), max_length=32, choices=RecognitionType.choices
    )
    legal_form = models.CharField(_("legal form"), max_length=100, blank=True)
    description = RichTextField(_("description"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    street = models.CharField(_("street and number"), max_length=255, blank=True)
    municipality = models.CharField(
        _("municipality"),
        max_length=100,
        blank=True,
        help_text=_("Filled in from the postal code when left empty."),
    )

    nace_codes = ParentalManyToManyField(
        "doeners_pages.NaceCode", verbose_name=_("NACE-BEL codes"), blank=True, related_name="+"
    )
    certifications = ParentalManyToManyField(
        "doeners_pages.Certification",
        verbose_name=_("certifications"),
        blank=True,
        related_name="enterprises",
    )
    total_staff = models.PositiveIntegerField(_("total staff"), null=True, blank=True)
    target_group_fte = models.DecimalField(
        _("target-group FTE"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    website = models.URLField(_("website"), blank=True)
    public_email = models.EmailField(_("public e-mail address"), blank=True)
    public_phone = models.CharField(_("public phone number"), max_length=32, blank=True)

    # Private: never in the API, the search index or public templates.
    contact_person = models.CharField(_("contact person (private)"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact e-mail (private)"), blank=True)
    contact_phone = models.CharField(_("contact phone (private)"), max_length=32, blank=True)

    parent_page_types = ["doeners_pages.DirectoryPage"]
    subpage_types = ["doeners_pages.OfferingPage"]
    template = "wagtail_doeners/pages/enterprise_page.html"

    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("municipality"),
        index.FilterField("recognition_type"),
        index.FilterField("province"),
    ]

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kbo_number"), FieldPanel("recognition_type")]),
        FieldPanel("legal_form"),
        FieldPanel("description"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("municipality")]),
            ],
            heading=_("Address"),
        ),
    ]
    profile_panels = [
        FieldPanel("nace_codes"),
        FieldPanel("certifications"),
        FieldRowPanel([FieldPanel("total_staff"), FieldPanel("target_group_fte")]),
        MultiFieldPanel(
            [FieldPanel("service_provinces"), FieldPanel("service_radius_km")],
            heading=_("Service area"),
        ),
    ]
    contact_panels = [
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("public_email"), FieldPanel("public_phone")],
            heading=_("Public contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_person"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading=_("Private contact (never published)"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(profile_panels, heading=_("Profile")),
            ObjectList(contact_panels, heading=_("Contact")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    api_fields = [
        APIField("kbo_number"),
        APIField("recognition_type"),
        APIField("legal_form"),
        APIField("description"),
        APIField("logo", serializer=ImageRenditionField("max-400x400")),
        APIField("street"),
        APIField("postal_code"),
        APIField("municipality"),
        APIField("province"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("nace_codes"),
        APIField("certifications"),
        APIField("total_staff"),
        APIField("target_group_fte"),
        APIField("service_provinces"),
        APIField("service_radius_km"),
        APIField("website"),
        APIField("public_email"),
        APIField("public_phone"),
    ]

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def clean(self):
        super().clean()
        errors = {}
        if self.kbo_number:
            try:
                self.kbo_number = clean_kbo(self.kbo_number)
            except ValidationError as exc:
                errors["kbo_number"] = exc.messages
            else:
                clash = (
                    EnterprisePage.objects.filter(kbo_number=self.kbo_number)
                    .exclude(pk=self.pk)
                    .first()
                )
                if clash is not None:
                    errors["kbo_number"] = [
                        _("KBO number %(kbo)s is already used by “%(title)s”.")
                        % {"kbo": self.kbo_number, "title": clash.title}
                    ]
        record = self.clean_location(errors)
        if record and not self.municipality:
            self.municipality = record.municipality_nl
        if errors:
            raise ValidationError(errors)

    def offerings(self):
        from .offering import OfferingPage

        return OfferingPage.objects.child_of(self).live().public().order_by("title")
