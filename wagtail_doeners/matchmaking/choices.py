"""Choice lists of the matchmaking records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("Pending moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ResponseVia(models.TextChoices):
    LINK = "link", _("Signed link")
    ACCOUNT = "account", _("Enterprise account")


class MatchSource(models.TextChoices):
    CONTACT_REQUEST = "contact_request", _("Contact request")
    DEMAND_RESPONSE = "demand_response", _("Response to a demand")


class MatchStatus(models.TextChoices):
    CONTACTED = "contacted", _("Contacted")
    REPLIED = "replied", _("Replied")
    QUOTE_SENT = "quote_sent", _("Quote sent")
    CONFIRMED = "confirmed", _("Collaboration confirmed")
    LOST = "lost", _("Lost")


# Order of the funnel: a status never moves back through follow-ups, only staff correct it.
MATCH_STATUS_RANK = {
    MatchStatus.CONTACTED: 0,
    MatchStatus.REPLIED: 1,
    MatchStatus.QUOTE_SENT: 2,
    MatchStatus.CONFIRMED: 3,
    MatchStatus.LOST: 3,
}


class ValueBand(models.TextChoices):
    LT_5K = "lt-5k", _("Less than €5,000")
    FROM_5K = "5k-25k", _("€5,000 – €25,000")
    FROM_25K = "25k-100k", _("€25,000 – €100,000")
    GT_100K = "gt-100k", _("More than €100,000")


class StatusChangeSource(models.TextChoices):
    FOLLOWUP = "followup", _("Follow-up answer")
    ADMIN = "admin", _("Provincial staff")
    ENTERPRISE = "enterprise", _("Enterprise")
    COMPANY = "company", _("Company")


class FollowUpSide(models.TextChoices):
    COMPANY = "company", _("Company")
    ENTERPRISE = "enterprise", _("Enterprise")


class FollowUpAnswer(models.TextChoices):
    YES = "yes", _("Yes, it led to work")
    NOT_YET = "not_yet", _("Not yet")
    NO = "no", _("No")


FOLLOWUP_STEPS = (30, 90, 180)
