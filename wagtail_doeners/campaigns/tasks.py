"""Celery tasks: thin wrappers around plain functions."""

from celery import shared_task

from . import scheduler, sending


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_chunk_task(campaign_id):
    return sending.send_chunk(campaign_id)


@shared_task(ignore_result=True)
def scheduler_tick_task():
    scheduler.tick()


@shared_task(ignore_result=True)
def reap_leases_task():
    return sending.reap_expired_leases()
