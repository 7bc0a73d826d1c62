"""Celery tasks: thin wrappers around ``sync``."""

from celery import shared_task

from . import sync
from .backends.base import SearchUnavailable


@shared_task(
    bind=True,
    autoretry_for=(SearchUnavailable,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=None,
    ignore_result=True,
)
def drain_search_outbox(self):
    return sync.drain()


@shared_task(ignore_result=True)
def drain_search_outbox_stragglers():
    """Beat: rows whose on-commit enqueue was lost (broker down) or that failed."""
    try:
        return sync.drain()
    except SearchUnavailable:
        return 0


@shared_task(ignore_result=True)
def purge_search_outbox():
    return sync.purge_processed()
