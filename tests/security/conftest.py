"""Fixtures of the security suite: a real Redis cache for the rate limits (own key
prefix, cleaned per test), two province sites with content, and form helpers."""

import pytest

from tests.factories import (
    make_category,
    make_demand,
    make_enterprise,
    make_offering,
    make_province_site,
)
from tests.support.public_forms import aged_timestamp, real_redis_cache  # noqa: F401
from tests.support.public_forms import contact_payload as _company_payload
from tests.support.public_forms import demand_payload as _demand_payload

LIMBURG = {"HTTP_HOST": "limburg.test"}
ANTWERPEN = {"HTTP_HOST": "antwerpen.test"}


@pytest.fixture(autouse=True)
def redis_cache(settings):
    """Rate-limit counters in the real Redis; only this run's keys are removed."""
    yield from real_redis_cache(settings, "security")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run ``fn`` and then its on-commit callbacks, as a real commit would."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def world(db):
    """Limburg and Antwerpen sites, each with an enterprise, an offering and a demand."""
    category = make_category("schoonmaak", "Schoonmaak")
    trees = {}
    for province, postal_code in (("limburg", "3500"), ("antwerpen", "2000")):
        site, directory, demand_index = make_province_site(province)
        enterprise = make_enterprise(
            directory,
            title=f"Werkplaats {province}",
            postal_code=postal_code,
            contact_email=f"private@{province}.example",
            public_email=f"info@{province}.example",
        )
        offering = make_offering(enterprise, title=f"Schoonmaak {province}", category=category)
        demand = make_demand(demand_index, postal_code=postal_code, category=category)
        trees[province] = {
            "site": site,
            "directory": directory,
            "demand_index": demand_index,
            "enterprise": enterprise,
            "offering": offering,
            "demand": demand,
        }
    trees["category"] = category
    return trees


def contact_payload(**overrides):
    """A valid contact form, shown long enough ago not to count as spam."""
    return _company_payload(**{"form_ts": aged_timestamp(), **overrides})


def demand_payload(category, **overrides):
    """A valid question form in ``category``, shown long enough ago."""
    return _demand_payload(**{"category": category.slug, "form_ts": aged_timestamp(), **overrides})


@pytest.fixture
def ledger(db):
    """The evaluation suite's generated records (Limburg and Antwerpen, with
    "Jan Peeters" as the personal name in every contact request)."""
    from datetime import date

    from tests.evaluation.generator import generate
    from wagtail_doeners.evaluation.aggregates import compute_range

    data = generate()
    compute_range(date(2025, 6, 1), date(2026, 8, 31))
    return data
