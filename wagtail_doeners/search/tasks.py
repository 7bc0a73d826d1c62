"""Celery tasks: thin wrappers around ``sync``."""

from celery import shared_task

from . import sync
from .backends.base import SearchUnavailable


@shared_task(bind=True, ignore_result=True, max_retries=20)
def drain_search_outbox(self):
    try:
        return sync.drain()
    except SearchUnavailable as exc:
        if self.request.is_eager:
            return 0  # eager (demo, unit tests): rows stay pending for the beat task
        raise self.retry(exc=exc, countdown=min(300, 2**self.request.retries)) from exc


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
