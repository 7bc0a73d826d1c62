"""Publishing this install's aggregates to the shared stats index."""

from datetime import timedelta

from django.utils import timezone

from wagtail_doeners.conf import doeners_settings

from .scoping import local_provinces
from .stats_index import StatsIndex


def publish_recent(days=None, index=None):
    """Publish the last ``days`` days of every province this install serves. Returns
    ``{province: documents}``; ``{}`` when no stats index is configured."""
    index = index or StatsIndex.from_settings()
    if index is None:
        return {}
    days = days or int(doeners_settings.EVALUATION.get("STATS_PUBLISH_DAYS") or 7)
    end = timezone.localdate()
    start = end - timedelta(days=days - 1)
    return {p: index.publish(p, start, end) for p in sorted(local_provinces())}
