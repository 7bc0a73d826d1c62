"""Match status changes: the single place where a match moves through the funnel,
so every change is timestamped, kept in the history and recorded as an event."""

from django.db import transaction
from django.utils import timezone

from wagtail_doeners.events import record_event

from .choices import MATCH_STATUS_RANK, MatchSource, MatchStatus
from .models import Match, MatchStatusChange

_TIMESTAMP_FIELD = {
    MatchStatus.REPLIED: "replied_at",
    MatchStatus.QUOTE_SENT: "quote_sent_at",
    MatchStatus.CONFIRMED: "confirmed_at",
    MatchStatus.LOST: "lost_at",
}
COLLABORATION_FIELDS = ("value_band", "start_date", "recurring", "category")


def match_event_data(match):
    """The match's non-personal profile, for events."""
    return {
        "match_id": match.pk,
        "source": match.source,
        "company_key": match.company_key,
        "buyer_province": match.buyer_province,
        "supplier_province": match.supplier_province,
        "nace_section": match.nace_section,
        "size_class": match.size_class,
        "category": match.category.slug if match.category_id else "",
        "enterprise_id": match.enterprise_id,
    }


def create_match(*, source, enterprise, supplier_province, at=None, **profile):
    """A new match at status *contacted*, with its first history row."""
    at = at or timezone.now()
    match = Match.objects.create(
        source=source,
        enterprise=enterprise,
        supplier_province=supplier_province,
        created_at=at,
        **profile,
    )
    MatchStatusChange.objects.create(
        match=match,
        from_status="",
        to_status=MatchStatus.CONTACTED,
        changed_at=at,
        source="company" if source == MatchSource.CONTACT_REQUEST else "enterprise",
    )
    return match


def set_status(match, status, *, source, at=None, forward_only=False, **collaboration):
    """Move ``match`` to ``status`` (and record collaboration details when given).

    ``forward_only`` (follow-up answers) ignores moves back down the funnel, so a late
    "not yet" never undoes a confirmation; staff corrections may move freely.
    Returns True when the status changed."""
    at = at or timezone.now()
    with transaction.atomic():
        match = Match.objects.select_for_update().get(pk=match.pk)
        previous = match.status
        changed = previous != status
        if changed and forward_only and MATCH_STATUS_RANK[status] <= MATCH_STATUS_RANK[previous]:
            changed = False
        update = []
        for field, value in collaboration.items():
            if field not in COLLABORATION_FIELDS:
                raise TypeError(f"unknown collaboration field {field!r}")
            if value is not None and value != "":
                setattr(match, field, value)
                update.append(field)
        if changed:
            match.status = status
            update.append("status")
            stamp = _TIMESTAMP_FIELD.get(status)
            if stamp and getattr(match, stamp) is None:
                setattr(match, stamp, at)
                update.append(stamp)
            # Reaching a later step implies the earlier ones happened.
            if status in (MatchStatus.QUOTE_SENT, MatchStatus.CONFIRMED) and not match.replied_at:
                match.replied_at = at
                update.append("replied_at")
            MatchStatusChange.objects.create(
                match=match, from_status=previous, to_status=status, changed_at=at, source=source
            )
        if update:
            match.save(update_fields=sorted(set(update)))
        if changed:
            record_event(
                "match_status",
                occurred_at=at,
                from_status=previous,
                to_status=status,
                changed_by=source,
                days_since_contact=(at - match.created_at).days,
                value_band=match.value_band,
                recurring=match.recurring,
                **match_event_data(match),
            )
            _sync_demand_status(match)
    return changed


def _sync_demand_status(match):
    from wagtail_doeners.pages.choices import DemandStatus

    if match.status != MatchStatus.CONFIRMED or not match.demand_response_id:
        return
    from .demand_status import set_demand_status

    set_demand_status(
        [match.demand_response.demand_id],
        DemandStatus.MATCHED,
        only_from=[DemandStatus.OPEN, DemandStatus.ANSWERED, DemandStatus.CLOSED_UNMET],
    )
