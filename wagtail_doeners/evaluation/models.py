"""The event log and its daily aggregates.

Neither table holds personal data: events carry pseudonymous company keys and
typed dimensions only (see ``privacy.py``); aggregates are counts.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail_doeners.pages.choices import PROVINCE_CHOICES

from .choices import EventKind, Metric


class Event(models.Model):
    """One thing that happened on the platform. Dimensions that the dashboard groups
    by are typed, indexed columns; anything else goes into ``data``."""

    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    # The install/site province where it happened.
    province = models.CharField(_("province"), max_length=32, choices=PROVINCE_CHOICES)

    company_key = models.CharField(_("company key"), max_length=40, blank=True)
    buyer_province = models.CharField(_("buyer province"), max_length=32, blank=True)
    supplier_province = models.CharField(_("supplier province"), max_length=32, blank=True)
    nace_section = models.CharField(_("NACE-BEL section"), max_length=1, blank=True)
    size_class = models.CharField(_("size class"), max_length=8, blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    value_band = models.CharField(_("value band"), max_length=16, blank=True)

    offering_id = models.BigIntegerField(_("offering"), null=True, blank=True)
    enterprise_id = models.BigIntegerField(_("enterprise"), null=True, blank=True)
    demand_id = models.BigIntegerField(_("demand"), null=True, blank=True)
    match_id = models.BigIntegerField(_("match"), null=True, blank=True)

    # Searches only.
    query = models.CharField(_("search text"), max_length=200, blank=True)
    result_count = models.IntegerField(_("number of results"), null=True, blank=True)

    data = models.JSONField(_("other data"), default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["occurred_at", "kind"], name="doeners_event_time_kind"),
            models.Index(fields=["province", "occurred_at"], name="doeners_event_prov_time"),
            models.Index(fields=["company_key"], name="doeners_event_company"),
            # Unmet demand: the zero-result searches of a period, grouped by text.
            # Covering (PostgreSQL), so the top texts are read from the index alone.
            models.Index(
                fields=["occurred_at"],
                condition=models.Q(kind="search", result_count=0),
                include=["province", "query"],
                name="doeners_event_zero_search",
            ),
        ]
        permissions = [
            ("view_dashboard", _("Can view the evaluation dashboard and report")),
            ("view_personal_records", _("Can see companies' contact data in evaluation exports")),
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d %H:%M} ({self.province})"


class DailyAggregate(models.Model):
    """A count for one day, one province and one combination of dimensions.

    Rows of this install are recomputed from events and records by a beat task;
    rows of other provinces arrive from the shared stats index or an imported file.
    """

    day = models.DateField(_("day"))
    province = models.CharField(_("province"), max_length=32, choices=PROVINCE_CHOICES)
    metric = models.CharField(_("metric"), max_length=32, choices=Metric.choices)
    buyer_province = models.CharField(_("buyer province"), max_length=32, blank=True)
    supplier_province = models.CharField(_("supplier province"), max_length=32, blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    nace_section = models.CharField(_("NACE-BEL section"), max_length=1, blank=True)
    size_class = models.CharField(_("size class"), max_length=8, blank=True)
    value_band = models.CharField(_("value band"), max_length=16, blank=True)
    # A sub-kind: demand kind (request/suggestion), match source, campaign slug.
    variant = models.CharField(_("variant"), max_length=50, blank=True)
    value = models.BigIntegerField(_("value"))
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    DIMENSIONS = (
        "buyer_province",
        "supplier_province",
        "category",
        "nace_section",
        "size_class",
        "value_band",
        "variant",
    )

    class Meta:
        ordering = ["day", "province", "metric"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "day",
                    "province",
                    "metric",
                    "buyer_province",
                    "supplier_province",
                    "category",
                    "nace_section",
                    "size_class",
                    "value_band",
                    "variant",
                ],
                name="doeners_aggregate_unique_cell",
            )
        ]
        indexes = [
            # Covering (PostgreSQL): the dashboard's sums never touch the table.
            models.Index(
                fields=["metric", "day"],
                include=["province", "category", "buyer_province", "supplier_province", "value"],
                name="doeners_agg_metric_day",
            ),
            models.Index(fields=["province", "day"], name="doeners_agg_prov_day"),
        ]
        verbose_name = _("daily aggregate")
        verbose_name_plural = _("daily aggregates")

    def __str__(self):
        return f"{self.day} {self.province} {self.metric}={self.value}"


class DailyTotal(models.Model):
    """The sum of a metric's aggregate rows for one day and province, kept beside
    ``DailyAggregate`` so the dashboard's headline figures and the province table
    read a few thousand rows a year instead of every cell."""

    day = models.DateField(_("day"))
    province = models.CharField(_("province"), max_length=32, choices=PROVINCE_CHOICES)
    metric = models.CharField(_("metric"), max_length=32, choices=Metric.choices)
    value = models.BigIntegerField(_("value"))

    class Meta:
        ordering = ["day", "province", "metric"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "province", "metric"], name="doeners_total_unique_cell"
            )
        ]
        indexes = [
            models.Index(
                fields=["day"], include=["metric", "province", "value"], name="doeners_total_day"
            )
        ]
        verbose_name = _("daily total")
        verbose_name_plural = _("daily totals")

    def __str__(self):
        return f"{self.day} {self.province} {self.metric}={self.value}"


def rebuild_totals(keys):
    """Recompute DailyTotal for each ``(province, day)`` in ``keys`` from the rows."""
    from django.db.models import Sum

    for province, day in keys:
        DailyTotal.objects.filter(province=province, day=day).delete()
        DailyTotal.objects.bulk_create(
            DailyTotal(day=day, province=province, metric=row["metric"], value=row["total"])
            for row in DailyAggregate.objects.filter(province=province, day=day)
            .values("metric")
            .annotate(total=Sum("value"))
            .order_by()
        )
