"""DemandPage: a request (vraag) or suggestion (suggestie) from a regular company."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from wagtail_doeners.validators import clean_kbo

from .choices import BudgetBand, DemandKind, DemandStatus, SizeClass
from .mixins import LocationMixin


class DemandPage(LocationMixin, Page):
    """The page's ``postal_code`` is the company's; province is derived from it."""

    kind = models.CharField(
        _("kind"), max_length=16, choices=DemandKind.choices, default=DemandKind.REQUEST
    )
    category = models.ForeignKey(
        "doeners_pages.OfferingCategory",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="demands",
    )
    description = RichTextField(_("description"))
    region = models.CharField(
        _("region"),
        max_length=255,
        blank=True,
        help_text=_("Where the work is to be done, if not at the company's address."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    budget_band = models.CharField(
        _("budget"), max_length=16, choices=BudgetBand.choices, default=BudgetBand.UNKNOWN
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DemandStatus.choices, default=DemandStatus.OPEN
    )

    # The company's profile: public in aggregate form only.
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

    # Private: never in the API, the search index or public templates.
    company_name = models.CharField(_("company name (private)"), max_length=255, blank=True)
    company_kbo = models.CharField(_("company KBO number (private)"), max_length=12, blank=True)
    contact_person = models.CharField(_("contact person (private)"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact e-mail (private)"), blank=True)
    contact_phone = models.CharField(_("contact phone (private)"), max_length=32, blank=True)

    parent_page_types = ["doeners_pages.DemandIndexPage"]
    subpage_types = []
    template = "wagtail_doeners/pages/demand_page.html"

    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.FilterField("status"),
        index.FilterField("kind"),
        index.FilterField("category"),
    ]

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
        FieldPanel("category"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("region"), FieldPanel("deadline"), FieldPanel("budget_band")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("company_nace_section"), FieldPanel("company_size")]),
                FieldPanel("postal_code"),
            ],
            heading=_("Company profile"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("company_name"), FieldPanel("company_kbo")]),
                FieldPanel("contact_person"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            ],
            heading=_("Company contact (private, never published)"),
        ),
    ]

    api_fields = [
        APIField("kind"),
        APIField("category"),
        APIField("description"),
        APIField("region"),
        APIField("deadline"),
        APIField("budget_band"),
        APIField("status"),
        APIField("company_nace_section"),
        APIField("company_size"),
        APIField("postal_code"),
        APIField("province"),
    ]

    class Meta:
        verbose_name = _("demand")
        verbose_name_plural = _("demands")

    def clean(self):
        super().clean()
        errors = {}
        self.clean_location(errors)
        if self.company_kbo:
            try:
                self.company_kbo = clean_kbo(self.company_kbo)
            except ValidationError as exc:
                errors["company_kbo"] = exc.messages
        if self.deadline and self._deadline_changed() and self.deadline < timezone.localdate():
            errors["deadline"] = [_("The deadline cannot be in the past.")]
        if errors:
            raise ValidationError(errors)

    def _deadline_changed(self):
        # An old demand whose deadline has passed must stay editable (e.g. to close it).
        if not self.pk:
            return True
        stored = DemandPage.objects.filter(pk=self.pk).values_list("deadline", flat=True).first()
        return stored != self.deadline
