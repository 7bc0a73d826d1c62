"""Celery tasks: thin wrappers, the work is in aggregates/publishing/retention."""

from celery import shared_task


@shared_task(name="doeners.evaluation.compute_aggregates")
def compute_aggregates(days=2):
    from .aggregates import compute_recent

    return compute_recent(days)


@shared_task(name="doeners.evaluation.publish_stats")
def publish_stats(days=None):
    from .publishing import publish_recent

    return publish_recent(days)


@shared_task(name="doeners.evaluation.purge_events")
def purge_events():
    from .retention import purge_events as purge

    return purge()
