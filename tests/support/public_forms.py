"""What tests of the public forms need: rate limits counted in the real Redis, a signed
form timestamp, and a complete company form (the matchmaking and security suites).

    @pytest.fixture(autouse=True)
    def redis_cache(settings):
        yield from real_redis_cache(settings, "matchmaking", db=5)

Each run gets its own key prefix (concurrent runs never share counters) and only that
prefix's keys are deleted, before and after each test: never FLUSHDB a database other
suites may share.
"""

import os
import time
import uuid

from django.core import signing
from django.core.cache import caches

REDIS_URL = os.environ.get("DOENERS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def real_redis_cache(settings, suite, db=None):
    url = REDIS_URL if db is None else REDIS_URL.rsplit("/", 1)[0] + f"/{db}"
    prefix = f"doeners-tests-{suite}-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    cache = caches["default"]
    _clear(cache, prefix)
    yield cache
    _clear(cache, prefix)


def _clear(cache, prefix):
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def aged_timestamp(seconds=30):
    """The signed "form shown at" value of a form shown ``seconds`` ago (the
    matchmaking forms treat a form sent back too fast as spam)."""
    from wagtail_doeners.matchmaking.spam import _SALT

    return signing.TimestampSigner(salt=_SALT).sign(str(int(time.time()) - seconds))


def contact_payload(**overrides):
    """A company's complete, valid contact-request form."""
    data = {
        "company_name": "Bakkerij Janssens",
        "company_kbo": "0403.170.701",
        "nace_section": "C",
        "size_class": "small",
        "postal_code": "3600",
        "contact_person": "An Janssens",
        "email": "an@bakkerij-janssens.example",
        "phone": "011 22 33 44",
        "message": "Wij zoeken wekelijkse schoonmaak van 400 m² kantoor.",
        "consent": "on",
        "website_url": "",
    }
    data.update(overrides)
    return data


def demand_payload(**overrides):
    """A company's complete, valid question form (category: a slug)."""
    data = contact_payload(
        kind="request",
        title="Wie strijkt onze werkkledij?",
        category="schoonmaak",
        description="Wekelijks 200 stuks werkkledij te strijken.",
        region="Hasselt",
        budget_band="unknown",
    )
    data.pop("message")
    data.update(overrides)
    return data
