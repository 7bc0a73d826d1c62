"""Fixtures of the campaign suites: subscribers in bulk, the aiosmtpd sink, and real
Celery worker processes on Redis (DB 1 of the shared Redis, flushed per test)."""

import pytest
import redis
from django.conf import settings as django_settings

from tests.support.celery_worker import CeleryProcesses, worker_env
from tests.support.smtp_sink import SmtpSink
from wagtail_doeners.campaigns.models import Campaign, Subscriber
from wagtail_doeners.conf import PROVINCES
from wagtail_doeners.pages.models import Province

REDIS_HOST_URL = django_settings.REDIS_URL.rsplit("/", 1)[0]
BROKER_URL = f"{REDIS_HOST_URL}/1"


def make_subscribers(n, province="limburg", prefix="s", **fields):
    """``n`` confirmed subscribers in one bulk insert (fields derived by hand)."""
    from django.utils import timezone

    from wagtail_doeners.campaigns.models import email_hash

    nuts2, name_nl, name_en = PROVINCES[province]
    prov, _ = Province.objects.get_or_create(
        slug=province, defaults={"nuts2": nuts2, "name_nl": name_nl, "name_en": name_en}
    )
    now = timezone.now()
    objs = []
    for i in range(n):
        email = f"{prefix}{i}@company{i}.example"
        objs.append(
            Subscriber(
                email=email,
                first_name=f"Name{i}",
                province=prov,
                status=Subscriber.Status.CONFIRMED,
                confirmed_at=now,
                email_hash=email_hash(email),
                company_key=f"h:{prefix}{i:014d}"[:18],
                **fields,
            )
        )
    return Subscriber.objects.bulk_create(objs, batch_size=2000)


def make_campaign(**kwargs):
    kwargs.setdefault("name", "Koop sociaal")
    kwargs.setdefault("subject", "Ontdek de sociale economie")
    kwargs.setdefault(
        "body", '<p>Lees meer op <a href="https://doeners.be/aanbod">Doeners</a>.</p>'
    )
    kwargs.setdefault("frequency_cap_days", 0)
    return Campaign.objects.create(**kwargs)


@pytest.fixture
def sink():
    with SmtpSink() as server:
        yield server


@pytest.fixture
def broker_url():
    client = redis.Redis.from_url(BROKER_URL)
    client.flushdb()
    yield BROKER_URL
    client.flushdb()


def _reset_pools(app):
    # Connections to the previous broker must not be reused (kombu's pools are keyed
    # by broker URL, so dropping our references is enough).
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def use_broker(settings):
    """Point this (test) process's Celery app at a real broker, not eager mode, so
    that launch() enqueues for the worker processes."""
    from example_site.celery import app

    def _use(url):
        settings.CELERY_TASK_ALWAYS_EAGER = False
        old = (app.conf.task_always_eager, app.conf.broker_url)
        app.conf.task_always_eager = False
        app.conf.broker_url = url
        _reset_pools(app)
        _use.restore = old
        return app

    _use.restore = None
    yield _use
    if _use.restore:
        app.conf.task_always_eager, app.conf.broker_url = _use.restore
        _reset_pools(app)


@pytest.fixture
def celery_processes(tmp_path):
    """A factory: ``celery_processes(broker_url, smtp_port, doeners={...})``; every
    process started is stopped at teardown."""
    started = []

    def _make(broker, smtp_port, doeners=None, beat_interval=1.0):
        procs = CeleryProcesses(
            worker_env(broker, smtp_port, doeners=doeners, beat_interval=beat_interval),
            logdir=tmp_path,
        )
        started.append(procs)
        return procs

    yield _make
    for procs in started:
        procs.stop_all()
