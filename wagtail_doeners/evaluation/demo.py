"""Demo event history for the evaluation dashboard: ~18 months of searches (some
without results), offering and enterprise views, campaign visits, and the events of
the matchmaking demo records (contact requests, demands, responses, status changes),
then the daily aggregates, so the demo dashboard and report are not empty.

Called by ``doeners_demo_data`` after the pages and matchmaking demos as
``load_demo(rng=, scale=, stdout=)``. Idempotent: demo events carry ``{"demo": true}``;
when they exist, only the aggregates are recomputed.
"""

import math
from datetime import timedelta

from django.utils import timezone

from .aggregates import compute_range
from .choices import EventKind
from .models import Event
from .scoping import province_of_path, province_root_paths

DAYS = 540
# Needs the social economy does not cover yet (zero-result searches), with the
# category a visitor had chosen, if any.
UNMET_QUERIES = [
    ("3d-printen prototypes", ""),
    ("vertaling frans duits", ""),
    ("drone inspectie daken", ""),
    ("fietsherstelling bedrijfsvloot", ""),
    ("textiel herstellen werkkledij", ""),
    ("catering halal", "catering"),
    ("zonnepanelen reinigen", ""),
    ("archief digitaliseren", ""),
    ("bedrijfsfeest animatie", ""),
    ("elektronica recyclage", ""),
]


def _moment(rng, now, day):
    return now - timedelta(days=day, hours=rng.randrange(0, 12), minutes=rng.randrange(60))


def _traffic(rng, now, scale, offerings, enterprises, provinces):
    """Searches, views and campaign visits; the platform grows over the period."""
    events = []
    for day in range(DAYS, -1, -1):
        growth = 0.35 + 0.65 * (1 - day / DAYS)
        weekday = (now - timedelta(days=day)).weekday() < 5
        n = int(rng.gauss(30, 6) * growth * scale * (1 if weekday else 0.3))
        for _ in range(max(n, 0)):
            province = rng.choice(provinces)
            at = _moment(rng, now, day)
            if rng.random() < 0.11:
                query, category = rng.choice(UNMET_QUERIES)
                results = 0
            else:
                offering = rng.choice(offerings) if offerings else None
                query = offering["title"].lower() if offering and rng.random() < 0.7 else ""
                category = offering["category"] if offering and rng.random() < 0.4 else ""
                results = rng.randrange(1, 40)
            filters = {"category": [category]} if category else {}
            events.append(
                Event(
                    kind=EventKind.SEARCH,
                    occurred_at=at,
                    province=province,
                    query=query[:200],
                    category=category,
                    result_count=results,
                    data={"demo": True, "filters": filters},
                )
            )
            # A search leads to a few views.
            for _view in range(rng.choice([0, 1, 1, 2, 3]) if results else 0):
                if offerings and rng.random() < 0.7:
                    o = rng.choice(offerings)
                    events.append(
                        Event(
                            kind=EventKind.OFFERING_VIEW,
                            occurred_at=at + timedelta(minutes=1),
                            province=province,
                            offering_id=o["id"],
                            enterprise_id=o["enterprise"],
                            supplier_province=o["province"],
                            category=o["category"],
                            data={"demo": True},
                        )
                    )
                elif enterprises:
                    e = rng.choice(enterprises)
                    events.append(
                        Event(
                            kind=EventKind.ENTERPRISE_VIEW,
                            occurred_at=at + timedelta(minutes=1),
                            province=province,
                            enterprise_id=e["id"],
                            supplier_province=e["province"],
                            data={"demo": True},
                        )
                    )
        if day % 30 < 3 and rng.random() < 0.6:  # campaign weeks
            for _ in range(int(8 * scale * growth)):
                events.append(
                    Event(
                        kind=EventKind.CAMPAIGN_ATTRIBUTION,
                        occurred_at=_moment(rng, now, day),
                        province=rng.choice(provinces),
                        data={
                            "demo": True,
                            "campaign": f"nieuwsbrief-{(now - timedelta(days=day)):%Y-%m}",
                        },
                    )
                )
    return events


def _record_events():
    """The events the matchmaking app records live, rebuilt from its demo records."""
    from wagtail_doeners.matchmaking.models import (
        ContactRequest,
        DemandResponse,
        DemandSubmission,
        MatchStatusChange,
    )

    roots = province_root_paths()
    events = []
    for r in ContactRequest.objects.select_related("offering__category", "enterprise"):
        events.append(
            Event(
                kind=EventKind.CONTACT_REQUEST,
                occurred_at=r.created_at,
                province=r.province,
                company_key=r.company_key,
                buyer_province=r.buyer_province,
                supplier_province=r.enterprise.province if r.enterprise else r.province,
                nace_section=r.nace_section,
                size_class=r.size_class,
                category=r.offering.category.slug if r.offering else "",
                offering_id=r.offering_id,
                enterprise_id=r.enterprise_id,
                data={"demo": True},
            )
        )
    for s in DemandSubmission.objects.select_related("category"):
        events.append(
            Event(
                kind=EventKind.DEMAND_SUBMITTED,
                occurred_at=s.created_at,
                province=s.province,
                company_key=s.company_key,
                buyer_province=s.buyer_province,
                category=s.category.slug,
                size_class=s.company_size,
                data={"demo": True, "demand_kind": s.kind},
            )
        )
    for r in DemandResponse.objects.select_related("demand__category", "enterprise"):
        events.append(
            Event(
                kind=EventKind.DEMAND_RESPONSE,
                occurred_at=r.created_at,
                province=province_of_path(r.demand.path, roots),
                buyer_province=r.demand.province,
                supplier_province=r.enterprise.province if r.enterprise else "",
                category=r.demand.category.slug,
                demand_id=r.demand_id,
                enterprise_id=r.enterprise_id,
                data={"demo": True},
            )
        )
    for c in MatchStatusChange.objects.select_related("match"):
        m = c.match
        events.append(
            Event(
                kind=EventKind.MATCH_STATUS,
                occurred_at=c.changed_at,
                province=m.supplier_province or "vlaams-brabant",
                company_key=m.company_key,
                buyer_province=m.buyer_province,
                supplier_province=m.supplier_province,
                value_band=m.value_band if c.to_status == "confirmed" else "",
                match_id=m.pk,
                data={"demo": True, "from_status": c.from_status, "to_status": c.to_status},
            )
        )
    return events


def load_demo(*, rng, scale=1.0, stdout=None):
    from wagtail_doeners.pages.models import EnterprisePage, OfferingPage

    now = timezone.now()
    if not Event.objects.filter(data__demo=True).exists():
        roots = province_root_paths()
        enterprises = [
            {"id": e.pk, "province": e.province}
            for e in EnterprisePage.objects.live().only("id", "province")
        ]
        enterprise_province = {e["id"]: e["province"] for e in enterprises}
        offerings = []
        for o in (
            OfferingPage.objects.live()
            .select_related("category")
            .only("id", "title", "path", "category__slug")
        ):
            parent_path = o.path[: -OfferingPage.steplen]
            offerings.append(
                {
                    "id": o.pk,
                    "title": o.title,
                    "category": o.category.slug,
                    "path": parent_path,
                    "enterprise": None,
                    "province": "",
                }
            )
        parents = dict(
            EnterprisePage.objects.filter(path__in=[o["path"] for o in offerings]).values_list(
                "path", "id"
            )
        )
        for o in offerings:
            o["enterprise"] = parents.get(o["path"])
            o["province"] = enterprise_province.get(o["enterprise"], "")
        provinces = sorted(set(roots)) or ["vlaams-brabant"]
        events = _traffic(rng, now, scale, offerings, enterprises, provinces)
        events += _record_events()
        Event.objects.bulk_create(events, batch_size=5000)
        if stdout:
            stdout.write(f"Evaluation demo: {len(events)} events over {DAYS} days.")
    days = math.ceil(DAYS) + 1
    rows = compute_range(timezone.localdate() - timedelta(days=days), timezone.localdate())
    if stdout:
        stdout.write(f"Evaluation demo: {rows} daily aggregate rows.")
