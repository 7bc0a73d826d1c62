"""The answers to the four parliamentary questions for a period and a province (or
all of Flanders). The dashboard, the CSV exports and ``doeners_report`` all call
``evaluation_metrics``; nothing else computes these figures.

Sources: Q1-Q3 count the matchmaking records (small tables) directly; searches and
page views come from the daily aggregates, so millions of events cost nothing here;
Q4 compares provinces from the daily aggregates of every province (own rows,
imported files, or the shared stats index).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Min,
    OuterRef,
    Q,
)
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail_doeners.conf import FLEMISH_PROVINCES, PROVINCES, doeners_settings
from wagtail_doeners.pages.provinces import province_label as province_name

from .aggregates import day_bounds
from .choices import Metric
from .models import Event
from .scoping import field_q, match_q, page_q, province_root_paths
from .sources import DatabaseAggregates, get_aggregate_source


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    province: str | None = None  # None: all of Flanders

    @property
    def bounds(self):
        return day_bounds(self.start)[0], day_bounds(self.end)[1]


def evaluation_metrics(period, *, aggregate_source=None):
    """A JSON-serialisable dict with the answers to Q1-Q4 for ``period``."""
    roots = province_root_paths()
    source = aggregate_source or DatabaseAggregates()
    return {
        "period": {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "province": period.province or "",
            "province_label": province_label(period.province),
            "generated_at": timezone.now().isoformat(timespec="seconds"),
        },
        "q1": companies(period),
        "q2": collaborations(period, roots),
        "q3": demands(period, roots),
        "q4": comparison(period, source),
    }


def default_metrics(period):
    """Like ``evaluation_metrics`` but comparing with every province through the shared
    stats index when one is configured."""
    return evaluation_metrics(period, aggregate_source=get_aggregate_source())


# -- labels -------------------------------------------------------------------------


def province_label(slug):
    if not slug:
        return str(_("All of Flanders"))
    return province_name(slug)


def _size_labels():
    from wagtail_doeners.pages.choices import SizeClass

    return dict(SizeClass.choices)


def _nace_labels():
    from wagtail_doeners.pages.models import NaceCode

    labels = {}
    for code in NaceCode.objects.filter(level=NaceCode.SECTION).order_by("version"):
        labels[code.code] = f"{code.code} – {code.name}"
    return labels


def _category_labels():
    from wagtail_doeners.pages.models import OfferingCategory

    return {c.slug: c.name for c in OfferingCategory.objects.all()}


def _value_band_labels():
    from wagtail_doeners.matchmaking.choices import ValueBand

    return dict(ValueBand.choices)


def _breakdown(counter, labels, unknown=None):
    unknown = unknown or str(_("Unknown"))
    rows = [
        {"key": key or "", "label": str(labels.get(key, key)) if key else unknown, "value": n}
        for key, n in counter.items()
    ]
    return sorted(rows, key=lambda r: (-r["value"], r["key"]))


def _pct(part, whole):
    return round(100.0 * part / whole, 1) if whole else None


def _median_days(deltas):
    values = [d.total_seconds() / 86400 for d in deltas if d is not None]
    return round(median(values), 1) if values else None


# -- Q1 -----------------------------------------------------------------------------


def company_interactions(period):
    """``[(company_key, created_at, nace_section, size_class, buyer_province)]`` of
    contact requests and (non-rejected) demand submissions up to the period's end."""
    from wagtail_doeners.matchmaking.choices import SubmissionStatus
    from wagtail_doeners.matchmaking.models import ContactRequest, DemandSubmission

    _, end = period.bounds
    rows = [
        (r[0], r[1], r[2], r[3], r[4])
        for r in ContactRequest.objects.filter(field_q(period.province), created_at__lt=end)
        .exclude(company_key="")
        .values_list("company_key", "created_at", "nace_section", "size_class", "buyer_province")
    ]
    rows += [
        (r[0], r[1], (r[2] or "")[:1], r[3], r[4])
        for r in DemandSubmission.objects.filter(field_q(period.province), created_at__lt=end)
        .exclude(company_key="")
        .exclude(status=SubmissionStatus.REJECTED)
        .values_list(
            "company_key",
            "created_at",
            "company_nace_section__code",
            "company_size",
            "buyer_province",
        )
    ]
    return sorted(rows, key=lambda r: r[1])


def _interaction_sources(period):
    """The company-side records of ``period.province``, each with the names of its
    profile fields: contact requests and (non-rejected) demand submissions."""
    from wagtail_doeners.matchmaking.choices import SubmissionStatus
    from wagtail_doeners.matchmaking.models import ContactRequest, DemandSubmission

    contacts = ContactRequest.objects.filter(field_q(period.province)).exclude(company_key="")
    submissions = (
        DemandSubmission.objects.filter(field_q(period.province))
        .exclude(company_key="")
        .exclude(status=SubmissionStatus.REJECTED)
    )
    return [
        (contacts, ("nace_section", "size_class", "buyer_province")),
        (submissions, ("company_nace_section__code", "company_size", "buyer_province")),
    ]


_COMPANY_PROFILE_SQL = """
WITH i AS ({contacts} UNION ALL {submissions}),
per AS (
    SELECT "key", COUNT(*) AS n, SUM(CASE WHEN "at" < %s THEN 1 ELSE 0 END) AS n_before
    FROM i GROUP BY "key"
),
latest AS (
    SELECT "key", "nace_letter", "size", "buyer",
           ROW_NUMBER() OVER (PARTITION BY "key" ORDER BY "at" DESC) AS rn
    FROM i WHERE "at" >= %s
)
SELECT l."nace_letter", l."size", l."buyer",
       CASE WHEN p.n_before = 0 THEN 1 ELSE 0 END,
       CASE WHEN p.n > 1 THEN 1 ELSE 0 END,
       COUNT(*)
FROM latest l JOIN per p ON p."key" = l."key"
WHERE l.rn = 1
GROUP BY 1, 2, 3, 4, 5
"""


def companies(period):
    """Q1: distinct companies (by company key) that sent a contact request or posted a
    demand in the period; new ones (first time ever) vs returning ones; repeat users
    (two or more interactions up to the period's end); profile of the latest one.

    One SQL statement (window function, portable to SQLite) groups the interactions by
    company and returns only the counts per profile."""
    start, end = period.bounds
    parts = []
    for queryset, (nace, size, buyer) in _interaction_sources(period):
        parts.append(
            queryset.filter(created_at__lt=end)
            .annotate(
                key=F("company_key"),
                at=F("created_at"),
                nace_letter=Substr(nace, 1, 1),
                size=F(size),
                buyer=F(buyer),
            )
            .order_by()
            .values_list("key", "at", "nace_letter", "size", "buyer")
            .query.sql_with_params()
        )
    (contacts_sql, contacts_params), (submissions_sql, submissions_params) = parts
    sql = _COMPANY_PROFILE_SQL.format(contacts=contacts_sql, submissions=submissions_sql)
    moment = connection.ops.adapt_datetimefield_value(start)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*contacts_params, *submissions_params, moment, moment])
        groups = cursor.fetchall()
    by_nace, by_size, by_buyer = Counter(), Counter(), Counter()
    total = new = repeat = 0
    for nace, size, buyer, is_new, is_repeat, n in groups:
        total += n
        new += n if is_new else 0
        repeat += n if is_repeat else 0
        by_nace[nace or ""] += n
        by_size[size or ""] += n
        by_buyer[buyer or ""] += n
    return {
        "companies": total,
        "first_time": new,
        "returning": total - new,
        "repeat": repeat,
        "by_nace_section": _breakdown(by_nace, _nace_labels()),
        "by_size_class": _breakdown(by_size, _size_labels()),
        "by_buyer_province": _breakdown(
            by_buyer, {slug: names[1] for slug, names in PROVINCES.items()}
        ),
    }


# -- Q2 -----------------------------------------------------------------------------


def _reached(step):
    """Matches that got at least as far as ``step`` (timestamps, or the status when
    staff set it without a date)."""
    from wagtail_doeners.matchmaking.choices import MatchStatus

    confirmed = Q(status=MatchStatus.CONFIRMED) | Q(confirmed_at__isnull=False)
    quote = confirmed | Q(status=MatchStatus.QUOTE_SENT) | Q(quote_sent_at__isnull=False)
    replied = quote | Q(status=MatchStatus.REPLIED) | Q(replied_at__isnull=False)
    return {"replied": replied, "quote_sent": quote, "confirmed": confirmed}[step]


def _event_totals(period, metrics):
    totals = DatabaseAggregates().totals_by_metric(period.start, period.end, metrics)
    return {
        metric: sum(
            v for (p,), v in by_province.items() if not period.province or p == period.province
        )
        for metric, by_province in totals.items()
    }


class _MedianEpoch(Aggregate):
    """PostgreSQL median of a duration, in seconds."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM %(expressions)s))"
    output_field = FloatField()


def _median_days_between(queryset, fields):
    """``{field: median days from created_at to field}`` over ``queryset`` (rows where
    the field is set; pairs of ``(field, Q)`` narrow the rows further). PostgreSQL
    computes all medians in one query; other databases (the SQLite demo) in Python."""
    medians = {}
    if connection.vendor == "postgresql":
        aggregates = {}
        for field, condition in fields:
            delta = ExpressionWrapper(F(field) - F("created_at"), output_field=DurationField())
            aggregates[field] = _MedianEpoch(delta, filter=condition)  # NULLs are skipped
        for field, seconds in queryset.aggregate(**aggregates).items():
            medians[field] = round(seconds / 86400, 1) if seconds is not None else None
        return medians
    for field, condition in fields:
        delta = ExpressionWrapper(F(field) - F("created_at"), output_field=DurationField())
        rows = queryset.filter(condition, **{f"{field}__isnull": False}).annotate(d=delta)
        medians[field] = _median_days(list(rows.values_list("d", flat=True)))
    return medians


def collaborations(period, roots=None):
    """Q2: the funnel searches → views → contact requests → replies → quotes →
    confirmed, and the confirmed collaborations (from contact requests and from
    responses to demands) by value band. Counted by the database in a few queries."""
    from wagtail_doeners.matchmaking.choices import MatchSource, MatchStatus
    from wagtail_doeners.matchmaking.models import ContactRequest, Match

    start, end = period.bounds
    in_scope = Match.objects.filter(match_q(period.province, roots))
    cohort = in_scope.filter(created_at__gte=start, created_at__lt=end)
    confirmed = _reached("confirmed")
    # One grouped query gives every count of the cohort.
    groups = list(
        cohort.values("source", "value_band")
        .annotate(
            n=Count("*"),
            lost=Count("id", filter=Q(status=MatchStatus.LOST)),
            confirmed=Count("id", filter=confirmed),
            recurring=Count("id", filter=confirmed & Q(recurring=True)),
            replied=Count("id", filter=_reached("replied")),
            quote_sent=Count("id", filter=_reached("quote_sent")),
        )
        .order_by()
    )
    counts = Counter()
    by_source, confirmed_by_source, bands = Counter(), Counter(), Counter()
    for g in groups:
        for name in ("n", "lost", "confirmed", "recurring"):
            counts[name] += g[name]
        if g["source"] == MatchSource.CONTACT_REQUEST:
            for name in ("replied", "quote_sent", "confirmed"):
                counts[f"contact_{name}"] += g[name]
        by_source[g["source"]] += g["n"]
        if g["confirmed"]:
            confirmed_by_source[g["source"]] += g["confirmed"]
            bands[g["value_band"]] += g["confirmed"]
    medians = _median_days_between(cohort, [("replied_at", Q()), ("confirmed_at", confirmed)])
    events = _event_totals(
        period, [Metric.SEARCHES, Metric.OFFERING_VIEWS, Metric.ENTERPRISE_VIEWS]
    )
    steps = [
        ("searches", _("Searches"), events[Metric.SEARCHES]),
        (
            "views",
            _("Offering and enterprise views"),
            events[Metric.OFFERING_VIEWS] + events[Metric.ENTERPRISE_VIEWS],
        ),
        (
            "contact_requests",
            _("Contact requests"),
            ContactRequest.objects.filter(
                field_q(period.province), created_at__gte=start, created_at__lt=end
            ).count(),
        ),
        ("replied", _("Replies"), counts["contact_replied"]),
        ("quote_sent", _("Quotes"), counts["contact_quote_sent"]),
        ("confirmed", _("Confirmed collaborations"), counts["contact_confirmed"]),
    ]
    funnel, previous = [], None
    for key, label, value in steps:
        funnel.append(
            {
                "key": key,
                "label": str(label),
                "value": value,
                "conversion": _pct(value, previous) if previous is not None else None,
            }
        )
        previous = value

    sources = dict(MatchSource.choices)
    return {
        "funnel": funnel,
        "matches": counts["n"],
        "matches_by_source": _breakdown(by_source, sources),
        "lost": counts["lost"],
        "collaborations": counts["confirmed"],
        "collaboration_rate": _pct(counts["confirmed"], counts["n"]),
        "collaborations_by_source": _breakdown(confirmed_by_source, sources),
        "by_value_band": _breakdown(bands, _value_band_labels()),
        "recurring": counts["recurring"],
        "median_days_to_reply": medians["replied_at"],
        "median_days_to_confirmation": medians["confirmed_at"],
        "collaborations_since_launch": in_scope.filter(confirmed, created_at__lt=end).count(),
    }


# -- Q3 -----------------------------------------------------------------------------


def unmet_after_days():
    return int(doeners_settings.MATCHMAKING.get("UNMET_AFTER_DAYS") or 30)


def demand_queryset(period, roots=None):
    """Demands (requests and suggestions) first published in the period, with their
    number of responses and the time of the first one."""
    from wagtail_doeners.matchmaking.choices import MatchStatus
    from wagtail_doeners.matchmaking.models import Match
    from wagtail_doeners.pages.models import DemandPage

    start, end = period.bounds
    collaboration = Match.objects.filter(
        demand_response__demand=OuterRef("pk"), status=MatchStatus.CONFIRMED
    )
    return (
        DemandPage.objects.filter(
            page_q(period.province, root_paths=roots),
            first_published_at__gte=start,
            first_published_at__lt=end,
        )
        .annotate(
            n_responses=Count("responses", distinct=True),
            first_response_at=Min("responses__created_at"),
            has_collaboration=Exists(collaboration),
        )
        .order_by("first_published_at")
    )


def demands(period, roots=None):
    """Q3: companies that posted a request or suggestion; by category; how enterprises
    responded; unmet demand; good practices."""
    from wagtail_doeners.matchmaking.choices import SubmissionStatus
    from wagtail_doeners.matchmaking.models import DemandSubmission, GoodPractice
    from wagtail_doeners.pages.choices import DemandKind, DemandStatus

    start, end = period.bounds
    rows = list(
        demand_queryset(period, roots).values(
            "id",
            "kind",
            "status",
            "category__slug",
            "first_published_at",
            "n_responses",
            "first_response_at",
            "has_collaboration",
        )
    )
    unmet_cutoff = timezone.now() - timedelta(days=unmet_after_days())
    by_category = {}
    labels = _category_labels()
    for d in rows:
        cat = by_category.setdefault(
            d["category__slug"],
            {
                "key": d["category__slug"],
                "label": str(labels.get(d["category__slug"], d["category__slug"])),
                "requests": 0,
                "suggestions": 0,
                "responded": 0,
                "value": 0,
            },
        )
        cat["value"] += 1
        cat["requests" if d["kind"] == DemandKind.REQUEST else "suggestions"] += 1
        cat["responded"] += 1 if d["n_responses"] else 0
    responded = [d for d in rows if d["n_responses"]]
    submissions = DemandSubmission.objects.filter(
        field_q(period.province), created_at__gte=start, created_at__lt=end
    )
    zero_by_category = DatabaseAggregates().totals(
        period.start, period.end, Metric.ZERO_RESULT_SEARCHES, group_by=("province", "category")
    )
    zero = Counter()
    for (province, category), n in zero_by_category.items():
        if not period.province or province == period.province:
            zero[category] += n
    practices = GoodPractice.objects.filter(
        field_q(period.province), created_at__gte=start, created_at__lt=end
    ).select_related("enterprise", "match")
    return {
        "companies_posting": len(
            set(
                submissions.exclude(status=SubmissionStatus.REJECTED)
                .exclude(company_key="")
                .values_list("company_key", flat=True)
            )
        ),
        "submissions": submissions.count(),
        "submissions_rejected": submissions.filter(status=SubmissionStatus.REJECTED).count(),
        "demands": len(rows),
        "requests": sum(1 for d in rows if d["kind"] == DemandKind.REQUEST),
        "suggestions": sum(1 for d in rows if d["kind"] == DemandKind.SUGGESTION),
        "by_category": sorted(by_category.values(), key=lambda r: (-r["value"], r["key"])),
        "responded": len(responded),
        "response_rate": _pct(len(responded), len(rows)),
        "responses": sum(d["n_responses"] for d in rows),
        "responses_per_demand": round(sum(d["n_responses"] for d in rows) / len(rows), 2)
        if rows
        else None,
        "median_days_to_first_response": _median_days(
            [d["first_response_at"] - d["first_published_at"] for d in responded]
        ),
        "became_collaboration": sum(
            1 for d in rows if d["has_collaboration"] or d["status"] == DemandStatus.MATCHED
        ),
        "unmet": {
            "after_days": unmet_after_days(),
            "without_response": sum(
                1 for d in rows if not d["n_responses"] and d["first_published_at"] <= unmet_cutoff
            ),
            "closed_unmet": sum(1 for d in rows if d["status"] == DemandStatus.CLOSED_UNMET),
            "zero_result_searches": sum(zero.values()),
            "zero_result_by_category": _breakdown(
                zero, labels, unknown=str(_("No category filter"))
            ),
            "top_zero_result_queries": top_zero_result_queries(period),
        },
        "good_practices": {
            "count": practices.count(),
            "published": practices.filter(published=True).count(),
            "items": [
                {
                    "title": gp.title,
                    "enterprise": gp.enterprise.title if gp.enterprise else "",
                    "published": gp.published,
                    "value_band": gp.match.value_band,
                    "created_at": gp.created_at.date().isoformat(),
                }
                for gp in practices[:20]
            ],
        },
    }


def top_zero_result_queries(period, limit=10):
    start, end = period.bounds
    rows = (
        Event.objects.filter(
            field_q(period.province),
            kind="search",
            result_count=0,
            occurred_at__gte=start,
            occurred_at__lt=end,
        )
        .exclude(query="")
        .values("query")
        # COUNT(*), not COUNT(id): answered from the covering partial index alone.
        .annotate(n=Count("*"))
        .order_by("-n", "query")[:limit]
    )
    return [{"key": r["query"], "label": r["query"], "value": r["n"]} for r in rows]


# -- Q4 -----------------------------------------------------------------------------

COMPARED = [
    (Metric.NEW_COMPANIES, _("New companies")),
    (Metric.SEARCHES, _("Searches")),
    (Metric.CONTACT_REQUESTS, _("Contact requests")),
    (Metric.DEMANDS, _("Requests and suggestions")),
    (Metric.DEMAND_RESPONSES, _("Responses to demands")),
    (Metric.MATCHES, _("Matches")),
    (Metric.COLLABORATIONS, _("Confirmed collaborations")),
]


def companies_per_province():
    """Number of companies per province for per-1,000 figures, from the
    ``EVALUATION["COMPANIES_PER_PROVINCE"]`` setting (see docs/evaluation.md)."""
    return doeners_settings.EVALUATION.get("COMPANIES_PER_PROVINCE") or {}


def comparison(period, source):
    """Q4: every province side by side, from the daily aggregates, plus the
    buyer-province × supplier-province flow matrix of matches and collaborations,
    normalised per social-economy organisation of the supplier province."""
    provinces = [*FLEMISH_PROVINCES, "brussel"]
    enterprises = {
        p: v
        for (p,), v in source.totals(
            period.start, period.end, Metric.ENTERPRISES, how="max"
        ).items()
    }
    per_company = companies_per_province()
    all_totals = source.totals_by_metric(period.start, period.end, [m for m, _l in COMPARED])
    table = []
    for metric, label in COMPARED:
        totals = all_totals[str(metric)]
        table.append((metric, label, {p: totals.get((p,), 0) for p in provinces}))
    rows = []
    for province in provinces:
        row = {
            "province": province,
            "label": province_label(province),
            "nuts2": PROVINCES[province][0],
            "enterprises": enterprises.get(province, 0),
            "current": province == period.province,
        }
        for metric, _label, values in table:
            row[metric.value] = values[province]
        row["collaborations_per_organisation"] = (
            round(row["collaborations"] / row["enterprises"], 2) if row["enterprises"] else None
        )
        companies_here = per_company.get(province)
        row["collaborations_per_1000_companies"] = (
            round(1000 * row["collaborations"] / companies_here, 3) if companies_here else None
        )
        rows.append(row)
    rows = [r for r in rows if r["province"] != "brussel" or any(r[m.value] for m, _l in COMPARED)]

    flows = source.totals_by_metric(
        period.start,
        period.end,
        [Metric.MATCHES, Metric.COLLABORATIONS],
        group_by=("buyer_province", "supplier_province"),
    )

    def _matrix(metric):
        totals = flows[str(metric)]
        grid = {b: dict.fromkeys(provinces, 0) for b in [*provinces, ""]}
        for (buyer, supplier), value in totals.items():
            if supplier in provinces:
                grid.setdefault(buyer if buyer in provinces else "", dict.fromkeys(provinces, 0))
                grid[buyer if buyer in provinces else ""][supplier] += value
        return [
            {
                "buyer_province": b,
                "label": province_label(b) if b else str(_("Unknown")),
                "cells": [
                    {
                        "supplier_province": s,
                        "value": grid[b][s],
                        "per_organisation": round(grid[b][s] / enterprises[s], 2)
                        if enterprises.get(s)
                        else None,
                    }
                    for s in provinces
                ],
                "total": sum(grid[b].values()),
            }
            for b in [*provinces, ""]
            if sum(grid[b].values()) or b
        ]

    return {
        "source": source.name,
        "metrics": [{"key": m.value, "label": str(label)} for m, label in COMPARED],
        "provinces": rows,
        "flow_columns": [{"province": p, "label": province_label(p)} for p in provinces],
        "flow_matches": _matrix(Metric.MATCHES),
        "flow_collaborations": _matrix(Metric.COLLABORATIONS),
        "per_1000_available": bool(per_company),
    }
