"""Storing events: the receiver of ``wagtail_doeners.events.event_recorded`` and the
page-view hook. Sub-apps never import this module; they call ``record_event``."""

import logging
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from wagtail_doeners.conf import PROVINCES, doeners_settings

from .choices import EventKind
from .models import Event
from .privacy import mask_text, mask_values, scrub

logger = logging.getLogger(__name__)

_STR_COLUMNS = {
    "company_key": 40,
    "buyer_province": 32,
    "supplier_province": 32,
    "nace_section": 1,
    "size_class": 8,
    "category": 100,
    "value_band": 16,
}
_ID_COLUMNS = ("offering_id", "enterprise_id", "demand_id", "match_id")


def build_event(kind, data):
    """An unsaved Event from ``record_event`` keyword arguments, or ``None`` when the
    kind is unknown. Personal keys are dropped (and logged by name, never by value)."""
    if kind not in EventKind.values:
        logger.warning("Ignored an event of unknown kind %r", kind)
        return None
    clean, removed = scrub(dict(data))
    if removed:
        logger.warning("Stripped personal keys from a %s event: %s", kind, ", ".join(removed))

    event = Event(kind=kind)
    province = clean.pop("province", "") or doeners_settings.PROVINCE
    event.province = province if province in PROVINCES else doeners_settings.PROVINCE
    occurred_at = clean.pop("occurred_at", None)
    if isinstance(occurred_at, str):
        occurred_at = parse_datetime(occurred_at)
    if isinstance(occurred_at, datetime):
        event.occurred_at = (
            occurred_at if timezone.is_aware(occurred_at) else timezone.make_aware(occurred_at)
        )
    if kind == EventKind.SEARCH and not clean.get("category"):
        # The search service logs its filters; one chosen category is a dimension.
        chosen = (
            (clean.get("filters") or {}).get("category")
            if isinstance(clean.get("filters"), dict)
            else None
        )
        if isinstance(chosen, list | tuple) and len(chosen) == 1:
            clean["category"] = chosen[0]
        elif isinstance(chosen, str):
            clean["category"] = chosen
    for column, length in _STR_COLUMNS.items():
        value = clean.pop(column, "")
        if column == "category" and hasattr(value, "slug"):
            value = value.slug
        setattr(event, column, str(value or "")[:length])
    for column in _ID_COLUMNS:
        value = clean.pop(column, None)
        try:
            setattr(event, column, int(value) if value not in (None, "") else None)
        except (TypeError, ValueError):
            clean[column] = str(value)
    query = clean.pop("query", "")
    event.query = mask_text(str(query or "").strip())[:200] if kind == EventKind.SEARCH else ""
    result_count = clean.pop("result_count", None)
    event.result_count = int(result_count) if isinstance(result_count, int | float) else None
    # Free text left in ``data`` may still hold an address or number someone typed.
    event.data = mask_values(clean)
    return event


def store_event(sender, kind, data, **kwargs):
    """Receiver of ``event_recorded``: an event that cannot be built is dropped, the
    request that recorded it goes on."""
    event = build_event(kind, data)
    if event is not None:
        event.save()
    return event


def record_page_view(page, request):
    """Record a view of an offering or enterprise page (no cookies, no IP)."""
    from wagtail_doeners.events import record_event
    from wagtail_doeners.pages.models import EnterprisePage, OfferingPage
    from wagtail_doeners.pages.provinces import get_request_province

    if request.method != "GET" or getattr(request, "is_preview", False):
        return
    specific = page.specific
    if isinstance(specific, OfferingPage):
        enterprise = specific.enterprise
        record_event(
            EventKind.OFFERING_VIEW,
            province=get_request_province(request),
            offering_id=specific.pk,
            enterprise_id=enterprise.pk if enterprise else None,
            supplier_province=enterprise.province if enterprise else "",
            category=specific.category.slug if specific.category_id else "",
        )
    elif isinstance(specific, EnterprisePage):
        record_event(
            EventKind.ENTERPRISE_VIEW,
            province=get_request_province(request),
            enterprise_id=specific.pk,
            supplier_province=specific.province,
        )
