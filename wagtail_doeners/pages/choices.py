"""Fixed choice lists of the content model."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail_doeners.conf import PROVINCES


class RecognitionType(models.TextChoices):
    MAATWERKBEDRIJF = "maatwerkbedrijf", _("Maatwerkbedrijf (custom-work company)")
    MAATWERKAFDELING = "maatwerkafdeling", _("Maatwerkafdeling (custom-work department)")
    LDE = "lde", _("Lokale diensteneconomie (local service economy)")
    ARBEIDSMATIG = "arbeidsmatige-activiteiten", _("Arbeidsmatige activiteiten")
    SOCIALE_ONDERNEMING = "sociale-onderneming", _("Sociale onderneming (social enterprise)")
    OTHER = "other", _("Other")


class DemandKind(models.TextChoices):
    REQUEST = "request", _("Request")
    SUGGESTION = "suggestion", _("Suggestion")


class DemandStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    MATCHED = "matched", _("Matched")
    CLOSED_UNMET = "closed-unmet", _("Closed, unmet")


class SizeClass(models.TextChoices):
    """EU Recommendation 2003/361."""

    MICRO = "micro", _("Micro (< 10 staff)")
    SMALL = "small", _("Small (< 50 staff)")
    MEDIUM = "medium", _("Medium (< 250 staff)")
    LARGE = "large", _("Large (250+ staff)")


class BudgetBand(models.TextChoices):
    UNKNOWN = "unknown", _("Not known yet")
    LT_5K = "lt-5k", _("Less than €5,000")
    FROM_5K = "5k-25k", _("€5,000 – €25,000")
    FROM_25K = "25k-100k", _("€25,000 – €100,000")
    GT_100K = "gt-100k", _("More than €100,000")


class NaceVersion(models.TextChoices):
    NACE_BEL_2008 = "2008", _("NACE-BEL 2008")
    NACE_BEL_2025 = "2025", _("NACE-BEL 2025")


PROVINCE_CHOICES = [(slug, names[1]) for slug, names in PROVINCES.items()]
