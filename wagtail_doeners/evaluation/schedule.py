"""Celery beat entries of the evaluation app (plain dict; see wagtail_doeners.beat)."""

HOUR = 3600.0

BEAT_SCHEDULE = {
    # Today's and yesterday's aggregates, recomputed (idempotently) every hour.
    "doeners-evaluation-aggregates": {
        "task": "doeners.evaluation.compute_aggregates",
        "schedule": HOUR,
        "kwargs": {"days": 2},
    },
    # This province's recent aggregates to the shared stats index (no-op without one).
    "doeners-evaluation-publish-stats": {
        "task": "doeners.evaluation.publish_stats",
        "schedule": 6 * HOUR,
    },
    # Events older than RETENTION_DAYS.
    "doeners-evaluation-purge-events": {
        "task": "doeners.evaluation.purge_events",
        "schedule": 24 * HOUR,
    },
}
