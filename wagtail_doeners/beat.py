"""The Celery beat schedule of every installed sub-app, for the host's settings::

    from wagtail_doeners.beat import beat_schedule
    CELERY_BEAT_SCHEDULE = beat_schedule()

Each sub-app may define ``BEAT_SCHEDULE`` (a plain dict, no Django imports) in its
``schedule.py``. Run exactly one beat per install.
"""

from importlib import import_module, util

SUBAPPS = ["search", "campaigns", "matchmaking", "evaluation"]


def beat_schedule(subapps=SUBAPPS):
    schedule = {}
    for name in subapps:
        module = f"wagtail_doeners.{name}.schedule"
        if util.find_spec(module):
            schedule.update(import_module(module).BEAT_SCHEDULE)
    return schedule
