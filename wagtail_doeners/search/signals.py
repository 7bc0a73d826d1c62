"""Write outbox rows in the same transaction as the page change.

Publish (also scheduled publish, which goes through the same revision publish),
unpublish, delete and move each add rows; a drain is enqueued with
``transaction.on_commit`` so the worker only ever sees committed rows. If the broker is
down the enqueue fails quietly (logged) and the beat task picks the rows up later.
"""

import logging
import threading

from django.db import transaction
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from wagtail_doeners.pages.provinces import get_page_province
from wagtail_doeners.queueing import safe_delay

from .backends import get_search_backend
from .documents import doc_type_of
from .models import OutboxEntry

logger = logging.getLogger(__name__)


def _enabled():
    return get_search_backend().uses_index


def _rows_for(page, action, province=None):
    """Rows for ``page`` and, for an enterprise, its offerings (their documents copy
    the enterprise's name, recognition, certifications and location)."""
    rows = []
    province = province or get_page_province(page)
    for node in [page, *_dependants(page)]:
        doc_type = doc_type_of(node)
        if doc_type:
            rows.append(
                OutboxEntry(page_id=node.pk, province=province, doc_type=doc_type, action=action)
            )
    return rows


def _dependants(page):
    from wagtail_doeners.pages.models import EnterprisePage, OfferingPage

    if isinstance(page, EnterprisePage) or page.specific_class is EnterprisePage:
        return list(OfferingPage.objects.descendant_of(page))
    return []


def enqueue(rows):
    if not rows:
        return
    OutboxEntry.objects.bulk_create(rows)
    transaction.on_commit(schedule_drain)


def schedule_drain():
    from .tasks import drain_search_outbox

    safe_delay(drain_search_outbox)


@receiver(page_published)
@receiver(page_unpublished)
def _on_publish_change(sender, instance, **kwargs):
    if _enabled() and doc_type_of(instance):
        enqueue(_rows_for(instance, OutboxEntry.INDEX))


@receiver(pre_delete)
def _on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) and doc_type_of(instance) and _enabled():
        if type(instance) is not sender:  # one row per page, not per MTI table
            return
        try:
            province = get_page_province(instance)
        except Exception:
            logger.warning("No province for deleted page %s", instance.pk, exc_info=True)
            return
        enqueue(
            [
                OutboxEntry(
                    page_id=instance.pk,
                    province=province,
                    doc_type=doc_type_of(instance),
                    action=OutboxEntry.DELETE,
                )
            ]
        )


# Moves: Wagtail sends post_page_move only after the move's transaction has committed,
# so rows written there could be lost if the process died in between. The moved page
# is saved *inside* that transaction: pre_page_move notes the move, and the post_save
# of that page writes the rows, committed (or rolled back) with the move itself.
_moves = threading.local()


def _pending_moves():
    if not hasattr(_moves, "pages"):
        _moves.pages = {}
    return _moves.pages


@receiver(pre_page_move)
def _before_move(sender, instance, parent_page_before=None, **kwargs):
    if _enabled():
        before = get_page_province(parent_page_before) if parent_page_before else None
        _pending_moves()[instance.pk] = before


@receiver(post_save, sender=Page)
def _during_move(sender, instance, **kwargs):
    pending = _pending_moves()
    if instance.pk in pending:
        enqueue(_move_rows(instance, pending.pop(instance.pk)))


@receiver(post_page_move)
def _after_move(sender, instance, **kwargs):
    """A move that did not save the page through ``Page`` still gets its rows."""
    pending = _pending_moves()
    if instance.pk in pending:
        enqueue(_move_rows(instance, pending.pop(instance.pk)))


def _move_rows(instance, before):
    """URLs change for the whole subtree; a move to another province's site also
    deletes the documents the old province owned."""
    page = Page.objects.get(pk=instance.pk)
    after = get_page_province(page)
    rows = []
    for node in [page, *page.get_descendants()]:
        doc_type = doc_type_of(node)
        if not doc_type:
            continue
        if before and before != after:
            rows.append(
                OutboxEntry(
                    page_id=node.pk, province=before, doc_type=doc_type, action=OutboxEntry.DELETE
                )
            )
        rows.append(
            OutboxEntry(
                page_id=node.pk, province=after, doc_type=doc_type, action=OutboxEntry.INDEX
            )
        )
    return rows
