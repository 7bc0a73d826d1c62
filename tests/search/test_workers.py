"""The outbox drained by REAL Celery worker and beat processes on a real Redis broker,
including a broker outage: the publish succeeds, the row waits, beat replays it."""

import time

import pytest

from tests.factories import make_category, make_enterprise, make_offering, make_province_site
from tests.support.celery_worker import CeleryProcesses, worker_env
from tests.support.redis_server import RedisServer
from wagtail_doeners.search.models import OutboxEntry

from .conftest import OPENSEARCH_URL, drop_indices, require_node, search_settings
from .helpers import publish, search

pytestmark = [pytest.mark.search, pytest.mark.celery, pytest.mark.django_db(transaction=True)]

BROKER_PORT = 6397  # a private redis-server: this test stops it


def _reset_pools(app):
    app._pool = None
    app.amqp._producer_pool = None


def _wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _ensure_root():
    # A transactional test starts from a flushed database: no Wagtail root or locale.
    from django.conf import settings as django_settings
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

    # The flush re-creates content types with new ids; drop the cached old ones.
    ContentType.objects.clear_cache()
    Locale.objects.get_or_create(language_code=django_settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))


def _titles():
    return {r["title"] for r in search(types=["offering"], page_size=50).results}


def test_workers_drain_and_beat_replays_after_broker_outage(settings, tmp_path):
    from example_site.celery import app

    require_node()
    prefix = search_settings(settings)
    old = (app.conf.task_always_eager, app.conf.broker_url, app.conf.task_publish_retry)
    with RedisServer(port=BROKER_PORT) as broker:
        settings.CELERY_TASK_ALWAYS_EAGER = False
        app.conf.task_always_eager = False
        app.conf.broker_url = broker.url(0)
        app.conf.task_publish_retry = False  # fail fast while the broker is down
        _reset_pools(app)
        env = worker_env(
            broker.url(0), doeners={"SEARCH": settings.WAGTAIL_DOENERS["SEARCH"]}, beat_interval=1
        )
        procs = CeleryProcesses(env, logdir=tmp_path)
        try:
            procs.start_worker("search1")
            _ensure_root()
            _site, directory, _ = make_province_site("limburg", hostname="limburg.test")
            make_category()
            ent = publish(make_enterprise(directory))
            publish(make_offering(ent, title="Via de worker"))
            assert _wait_for(lambda: "Via de worker" in _titles()), procs.log("search1")[-3000:]

            broker.stop()
            offering = make_offering(ent, title="Tijdens de storing", live=False)
            try:
                publish(offering)
            except Exception as exc:
                # Search's own on-commit enqueue swallows the broker error (logged); other
                # sub-apps' on-commit hooks may still raise it AFTER the commit. What
                # matters here: the page is published and the outbox row is committed.
                assert "6397" in str(exc), exc
            offering.refresh_from_db()
            assert offering.live
            pending = OutboxEntry.objects.filter(page_id=offering.pk, processed_at__isnull=True)
            assert pending.exists()

            broker.start()
            _reset_pools(app)
            procs.start_beat()
            assert _wait_for(lambda: "Tijdens de storing" in _titles(), timeout=60), (
                procs.log("beat")[-2000:] + procs.log("search1")[-3000:]
            )
            assert not pending.exists()
        finally:
            procs.stop_all()
            app.conf.task_always_eager, app.conf.broker_url, app.conf.task_publish_retry = old
            _reset_pools(app)
            drop_indices(OPENSEARCH_URL, prefix)
