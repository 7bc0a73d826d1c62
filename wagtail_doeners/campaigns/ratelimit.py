"""A global token bucket in Redis, shared by every worker process and host.

Celery's ``rate_limit`` is per worker; a province's mail transport has one limit
whatever the number of workers, so the bucket lives in Redis and is updated
atomically by a Lua script that uses the Redis server clock.
"""

import logging
import math
import time

from django.conf import settings

from wagtail_doeners.conf import doeners_settings

logger = logging.getLogger(__name__)

# KEYS[1] bucket; ARGV rate/s, burst, tokens wanted. Returns 0 when granted, else the
# milliseconds to wait before the wanted tokens are available.
_LUA = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local want = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local data = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(data[1]) or burst
local ts = tonumber(data[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local wait = 0
if tokens >= want then
  tokens = tokens - want
else
  wait = math.ceil((want - tokens) / rate * 1000)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 60)
return wait
"""


class NoLimit:
    def acquire(self, n=1):
        return 0.0


class TokenBucket:
    """``acquire(n)`` blocks until ``n`` tokens are taken; returns seconds waited."""

    def __init__(self, client, key, rate, burst):
        self.client = client
        self.key = key
        self.rate = float(rate)
        self.burst = max(1, int(burst))
        self._script = client.register_script(_LUA)

    def acquire(self, n=1, give_up_after=30.0):
        waited = 0.0
        remaining = n
        while remaining > 0:
            take = min(remaining, self.burst)
            try:
                wait_ms = int(self._script(keys=[self.key], args=[self.rate, self.burst, take]))
            except Exception as exc:  # Redis down or restarting: wait, then give up.
                if waited >= give_up_after:
                    raise
                logger.warning("rate limiter unavailable (%s); retrying", exc)
                wait_ms = 500
            if wait_ms == 0:
                remaining -= take
                continue
            time.sleep(wait_ms / 1000)
            waited += wait_ms / 1000
        return waited


def redis_url():
    url = doeners_settings.CAMPAIGNS["REDIS_URL"] or getattr(settings, "CELERY_BROKER_URL", "")
    return url if url and url.startswith(("redis://", "rediss://", "unix://")) else None


def bucket_for(province_slug, transport="smtp"):
    """The limiter of one province's transport; no limit when Redis is not configured
    (the demo) or the rate is None."""
    conf = doeners_settings.CAMPAIGNS
    rate, url = conf["RATE_LIMIT_PER_SECOND"], redis_url()
    if not rate or not url:
        return NoLimit()
    import redis

    client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2)
    burst = conf["RATE_LIMIT_BURST"] or math.ceil(rate)
    key = f"doeners:ratelimit:{province_slug or 'flanders'}:{transport}"
    return TokenBucket(client, key, rate, burst)
