"""Daily aggregates: counts per day, province and dimensions, recomputed from the
event log and the matchmaking records. Recomputing a day replaces that day's rows
of the provinces computed here, so running it twice gives the same table.

Only additive counts are stored, so any period and any set of provinces is a sum;
none of the dimensions identifies a person or a company.
"""

from collections import Counter
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from wagtail_doeners.conf import PROVINCES

from .choices import EventKind, Metric
from .models import DailyAggregate, DailyTotal, Event
from .scoping import local_provinces, province_of_path, province_root_paths


def day_bounds(day):
    """Aware datetimes of the start of ``day`` and of the next day, in TIME_ZONE."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _event_cells(start, end):
    cells = Counter()
    events = Event.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    plan = [
        (Metric.SEARCHES, Q(kind=EventKind.SEARCH), ["category"]),
        (
            Metric.ZERO_RESULT_SEARCHES,
            Q(kind=EventKind.SEARCH, result_count=0),
            ["category"],
        ),
        (Metric.OFFERING_VIEWS, Q(kind=EventKind.OFFERING_VIEW), ["category"]),
        (Metric.ENTERPRISE_VIEWS, Q(kind=EventKind.ENTERPRISE_VIEW), []),
    ]
    for metric, condition, dims in plan:
        for row in events.filter(condition).values("province", *dims).annotate(n=Count("id")):
            n = row.pop("n")
            cells[(row.pop("province"), metric, _key(**row))] += n
    campaigns = events.filter(kind=EventKind.CAMPAIGN_ATTRIBUTION)
    for row in campaigns.values("province", "data__campaign").annotate(n=Count("id")):
        variant = str(row["data__campaign"] or "")[:50]
        cells[(row["province"], Metric.CAMPAIGN_VISITS, _key(variant=variant))] += row["n"]
    return cells


def _key(**dims):
    return tuple((name, str(dims.get(name) or "")) for name in DailyAggregate.DIMENSIONS)


def _context():
    """What every day of a recomputation shares: Site roots, each company's first
    interaction per province, and the organisations per province (current state)."""
    from wagtail_doeners.matchmaking.choices import SubmissionStatus
    from wagtail_doeners.matchmaking.models import ContactRequest, DemandSubmission
    from wagtail_doeners.pages.models import EnterprisePage

    roots = province_root_paths()
    interactions = [
        (r[0], r[1], r[2], r[3], r[4], r[5])
        for r in ContactRequest.objects.exclude(company_key="").values_list(
            "province", "company_key", "created_at", "nace_section", "size_class", "buyer_province"
        )
    ] + [
        (r[0], r[1], r[2], (r[3] or "")[:1], r[4], r[5])
        for r in DemandSubmission.objects.exclude(company_key="")
        .exclude(status=SubmissionStatus.REJECTED)
        .values_list(
            "province",
            "company_key",
            "created_at",
            "company_nace_section__code",
            "company_size",
            "buyer_province",
        )
    ]
    first = {}
    for province, key, created_at, nace, size, buyer in sorted(interactions, key=lambda i: i[2]):
        first.setdefault((province, key), (created_at, nace, size, buyer))
    enterprises = Counter(
        province_of_path(path, roots)
        for path in EnterprisePage.objects.live().values_list("path", flat=True)
    )
    return {
        "roots": roots,
        "first": first,
        "enterprises": enterprises,
        "local": local_provinces(),
    }


def _record_cells(start, end, context):
    from wagtail_doeners.matchmaking.choices import MatchStatus
    from wagtail_doeners.matchmaking.models import (
        ContactRequest,
        DemandResponse,
        Match,
    )
    from wagtail_doeners.pages.models import DemandPage

    cells = Counter()
    roots = context["roots"]

    requests = ContactRequest.objects.filter(created_at__gte=start, created_at__lt=end)
    for r in requests.values(
        "province", "buyer_province", "nace_section", "size_class", "offering__category__slug"
    ):
        key = _key(
            buyer_province=r["buyer_province"],
            supplier_province=r["province"],
            category=r["offering__category__slug"],
            nace_section=r["nace_section"],
            size_class=r["size_class"],
        )
        cells[(r["province"], Metric.CONTACT_REQUESTS, key)] += 1

    demands = DemandPage.objects.filter(first_published_at__gte=start, first_published_at__lt=end)
    for d in demands.values(
        "path", "kind", "category__slug", "province", "company_nace_section__code", "company_size"
    ):
        key = _key(
            buyer_province=d["province"],
            category=d["category__slug"],
            nace_section=(d["company_nace_section__code"] or "")[:1],
            size_class=d["company_size"],
            variant=d["kind"],
        )
        cells[(province_of_path(d["path"], roots), Metric.DEMANDS, key)] += 1

    responses = DemandResponse.objects.filter(created_at__gte=start, created_at__lt=end)
    for r in responses.values(
        "demand__path", "demand__province", "demand__category__slug", "enterprise__province"
    ):
        key = _key(
            buyer_province=r["demand__province"],
            supplier_province=r["enterprise__province"],
            category=r["demand__category__slug"],
        )
        cells[(province_of_path(r["demand__path"], roots), Metric.DEMAND_RESPONSES, key)] += 1

    match_fields = (
        "contact_request__province",
        "demand_response__demand__path",
        "supplier_province",
        "buyer_province",
        "category__slug",
        "nace_section",
        "size_class",
        "value_band",
        "source",
    )

    def _match_cell(m, metric, **extra):
        if m["contact_request__province"]:
            owner = m["contact_request__province"]
        elif m["demand_response__demand__path"]:
            owner = province_of_path(m["demand_response__demand__path"], roots)
        else:
            owner = m["supplier_province"]
        key = _key(
            buyer_province=m["buyer_province"],
            supplier_province=m["supplier_province"],
            category=m["category__slug"],
            nace_section=m["nace_section"],
            size_class=m["size_class"],
            variant=m["source"],
            **extra,
        )
        cells[(owner, metric, key)] += 1

    for m in Match.objects.filter(created_at__gte=start, created_at__lt=end).values(*match_fields):
        _match_cell(m, Metric.MATCHES)
    confirmed = Match.objects.filter(
        status=MatchStatus.CONFIRMED, confirmed_at__gte=start, confirmed_at__lt=end
    )
    for m in confirmed.values(*match_fields):
        _match_cell(m, Metric.COLLABORATIONS, value_band=m["value_band"])

    for (province, _company), (created_at, nace, size, buyer) in context["first"].items():
        if start <= created_at < end:
            key = _key(buyer_province=buyer, nace_section=nace, size_class=size)
            cells[(province, Metric.NEW_COMPANIES, key)] += 1
    for province, n in context["enterprises"].items():
        cells[(province, Metric.ENTERPRISES, _key())] += n
    return cells


def compute_day(day, context=None):
    """Recompute the aggregates of ``day`` for the provinces of this install, and for
    any other province its records mention. Returns the number of rows written."""
    start, end = day_bounds(day)
    cells = _event_cells(start, end)
    context = context or _context()
    cells.update(_record_cells(start, end, context))
    return _write_day(day, cells, context["local"])


def _write_day(day, cells, local):
    provinces = set(local) | {province for province, _m, _k in cells}
    now = timezone.now()
    rows = [
        DailyAggregate(
            day=day, province=province, metric=metric, value=value, computed_at=now, **dict(key)
        )
        for (province, metric, key), value in cells.items()
        if province in PROVINCES and value
    ]
    totals = Counter()
    for row in rows:
        totals[(row.province, row.metric)] += row.value
    with transaction.atomic():
        DailyAggregate.objects.filter(day=day, province__in=provinces).delete()
        DailyAggregate.objects.bulk_create(rows)
        DailyTotal.objects.filter(day=day, province__in=provinces).delete()
        DailyTotal.objects.bulk_create(
            DailyTotal(day=day, province=province, metric=metric, value=value)
            for (province, metric), value in totals.items()
        )
    return len(rows)


def _active_days(first_day, last_day):
    """Days of the range on which any event or record happened (one query per
    source instead of a dozen per day)."""
    from wagtail_doeners.matchmaking.models import (
        ContactRequest,
        DemandResponse,
        DemandSubmission,
        Match,
    )
    from wagtail_doeners.pages.models import DemandPage

    start, end = day_bounds(first_day)[0], day_bounds(last_day)[1]
    sources = [
        (Event.objects, "occurred_at"),
        (ContactRequest.objects, "created_at"),
        (DemandSubmission.objects, "created_at"),
        (DemandPage.objects, "first_published_at"),
        (DemandResponse.objects, "created_at"),
        (Match.objects, "created_at"),
        (Match.objects, "confirmed_at"),
    ]
    days = set()
    for manager, field in sources:
        days.update(
            manager.filter(**{f"{field}__gte": start, f"{field}__lt": end})
            .annotate(day=TruncDate(field, tzinfo=timezone.get_current_timezone()))
            .values_list("day", flat=True)
            .distinct()
        )
    return days


def compute_range(first_day, last_day):
    """Recompute every day from ``first_day`` to ``last_day`` inclusive. Days without
    activity only get their organisation counts."""
    written, day, context = 0, first_day, _context()
    active = _active_days(first_day, last_day)
    quiet = {**context, "first": {}}
    while day <= last_day:
        if day in active:
            written += compute_day(day, context)
        else:
            written += _write_day(day, _quiet_cells(quiet), context["local"])
        day += timedelta(days=1)
    return written


def _quiet_cells(context):
    return Counter({(p, Metric.ENTERPRISES, _key()): n for p, n in context["enterprises"].items()})


def compute_recent(days=2):
    """What the beat task runs: today and the days before (late events, edits)."""
    today = timezone.localdate()
    return compute_range(today - timedelta(days=days - 1), today)
