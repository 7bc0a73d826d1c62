"""The global token bucket on the real Redis: shared by every client of one key."""

import threading
import time
import uuid

import pytest
import redis
from django.conf import settings

from wagtail_doeners.campaigns.ratelimit import NoLimit, TokenBucket, bucket_for

pytestmark = pytest.mark.celery


def test_two_clients_share_one_rate():
    client = redis.Redis.from_url(settings.REDIS_URL.rsplit("/", 1)[0] + "/2")
    key = f"doeners:test:{uuid.uuid4()}"
    buckets = [TokenBucket(client, key, rate=200, burst=20) for _ in range(2)]
    start = time.monotonic()
    threads = [threading.Thread(target=b.acquire, args=(120,)) for b in buckets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    # 240 tokens at 200/s with a burst of 20: at least (240 - 20) / 200 = 1.1 s.
    assert elapsed >= 1.0
    assert elapsed < 5
    client.delete(key)


def test_no_limit_without_redis_or_rate(settings):
    settings.CELERY_BROKER_URL = "memory://"
    assert isinstance(bucket_for("limburg"), NoLimit)
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/2"
    settings.WAGTAIL_DOENERS = {
        **settings.WAGTAIL_DOENERS,
        "CAMPAIGNS": {"RATE_LIMIT_PER_SECOND": None},
    }
    assert isinstance(bucket_for("limburg"), NoLimit)
