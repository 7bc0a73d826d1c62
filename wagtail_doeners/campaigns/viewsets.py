"""Wagtail admin viewsets of the campaigns app (registered in wagtail_hooks.py)."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Campaign, Segment, Subscriber
from .scoping import scope_viewset


class _LinkColumn(Column):
    def __init__(self, name, url_name, text, **kwargs):
        super().__init__(name, **kwargs)
        self.url_name, self.text = url_name, text

    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a>', reverse(self.url_name, args=[instance.pk]), self.text
        )


@scope_viewset
class CampaignViewSet(ModelViewSet):
    model = Campaign
    icon = "mail"
    menu_label = _("Campaigns")
    form_fields = [
        "name",
        "subject",
        "province",
        "parent",
        "follow_up_audience",
        "segment",
        "frequency_cap_days",
        "ignore_frequency_cap",
        "greeting",
        "body",
        "featured_pages",
    ]
    list_display = [
        "name",
        "scope_label",
        "status",
        "scheduled_at",
        _LinkColumn("report", "doeners_campaigns_admin:report", _("Report and actions")),
    ]
    list_filter = ["status", "province"]
    search_fields = ["name", "subject"]


@scope_viewset
class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "user"
    menu_label = _("Subscribers")
    form_fields = [
        "email",
        "first_name",
        "last_name",
        "company_name",
        "company_kbo",
        "postal_code",
        "nace_section",
        "size_class",
        "interests",
        "language",
    ]
    list_display = [
        "email",
        "company_name",
        "province",
        "status",
        _LinkColumn("export", "doeners_campaigns_admin:subscriber_export", _("Export (GDPR)")),
        _LinkColumn("erase", "doeners_campaigns_admin:subscriber_erase", _("Erase (GDPR)")),
    ]
    list_filter = ["status", "province", "size_class"]
    search_fields = ["email", "company_name"]


class _CountColumn(Column):
    def get_value(self, instance):
        return instance.subscribers().filter(status=Subscriber.Status.CONFIRMED).count()


class SegmentViewSet(ModelViewSet):
    model = Segment
    icon = "group"
    menu_label = _("Segments")
    form_fields = [
        "name",
        "provinces",
        "nace_sections",
        "size_classes",
        "interests",
        "subscribed_since",
        "campaign_condition",
        "condition_campaign",
    ]
    list_display = ["name", _CountColumn("count", label=_("Confirmed subscribers now"))]


class CampaignsGroup(ViewSetGroup):
    menu_label = _("Campaigns")
    menu_icon = "mail"
    menu_order = 310
    items = (CampaignViewSet, SegmentViewSet, SubscriberViewSet)
