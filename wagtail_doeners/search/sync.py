"""Drain the outbox into the engine, and rebuild one province's index.

Plain functions; ``tasks.py`` wraps them for Celery and the management commands call
them directly.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from wagtail.models import Page

from wagtail_doeners.conf import doeners_settings
from wagtail_doeners.pages.provinces import get_site_province

from .backends import get_search_backend
from .backends.base import SearchUnavailable
from .documents import ForeignProvinceWrite, build_document, doc_key
from .models import OutboxEntry

logger = logging.getLogger(__name__)


def drain(limit=500, max_batches=100):
    """Apply pending outbox rows in id order; return how many rows were processed.

    Rows are locked (``SKIP LOCKED``) so concurrent workers never apply the same row.
    Each document gets the highest row id as its external version, so the newest change
    wins even if an older batch reaches the engine later. If the engine is down the
    rows stay pending (attempts and last error recorded) and ``SearchUnavailable``
    propagates so the task can retry.
    """
    backend = get_search_backend()
    if not backend.uses_index:
        return 0
    done = 0
    for _ in range(max_batches):
        with transaction.atomic():
            rows = list(
                OutboxEntry.objects.select_for_update(skip_locked=True)
                .filter(processed_at__isnull=True)
                .order_by("id")[:limit]
            )
            if not rows:
                break
            try:
                refused = _apply(
                    backend, rows, refresh=backend.options.get("REFRESH_ON_SYNC", True)
                )
            except Exception as error:
                OutboxEntry.objects.filter(pk__in=[r.pk for r in rows]).update(
                    attempts=F("attempts") + 1, last_error=str(error)[:2000]
                )
                logger.warning("Search outbox drain failed: %s", error)
                failure = error
            else:
                failure = None
                OutboxEntry.objects.filter(pk__in=[r.pk for r in rows]).update(
                    processed_at=timezone.now(), last_error=""
                )
                for row, reason in refused:
                    # Done with, not retried: no later attempt would be allowed either.
                    OutboxEntry.objects.filter(pk=row.pk).update(last_error=reason[:2000])
                done += len(rows)
        if failure is not None:
            raise failure
    return done


def own_provinces():
    """The provinces this install serves: its Sites' provinces and ``PROVINCE``."""
    from wagtail.models import Site

    return {get_site_province(site) for site in Site.objects.all()} | {doeners_settings.PROVINCE}


def check_own_province(province, own=None, doing="write to"):
    """Raise ``ForeignProvinceWrite`` unless this install serves ``province``."""
    own = own_provinces() if own is None else own
    if province not in own:
        raise ForeignProvinceWrite(
            f"Refused to {doing} province {province!r}: this install serves "
            f"{', '.join(sorted(own))}."
        )


def write_documents(backend, province, actions, index=None, refresh=False, own=None):
    """The one way this package writes to the engine: refuses (``ForeignProvinceWrite``)
    a province this install does not serve and any action on another province's
    document, before anything is sent. See docs/security.md for the cluster
    privileges that enforce the same rule on the engine's side."""
    check_own_province(province, own)
    # The engine's apply_changes checks every id and document (documents.check_write).
    return backend.apply_changes(province, actions, index=index, refresh=refresh)


def _apply(backend, rows, refresh=False):
    """Apply outbox rows; return ``[(row, reason)]`` for rows refused because they
    name a province this install does not serve (nothing of theirs is sent)."""
    own = own_provinces()
    latest, refused = {}, []
    for row in rows:  # ordered by id: the last row per document wins
        if row.province not in own:
            refused.append((row, f"Refused: province {row.province!r} is not served here."))
            logger.error("Search outbox row %s names foreign province %r", row.pk, row.province)
            continue
        latest[(row.province, row.doc_type, row.page_id)] = row
    page_ids = {row.page_id for row in latest.values() if row.action == OutboxEntry.INDEX}
    pages = {p.pk: p for p in Page.objects.filter(pk__in=page_ids).specific()}
    per_province, site_provinces = {}, {}
    for (province, doc_type, page_id), row in latest.items():
        document = None
        page = pages.get(page_id) if row.action == OutboxEntry.INDEX else None
        # A page that now belongs to another province (moved after the row was written)
        # is only removed from this row's province, never written under its name.
        if page is not None and _province_of(page, site_provinces) == province:
            document = build_document(page, province=province)
        key = doc_key(province, doc_type, page_id)
        per_province.setdefault(province, []).append((key, row.pk, document))
    for province, actions in per_province.items():
        write_documents(backend, province, actions, refresh=refresh, own=own)
    return refused


def _province_of(page, memo):
    site = page.get_site()
    key = site.pk if site is not None else None
    if key not in memo:
        memo[key] = get_site_province(site)
    return memo[key]


def province_roots(province):
    """Root pages of the Sites that belong to ``province``."""
    from wagtail.models import Site

    return [
        site.root_page
        for site in Site.objects.select_related("root_page")
        if get_site_province(site) == province
    ]


def iter_province_documents(province, narrow=None, types=None):
    """(doc_key, document) for every public offering, enterprise and open demand of
    ``province``, with the related rows fetched in bulk (a few queries per 1,000 pages).

    ``narrow(doc_type, queryset)`` may filter each queryset (the database backend
    passes its text filter); ``types`` limits the document types.
    """
    from wagtail_doeners.pages.models import DemandPage, EnterprisePage

    types = set(types or ("offering", "enterprise", "demand"))

    def _narrow(doc_type, qs):
        return narrow(doc_type, qs) if narrow else qs

    cache = {}
    for root in province_roots(province):
        enterprises = {
            e.path: e
            for e in EnterprisePage.objects.descendant_of(root)
            .live()
            .prefetch_related("certifications", "service_provinces")
        }
        public_enterprises = set(
            EnterprisePage.objects.descendant_of(root).live().public().values_list("pk", flat=True)
        )
        wanted = (
            set(
                _narrow("enterprise", EnterprisePage.objects.descendant_of(root)).values_list(
                    "pk", flat=True
                )
            )
            if "enterprise" in types
            else set()
        )
        for enterprise in enterprises.values():
            if enterprise.pk in public_enterprises and enterprise.pk in wanted:
                doc = build_document(enterprise, province=province, public=True, cache=cache)
                if doc:
                    yield doc["key"], doc
        if "offering" in types:
            yield from _offering_documents(root, province, enterprises, _narrow, cache)
        demands = _narrow(
            "demand",
            DemandPage.objects.descendant_of(root)
            .live()
            .public()
            .filter(status="open")
            .select_related("category"),
        )
        if "demand" not in types:
            demands = demands.none()
        for demand in demands.iterator(chunk_size=2000):
            doc = build_document(demand, province=province, public=True, cache=cache)
            if doc:
                yield doc["key"], doc


def _offering_documents(root, province, enterprises, narrow, cache):
    """Offering documents from ``.values()`` rows: the same documents as
    ``build_document`` (tests/search/test_sync.py compares them) without instantiating
    50k page models, which is what keeps a rebuild in the thousands of docs per second."""
    from django.utils.html import strip_tags

    from wagtail_doeners.pages.models import OfferingCategory, OfferingPage
    from wagtail_doeners.pages.offering import OfferingTag

    from .documents import _category_fields, canonical_url

    base = canonical_url(root)
    base_path = root.url_path
    categories = {c.pk: c for c in OfferingCategory.objects.select_related("parent")}
    tags, own_areas = {}, {}
    for page_id, name in OfferingTag.objects.filter(
        content_object__path__startswith=root.path
    ).values_list("content_object_id", "tag__name"):
        tags.setdefault(page_id, []).append(name)
    through = OfferingPage.service_provinces.through
    for page_id, slug in through.objects.filter(
        offeringpage__path__startswith=root.path
    ).values_list("offeringpage_id", "province__slug"):
        own_areas.setdefault(page_id, []).append(slug)
    per_enterprise = {}
    rows = (
        narrow("offering", OfferingPage.objects.descendant_of(root).live().public())
        .order_by("path")
        .values(
            "pk",
            "title",
            "summary",
            "body",
            "category_id",
            "service_radius_km",
            "path",
            "url_path",
            "last_published_at",
            "latest_revision_created_at",
        )
    )
    for row in rows.iterator(chunk_size=5000):
        ent_path = row["path"][: -OfferingPage.steplen]
        if ent_path not in per_enterprise:
            per_enterprise[ent_path] = _enterprise_fields(enterprises.get(ent_path))
        ent = per_enterprise[ent_path]
        own = own_areas.get(row["pk"], [])
        if own or row["service_radius_km"] or not ent:
            area = {"service_provinces": own, "service_radius_km": row["service_radius_km"]}
        else:
            area = ent["_area"]
        modified = row["last_published_at"] or row["latest_revision_created_at"]
        doc = {
            "key": doc_key(province, "offering", row["pk"]),
            "type": "offering",
            "page_id": row["pk"],
            "province": province,
            "title": row["title"],
            "url": base + row["url_path"][len(base_path) :],
            "last_modified": modified.isoformat() if modified else None,
            "summary": row["summary"],
            "body": strip_tags(row["body"] or ""),
            "tags": tags.get(row["pk"], []),
            **area,
            **_category_fields(categories.get(row["category_id"]), cache),
            **{k: v for k, v in ent.items() if k != "_area"},
        }
        yield doc["key"], {k: v for k, v in doc.items() if v not in (None, "", [])}


def _enterprise_fields(enterprise):
    if enterprise is None:
        return {}
    fields = {
        "enterprise": enterprise.title,
        "enterprise_id": enterprise.pk,
        "recognition_type": enterprise.recognition_type,
        "certifications": [c.slug for c in enterprise.certifications.all()],
        "municipality": enterprise.municipality or "",
        "postal_code": enterprise.postal_code,
        "_area": {
            "service_provinces": [p.slug for p in enterprise.service_provinces.all()],
            "service_radius_km": enterprise.service_radius_km,
        },
    }
    if enterprise.latitude is not None and enterprise.longitude is not None:
        fields["location"] = {"lat": enterprise.latitude, "lon": enterprise.longitude}
    return fields


def rebuild(province, progress=None):
    """Rebuild ``province``'s index with zero downtime; return the document count.

    Documents are written with the outbox high-water mark as version; rows newer than
    the mark (changes made while rebuilding) are replayed into the new index afterwards,
    so no change made during the rebuild is lost.
    """
    backend = get_search_backend()
    if not backend.uses_index:
        return 0
    check_own_province(province, doing="rebuild")
    mark = OutboxEntry.objects.aggregate(m=Max("id"))["m"] or 0
    # Every batch goes through apply_changes, which refuses other provinces' documents.
    count = backend.rebuild(province, iter_province_documents(province), mark, progress)
    later = list(OutboxEntry.objects.filter(id__gt=mark, province=province).order_by("id"))
    if later:
        _apply(backend, later)
    return count


def outbox_backlog():
    pending = OutboxEntry.objects.filter(processed_at__isnull=True)
    oldest = pending.order_by("id").first()
    return {
        "pending": pending.count(),
        "oldest": oldest.created_at if oldest else None,
        "failing": pending.filter(attempts__gt=0).count(),
    }


def purge_processed(days=7):
    """Delete processed rows older than ``days`` (rebuilds only replay recent rows)."""
    cutoff = timezone.now() - timedelta(days=days)
    return OutboxEntry.objects.filter(processed_at__lt=cutoff).delete()[0]


__all__ = [
    "drain",
    "rebuild",
    "write_documents",
    "own_provinces",
    "outbox_backlog",
    "purge_processed",
    "SearchUnavailable",
    "ForeignProvinceWrite",
]
