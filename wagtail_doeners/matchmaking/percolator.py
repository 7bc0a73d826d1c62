"""Demand alerts through the search engine's percolator.

Each live offering is stored as a percolator query in ``<prefix>-alerts-<install>``
on the shared cluster (``<install>`` = ``WAGTAIL_DOENERS["PROVINCE"]``, so installs
sharing the cluster never alert each other's enterprises). The query encodes what
the offering delivers (its category, sub-categories and parent, with the exact
category scoring highest, plus its text for relevance) and where (the provinces it
serves, or a radius around the enterprise). A new demand is percolated as a
document; the hits are the offerings that match it, grouped by enterprise.

Without an engine backend (``uses_index`` false) everything here is a no-op and
``alerts.database_candidates`` is used instead. The low-level calls go through the
search backend's documented helpers (``create_index``, ``index_document``,
``percolate``; see wagtail_doeners/search/backends/engine.py).
"""

import logging

from django.utils.html import strip_tags

from wagtail_doeners.conf import doeners_settings

logger = logging.getLogger(__name__)

FIELD = "query"
MAPPING_VERSION = 1


def _backend():
    from wagtail_doeners.search.backends import get_search_backend

    backend = get_search_backend()
    return backend if getattr(backend, "uses_index", False) else None


def index_name(backend):
    return f"{backend.prefix}-alerts-{doeners_settings.PROVINCE}-v{MAPPING_VERSION}"


INDEX_BODY = {
    "settings": {"number_of_shards": 1, "number_of_replicas": 0},
    "mappings": {
        "properties": {
            FIELD: {"type": "percolator"},
            # Metadata of the stored query.
            "enterprise_id": {"type": "integer"},
            "offering_id": {"type": "integer"},
            # Fields of the percolated demand document.
            "category_id": {"type": "integer"},
            "province": {"type": "keyword"},
            "location": {"type": "geo_point"},
            "text": {"type": "text", "analyzer": "dutch"},
        }
    },
}


def ensure_index(backend):
    body = {**INDEX_BODY, "settings": {**INDEX_BODY["settings"]}}
    body["settings"]["number_of_replicas"] = backend.replicas
    backend.create_index(index_name(backend), body)


def offering_query(offering, enterprise):
    """The percolator query of one offering."""
    category = offering.category
    related = [c.pk for c in category.children.all()]
    for child in category.children.all():
        related += [g.pk for g in child.children.all()]
    if category.parent_id:
        related.append(category.parent_id)

    provinces, radius = offering.service_area(enterprise)
    if not provinces and not radius:
        radius = doeners_settings.MATCHMAKING["ALERT_DEFAULT_RADIUS_KM"]

    area = []
    if provinces:
        area.append({"terms": {"province": provinces}})
    if radius and enterprise.latitude is not None:
        area.append(
            {
                "geo_distance": {
                    "distance": f"{radius}km",
                    "location": {"lat": enterprise.latitude, "lon": enterprise.longitude},
                }
            }
        )
    if not area:
        area.append({"bool": {"must_not": {"match_all": {}}}})

    what = [{"term": {"category_id": {"value": category.pk, "boost": 3.0}}}]
    if related:
        what.append({"terms": {"category_id": related, "boost": 1.0}})
    text = " ".join(
        part for part in (offering.title, offering.summary, " ".join(offering.tags.names())) if part
    )
    return {
        "bool": {
            "filter": [{"bool": {"should": area, "minimum_should_match": 1}}],
            "must": [{"bool": {"should": what, "minimum_should_match": 1}}],
            "should": [{"match": {"text": {"query": text, "boost": 0.5}}}] if text else [],
        }
    }


def _doc_id(offering_id):
    return f"offering-{offering_id}"


def sync_offering(offering, *, backend=None, refresh=False):
    """Store (or remove, when not live) the query of ``offering``."""
    backend = backend or _backend()
    if backend is None:
        return False
    ensure_index(backend)
    enterprise = offering.enterprise
    if not offering.live or enterprise is None or not enterprise.live:
        backend.delete_document(index_name(backend), _doc_id(offering.pk), refresh=refresh)
        return False
    document = {
        FIELD: offering_query(offering, enterprise),
        "enterprise_id": enterprise.pk,
        "offering_id": offering.pk,
    }
    backend.index_document(index_name(backend), _doc_id(offering.pk), document, refresh=refresh)
    return True


def remove_offering(offering_id, *, backend=None):
    backend = backend or _backend()
    if backend is not None:
        backend.delete_document(index_name(backend), _doc_id(offering_id))


def sync_page(page, *, refresh=False):
    """Sync an offering, or every offering of an enterprise."""
    from wagtail_doeners.pages.models import EnterprisePage, OfferingPage

    backend = _backend()
    if backend is None:
        return 0
    page = page.specific
    if isinstance(page, OfferingPage):
        offerings = [page]
    elif isinstance(page, EnterprisePage):
        offerings = list(OfferingPage.objects.descendant_of(page).specific())
    else:
        return 0
    for offering in offerings:
        sync_offering(offering, backend=backend, refresh=refresh)
    return len(offerings)


def rebuild(*, refresh=True):
    """Drop and refill the alert index from every live offering; returns the count."""
    from wagtail_doeners.pages.models import OfferingPage

    backend = _backend()
    if backend is None:
        return 0
    backend.delete_index(index_name(backend))
    ensure_index(backend)
    count = 0
    for offering in OfferingPage.objects.live().specific().iterator():
        count += sync_offering(offering, backend=backend)
    if refresh:
        backend.request("POST", f"/{index_name(backend)}/_refresh")
    return count


def demand_document(demand):
    document = {
        "category_id": demand.category_id,
        "province": demand.province,
        "text": f"{demand.title} {strip_tags(demand.description or '')}",
    }
    if demand.latitude is not None:
        document["location"] = {"lat": demand.latitude, "lon": demand.longitude}
    return document


def percolate_demand(demand, size=500):
    """``[(enterprise_id, score)]`` best score per enterprise, or None without an
    engine (or without the alert index yet, so the database fallback is used)."""
    backend = _backend()
    if backend is None or not backend.index_exists(index_name(backend)):
        return None
    hits = backend.percolate(index_name(backend), FIELD, demand_document(demand), size=size)
    best = {}
    for hit in hits:
        enterprise_id = hit["_source"]["enterprise_id"]
        best[enterprise_id] = max(best.get(enterprise_id, 0.0), float(hit["_score"] or 0.0))
    return sorted(best.items(), key=lambda kv: -kv[1])
