"""Keep the percolator queries in step with published offerings and enterprises.

Only active with a search engine; the sync runs after commit in a Celery task."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from wagtail_doeners.queueing import delay_on_commit


def _is_alert_source(page):
    from wagtail_doeners.pages.models import EnterprisePage, OfferingPage

    return page.specific_class in (EnterprisePage, OfferingPage)


def _engine_configured():
    from .percolator import _backend

    return _backend() is not None


def _enqueue(page_id):
    from . import tasks

    delay_on_commit(tasks.sync_percolator, page_id)


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender, instance, **kwargs):
    if _is_alert_source(instance) and _engine_configured():
        _enqueue(instance.pk)


def connect_delete_signal():
    from wagtail_doeners.pages.models import OfferingPage

    @receiver(post_delete, sender=OfferingPage, weak=False)
    def _offering_deleted(sender, instance, **kwargs):
        if _engine_configured():
            from .percolator import remove_offering

            pk = instance.pk
            transaction.on_commit(lambda: remove_offering(pk))
