"""Enqueue Celery tasks after the current transaction commits, never failing the caller.

The work a task does is always recorded in the database first (an outbox row, a
pending delivery, a contact request); the broker only carries the nudge. So when the
broker is down, the user's save must still succeed: the failure is logged and the
beat tasks pick the rows up later (see docs/workers.md).
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def safe_delay(task, *args, **kwargs):
    """``task.delay(...)``, logging instead of raising when the broker is unreachable."""
    try:
        return task.delay(*args, **kwargs)
    except Exception:
        logger.warning("Could not enqueue %s; beat will catch up", task.name, exc_info=True)
        return None


def delay_on_commit(task, *args, **kwargs):
    """Enqueue ``task`` once the surrounding transaction has committed."""
    transaction.on_commit(lambda: safe_delay(task, *args, **kwargs))
