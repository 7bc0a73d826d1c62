"""Event kinds and aggregate metrics of the evaluation app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    SEARCH = "search", _("Search")
    OFFERING_VIEW = "offering_view", _("Offering viewed")
    ENTERPRISE_VIEW = "enterprise_view", _("Enterprise viewed")
    CONTACT_REQUEST = "contact_request", _("Contact request")
    DEMAND_SUBMITTED = "demand_submitted", _("Demand submitted")
    DEMAND_APPROVED = "demand_approved", _("Demand approved")
    DEMAND_REJECTED = "demand_rejected", _("Demand rejected")
    DEMAND_CLOSED_UNMET = "demand_closed_unmet", _("Demand closed without a match")
    DEMAND_RESPONSE = "demand_response", _("Response to a demand")
    MATCH_STATUS = "match_status", _("Match status changed")
    CAMPAIGN_ATTRIBUTION = "campaign_attribution", _("Campaign attribution")


class Metric(models.TextChoices):
    """What a daily aggregate row counts. Every metric is additive over days and
    provinces, so any period and any set of provinces is a plain sum."""

    SEARCHES = "searches", _("Searches")
    ZERO_RESULT_SEARCHES = "zero_result_searches", _("Searches without results")
    OFFERING_VIEWS = "offering_views", _("Offering views")
    ENTERPRISE_VIEWS = "enterprise_views", _("Enterprise views")
    CAMPAIGN_VISITS = "campaign_visits", _("Visits from campaigns")
    CONTACT_REQUESTS = "contact_requests", _("Contact requests")
    DEMANDS = "demands", _("Requests and suggestions published")
    DEMAND_RESPONSES = "demand_responses", _("Responses to demands")
    MATCHES = "matches", _("Matches")
    COLLABORATIONS = "collaborations", _("Confirmed collaborations")
    NEW_COMPANIES = "new_companies", _("Companies using the platform for the first time")
    ENTERPRISES = "enterprises", _("Social-economy organisations on the platform")
