"""Alerting the enterprises that match a newly published demand.

Candidates come from the search engine's percolator when the configured backend has
one (each enterprise's offerings and service area are stored there as queries, and
the demand is percolated against them); otherwise from a database query on category
and service area. Either way the best ``ALERT_TOP_N`` by relevance, then distance,
are alerted, skipping enterprises already alerted ``ALERT_MAX_PER_ENTERPRISE_PER_DAY``
times in the last 24 hours. A DemandAlert row is the claim: inserted before the
mail goes out, unique per (demand, enterprise), so an alert is never sent twice."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from wagtail_doeners.conf import doeners_settings
from wagtail_doeners.geo import distance_km

from .models import DemandAlert

logger = logging.getLogger(__name__)


@dataclass
class Candidate:
    enterprise_id: int
    score: float
    distance_km: float | None = None


def _distance(demand, enterprise):
    if None in (demand.latitude, demand.longitude, enterprise.latitude, enterprise.longitude):
        return None
    return round(
        distance_km(demand.latitude, demand.longitude, enterprise.latitude, enterprise.longitude),
        1,
    )


def _related_categories(category):
    """Category ids scored by closeness: the demand's own, its sub-categories, its parent."""
    scores = {category.pk: 1.0}
    for child in category.children.all():
        scores.setdefault(child.pk, 0.8)
        for grandchild in child.children.all():
            scores.setdefault(grandchild.pk, 0.7)
    if category.parent_id:
        scores.setdefault(category.parent_id, 0.5)
    return scores


def serves(demand, provinces, radius_km, distance):
    """Does an offering with this service area deliver where the demand is?"""
    if demand.province and demand.province in provinces:
        return True
    if radius_km:
        return distance is not None and distance <= radius_km
    if not provinces:
        default = doeners_settings.MATCHMAKING["ALERT_DEFAULT_RADIUS_KM"]
        return distance is not None and distance <= default
    return False


def database_candidates(demand):
    """Candidates without a search engine: category relation + service area."""
    from wagtail.models import Page

    from wagtail_doeners.pages.models import EnterprisePage, OfferingPage

    scores = _related_categories(demand.category)
    offerings = list(
        OfferingPage.objects.live()
        .filter(category_id__in=scores)
        .prefetch_related("service_provinces")
        .only("pk", "path", "category_id", "service_radius_km")
    )
    parent_paths = {o.path[: -Page.steplen] for o in offerings}
    enterprises = {
        e.path: e
        for e in EnterprisePage.objects.live()
        .filter(path__in=parent_paths)
        .prefetch_related("service_provinces")
    }
    best = {}
    for offering in offerings:
        enterprise = enterprises.get(offering.path[: -Page.steplen])
        if enterprise is None:
            continue
        provinces, radius = offering.service_area(enterprise)
        distance = _distance(demand, enterprise)
        if not serves(demand, provinces, radius, distance):
            continue
        score = scores[offering.category_id]
        current = best.get(enterprise.pk)
        if current is None or score > current.score:
            best[enterprise.pk] = Candidate(enterprise.pk, score, distance)
    return list(best.values())


def percolator_candidates(demand):
    """Candidates from the engine's percolator, or None when there is none."""
    from .percolator import percolate_demand

    try:
        hits = percolate_demand(demand)
    except Exception:  # noqa: BLE001 - the engine being down must not lose the alerts
        logger.exception("Percolating demand %s failed; using the database fallback", demand.pk)
        return None
    if hits is None:
        return None
    from wagtail_doeners.pages.models import EnterprisePage

    enterprises = EnterprisePage.objects.live().in_bulk([h[0] for h in hits])
    result = []
    for enterprise_id, score in hits:
        enterprise = enterprises.get(enterprise_id)
        if enterprise is not None:
            result.append(Candidate(enterprise_id, float(score), _distance(demand, enterprise)))
    return result


def find_candidates(demand):
    candidates = percolator_candidates(demand)
    if candidates is None:
        candidates = database_candidates(demand)
    return candidates


def rank(candidates, *, now=None):
    """Best first, throttled, at most ``ALERT_TOP_N``."""
    opts = doeners_settings.MATCHMAKING
    now = now or timezone.now()
    busy = {
        row["enterprise_id"]
        for row in DemandAlert.objects.filter(
            sent_at__gte=now - timedelta(days=1),
            enterprise_id__in=[c.enterprise_id for c in candidates],
        )
        .values("enterprise_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=opts["ALERT_MAX_PER_ENTERPRISE_PER_DAY"])
    }
    eligible = [c for c in candidates if c.enterprise_id not in busy]
    eligible.sort(key=lambda c: (-c.score, c.distance_km if c.distance_km is not None else 1e9))
    return eligible[: opts["ALERT_TOP_N"]]


def alert_enterprises(demand, *, now=None):
    """Alert the best-matching enterprises about ``demand``; returns the alerts sent."""
    from wagtail_doeners.pages.models import EnterprisePage

    from .mail import enterprise_address, response_url, send

    now = now or timezone.now()
    sent = []
    for candidate in rank(find_candidates(demand), now=now):
        try:
            with transaction.atomic():
                alert = DemandAlert.objects.create(
                    demand=demand,
                    enterprise_id=candidate.enterprise_id,
                    score=candidate.score,
                    distance_km=candidate.distance_km,
                )
        except IntegrityError:
            continue  # already alerted about this demand
        enterprise = EnterprisePage.objects.get(pk=candidate.enterprise_id)
        delivered = send(
            "demand_alert",
            enterprise_address(enterprise),
            {
                "demand": demand,
                "enterprise": enterprise,
                "demand_url": demand.get_full_url(),
                "respond_url": response_url(demand, enterprise),
                "distance_km": candidate.distance_km,
            },
        )
        if delivered:
            alert.sent_at = timezone.now()
            alert.save(update_fields=["sent_at"])
            sent.append(alert)
    return sent
