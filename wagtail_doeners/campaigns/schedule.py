"""Celery beat entries of the campaigns app (collected by wagtail_doeners.beat).
Run exactly one beat per install: it is the only scheduler of campaigns."""

BEAT_SCHEDULE = {
    "doeners-campaigns-scheduler": {
        "task": "wagtail_doeners.campaigns.tasks.scheduler_tick_task",
        "schedule": 30.0,
        "options": {"expires": 25},
    },
    "doeners-campaigns-reaper": {
        "task": "wagtail_doeners.campaigns.tasks.reap_leases_task",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
}
