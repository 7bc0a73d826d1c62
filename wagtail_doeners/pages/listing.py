"""Listing pages: the directory (Aanbod) and the demand index (Vragen)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page


class DirectoryPage(Page):
    """*Aanbod*: holds the enterprises of one province."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    subpage_types = ["doeners_pages.EnterprisePage"]
    max_count_per_parent = 1
    template = "wagtail_doeners/pages/directory_page.html"

    class Meta:
        verbose_name = _("directory page")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        from .enterprise import EnterprisePage

        context = super().get_context(request, *args, **kwargs)
        enterprises = EnterprisePage.objects.child_of(self).live().public().order_by("title")
        from .choices import RecognitionType

        recognition = request.GET.get("recognition")
        if recognition in RecognitionType.values:
            enterprises = enterprises.filter(recognition_type=recognition)
        else:
            recognition = ""
        context["recognition"] = recognition
        context["enterprises"] = Paginator(enterprises, 24).get_page(request.GET.get("page"))
        return context


class DemandIndexPage(Page):
    """*Vragen*: holds the requests and suggestions of companies."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    subpage_types = ["doeners_pages.DemandPage"]
    max_count_per_parent = 1
    template = "wagtail_doeners/pages/demand_index_page.html"

    class Meta:
        verbose_name = _("demand index page")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        from .demand import DemandPage

        context = super().get_context(request, *args, **kwargs)
        from .choices import DemandStatus

        demands = (
            DemandPage.objects.child_of(self)
            .live()
            .public()
            .select_related("category")
            .order_by("-first_published_at")
        )
        status = request.GET.get("status")
        if status in DemandStatus.values:
            demands = demands.filter(status=status)
        else:
            status = ""
        context["status"] = status
        context["statuses"] = DemandStatus.choices
        context["demands"] = Paginator(demands, 24).get_page(request.GET.get("page"))
        return context
