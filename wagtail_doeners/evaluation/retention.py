"""Retention of the raw event log. Daily aggregates hold no personal data and are
kept; events older than ``EVALUATION["RETENTION_DAYS"]`` are deleted."""

from datetime import timedelta

from django.utils import timezone

from wagtail_doeners.conf import doeners_settings

from .models import Event


def purge_events(now=None, batch_size=50_000):
    """Delete expired events in batches (short locks on a large table). Returns the
    number deleted; nothing when RETENTION_DAYS is None."""
    days = doeners_settings.EVALUATION.get("RETENTION_DAYS")
    if days is None:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=int(days))
    deleted = 0
    while True:
        ids = list(
            Event.objects.filter(occurred_at__lt=cutoff).values_list("id", flat=True)[:batch_size]
        )
        if not ids:
            return deleted
        deleted += Event.objects.filter(id__in=ids).delete()[0]
