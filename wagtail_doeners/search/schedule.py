"""Beat entries collected by ``wagtail_doeners.beat``."""

BEAT_SCHEDULE = {
    "doeners-search-drain-stragglers": {
        "task": "wagtail_doeners.search.tasks.drain_search_outbox_stragglers",
        "schedule": 60.0,
    },
    "doeners-search-purge-outbox": {
        "task": "wagtail_doeners.search.tasks.purge_search_outbox",
        "schedule": 24 * 3600.0,
    },
}
