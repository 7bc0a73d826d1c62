"""Periodic tasks, collected into CELERY_BEAT_SCHEDULE by ``wagtail_doeners.beat``."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Follow-ups at 30/90/180 days; hourly so a missed run catches up the same day,
    # the FollowUp claim keeps it from sending twice.
    "doeners-matchmaking-followups": {
        "task": "wagtail_doeners.matchmaking.tasks.send_followups",
        "schedule": crontab(minute=17),
    },
    # Demands whose deadline passed without any response become closed-unmet.
    "doeners-matchmaking-close-expired-demands": {
        "task": "wagtail_doeners.matchmaking.tasks.close_expired_demands",
        "schedule": crontab(hour=3, minute=40),
    },
    # Personal data of requesters is blanked after PERSONAL_DATA_RETENTION_DAYS.
    "doeners-matchmaking-retention": {
        "task": "wagtail_doeners.matchmaking.tasks.apply_retention",
        "schedule": crontab(hour=4, minute=10),
    },
}
