"""Campaign reports: per campaign and per province, follow-ups under their parent,
and a CSV export. Figures are counts of Delivery, Click and Attribution rows; test
sends never create rows, so they are never counted."""

import csv

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import Attribution, Campaign, Delivery, DeliveryStatus

COLUMNS = [
    ("campaign", _("Campaign")),
    ("parent", _("Follow-up of")),
    ("scope", _("Scope")),
    ("province", _("Subscriber province")),
    ("status", _("Status")),
    ("audience", _("Audience")),
    ("sent", _("Sent")),
    ("failed", _("Failed")),
    ("pending", _("Pending")),
    ("skipped", _("Skipped (suppressed)")),
    ("bounced", _("Bounced")),
    ("unsubscribed", _("Unsubscribed")),
    ("unique_clicks", _("Unique clicks")),
    ("contact_requests", _("Attributed contact requests")),
    ("demands", _("Attributed demands")),
]

_DELIVERY_COUNTS = {
    "audience": Count("id"),
    "sent": Count("id", filter=Q(status=DeliveryStatus.SENT)),
    "failed": Count("id", filter=Q(status=DeliveryStatus.FAILED)),
    "pending": Count("id", filter=Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING])),
    "skipped": Count("id", filter=Q(status=DeliveryStatus.SKIPPED)),
    "bounced": Count("id", filter=Q(bounced=True)),
    "unsubscribed": Count("id", filter=Q(unsubscribed=True)),
    "unique_clicks": Count("id", filter=Q(clicked_at__isnull=False)),
}


def _attributions(campaign, by_province=False):
    qs = Attribution.objects.filter(campaign=campaign)
    fields = ["kind", "delivery__subscriber__province__slug"] if by_province else ["kind"]
    return {
        tuple(row[f] for f in fields): row["n"]
        for row in qs.values(*fields).annotate(n=Count("id"))
    }


def campaign_totals(campaign):
    row = Delivery.objects.filter(campaign=campaign).aggregate(**_DELIVERY_COUNTS)
    attributed = _attributions(campaign)
    row["contact_requests"] = attributed.get((Attribution.Kind.CONTACT_REQUEST,), 0)
    row["demands"] = attributed.get((Attribution.Kind.DEMAND,), 0)
    return row


def province_breakdown(campaign):
    """One row per subscriber province (slug, or "" when unknown)."""
    attributed = _attributions(campaign, by_province=True)
    rows = []
    for row in (
        Delivery.objects.filter(campaign=campaign)
        .values("subscriber__province__slug")
        .annotate(**_DELIVERY_COUNTS)
        .order_by("subscriber__province__slug")
    ):
        slug = row.pop("subscriber__province__slug") or ""
        row["province"] = slug
        row["contact_requests"] = attributed.get(
            (Attribution.Kind.CONTACT_REQUEST, slug or None), 0
        )
        row["demands"] = attributed.get((Attribution.Kind.DEMAND, slug or None), 0)
        rows.append(row)
    return rows


def report_rows(campaigns=None):
    """Flanders-wide campaigns first, each followed by its provincial follow-ups;
    every campaign gets a total row and one row per subscriber province."""
    campaigns = campaigns if campaigns is not None else Campaign.objects.all()
    campaigns = list(campaigns.select_related("province", "parent"))
    ordered = []
    ids = {c.pk for c in campaigns}
    for campaign in sorted(campaigns, key=lambda c: c.created_at):
        if campaign.parent_id in ids:
            continue
        ordered.append(campaign)
        ordered.extend(
            sorted((c for c in campaigns if c.parent_id == campaign.pk), key=lambda c: c.created_at)
        )
    rows = []
    for campaign in ordered:
        base = {
            "campaign": campaign.name,
            "campaign_id": campaign.pk,
            "parent": campaign.parent.name if campaign.parent_id else "",
            "scope": str(campaign.scope_label),
            "status": campaign.get_status_display(),
        }
        rows.append({**base, "province": str(_("All")), **campaign_totals(campaign)})
        for row in province_breakdown(campaign):
            rows.append({**base, **row})
    return rows


def write_csv(rows, fileobj):
    writer = csv.writer(fileobj)
    writer.writerow([str(label) for _key, label in COLUMNS])
    for row in rows:
        writer.writerow([row.get(key, "") for key, _label in COLUMNS])
