"""Fixtures of the matchmaking suites: a real Redis cache for the rate limits, a
province site with an enterprise and an offering, and a recorder of events."""

import pytest

from tests.factories import make_category, make_enterprise, make_offering, make_province_site
from tests.support.public_forms import (  # noqa: F401 (used by the suites)
    aged_timestamp,
    contact_payload,
    real_redis_cache,
)
from wagtail_doeners.events import event_recorded


@pytest.fixture(autouse=True)
def redis_cache(settings):
    """Rate limits are counted in the real Redis (db 5 of the test Redis, the
    matchmaking suites' own), emptied around each test."""
    yield from real_redis_cache(settings, "matchmaking", db=5)


@pytest.fixture
def events():
    """Every ``record_event`` call, as ``(kind, data)``."""
    seen = []

    def _receiver(sender, kind, data, **kwargs):
        seen.append((kind, data))

    event_recorded.connect(_receiver, weak=False)
    yield seen
    event_recorded.disconnect(_receiver)


@pytest.fixture
def limburg(db):
    site, directory, demands = make_province_site("limburg", hostname="limburg.test")
    return {"site": site, "directory": directory, "demands": demands}


@pytest.fixture
def category(db):
    return make_category("schoonmaak", "Schoonmaak")


@pytest.fixture
def enterprise(limburg):
    return make_enterprise(
        limburg["directory"],
        title="Werkplaats De Vlier",
        postal_code="3500",
        contact_email="private@devlier.example",
        public_email="info@devlier.example",
        service_radius_km=40,
    )


@pytest.fixture
def offering(enterprise, category):
    return make_offering(enterprise, title="Kantoorschoonmaak", category=category)


PERSONAL_VALUES = (
    "Bakkerij Janssens",
    "An Janssens",
    "an@bakkerij-janssens.example",
    "011 22 33 44",
    "wekelijkse schoonmaak",
)


def assert_no_personal_data(events):
    personal_keys = {
        "company_name",
        "contact_person",
        "email",
        "contact_email",
        "phone",
        "contact_phone",
        "message",
        "ip",
    }
    for kind, data in events:
        assert not personal_keys & set(data), (kind, data)
        flat = repr(data)
        for value in PERSONAL_VALUES:
            assert value not in flat, (kind, value)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``commit(fn, *args)`` runs ``fn`` and then its on-commit callbacks (the Celery
    tasks), as a real commit would; the test transaction itself is rolled back."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run
