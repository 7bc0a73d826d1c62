from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The root page of one province's site."""

    intro = RichTextField(_("introduction"), blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from wagtail_doeners.pages.choices import DemandStatus
        from wagtail_doeners.pages.models import DemandPage, EnterprisePage, OfferingPage

        context = super().get_context(request, *args, **kwargs)
        offerings = OfferingPage.objects.descendant_of(self).live().public()
        demands = DemandPage.objects.descendant_of(self).live().public()
        open_demands = demands.filter(status=DemandStatus.OPEN)
        context.update(
            enterprise_count=EnterprisePage.objects.descendant_of(self).live().count(),
            offering_count=offerings.count(),
            open_demand_count=open_demands.count(),
            latest_offerings=offerings.order_by("-first_published_at")[:6],
            open_demands=open_demands.select_related("category").order_by("-first_published_at")[
                :5
            ],
        )
        return context
