"""Demand alerts through the percolator on the REAL OpenSearch node
(DOENERS_TEST_OPENSEARCH_URL, started by .ci/services.sh / search-node/run.sh)."""

import uuid

import pytest
import requests
from django.core import mail

from tests.factories import make_category, make_demand, make_enterprise, make_offering
from tests.support.search_node import OPENSEARCH_URL, require_node
from wagtail_doeners.matchmaking import alerts, percolator
from wagtail_doeners.matchmaking.models import DemandAlert
from wagtail_doeners.pages.models import Province

pytestmark = [pytest.mark.django_db, pytest.mark.search]


@pytest.fixture
def engine(settings):
    require_node()
    prefix = f"tm{uuid.uuid4().hex[:10]}"
    settings.WAGTAIL_DOENERS = {
        **settings.WAGTAIL_DOENERS,
        "SEARCH": {
            "BACKEND": "wagtail_doeners.search.backends.opensearch.OpenSearchBackend",
            "OPTIONS": {"HOSTS": [OPENSEARCH_URL], "INDEX_PREFIX": prefix},
        },
    }
    yield prefix
    requests.delete(f"{OPENSEARCH_URL}/{prefix}-*", params={"expand_wildcards": "all"}, timeout=30)


@pytest.fixture
def world(limburg, category):
    """Near (Hasselt, serves Limburg), far (Brugge, 20 km), sub-category (Genk,
    radius 30), other category (Genk)."""
    sub = make_category("kantoorschoonmaak", "Kantoorschoonmaak", parent=category)
    near = make_enterprise(
        limburg["directory"],
        title="Maatwerk Hasselt",
        postal_code="3500",
        contact_email="hasselt@maatwerk.example",
    )
    near.service_provinces.add(Province.objects.get(slug="limburg"))
    near.save()
    make_offering(near, title="Strijkatelier en schoonmaak", category=category)
    far = make_enterprise(
        limburg["directory"],
        title="Werkplaats Brugge",
        postal_code="8000",
        contact_email="brugge@werkplaats.example",
        service_radius_km=20,
    )
    make_offering(far, title="Schoonmaak Brugge", category=category)
    subcat = make_enterprise(
        limburg["directory"],
        title="Kantoren Genk",
        postal_code="3600",
        contact_email="kantoren@genk.example",
        service_radius_km=30,
    )
    make_offering(subcat, title="Kantoren poetsen", category=sub)
    other = make_enterprise(
        limburg["directory"],
        title="Groendienst Genk",
        postal_code="3600",
        contact_email="groen@genk.example",
        service_radius_km=50,
    )
    make_offering(other, title="Groenonderhoud", category=make_category("groen", "Groen"))
    return {"near": near, "far": far, "subcat": subcat, "other": other}


def test_percolator_finds_matching_enterprises_by_category_and_area(
    engine, world, limburg, category
):
    assert percolator.rebuild() == 4
    demand = make_demand(
        limburg["demands"], title="Schoonmaak gezocht", category=category, postal_code="3600"
    )
    hits = percolator.percolate_demand(demand)
    ids = [enterprise_id for enterprise_id, _ in hits]
    assert set(ids) == {world["near"].pk, world["subcat"].pk}
    # The exact category outranks the sub-category.
    assert ids[0] == world["near"].pk


def test_alerts_use_the_percolator_on_the_real_node(engine, world, limburg, category, monkeypatch):
    percolator.rebuild()

    def no_database(demand):
        raise AssertionError("the database fallback must not be used with an engine")

    monkeypatch.setattr(alerts, "database_candidates", no_database)
    demand = make_demand(
        limburg["demands"], title="Schoonmaak gezocht", category=category, postal_code="3600"
    )
    sent = alerts.alert_enterprises(demand)
    assert {a.enterprise_id for a in sent} == {world["near"].pk, world["subcat"].pk}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "hasselt@maatwerk.example",
        "kantoren@genk.example",
    ]
    assert all(a.score > 0 for a in DemandAlert.objects.all())


def test_publishing_an_offering_stores_its_query(engine, world, limburg, category, commit):
    percolator.rebuild()
    late = make_enterprise(
        limburg["directory"],
        title="Nieuw Maatwerk",
        postal_code="3600",
        contact_email="nieuw@maatwerk.example",
        service_radius_km=10,
    )
    offering = make_offering(late, title="Ramen wassen", category=category)
    commit(lambda: offering.save_revision().publish())
    from wagtail_doeners.search.backends import get_search_backend

    backend = get_search_backend()
    backend.request("POST", f"/{percolator.index_name(backend)}/_refresh")
    demand = make_demand(limburg["demands"], title="Ramen", category=category, postal_code="3600")
    ids = {e for e, _ in percolator.percolate_demand(demand)}
    assert late.pk in ids

    commit(lambda: offering.unpublish())
    backend.request("POST", f"/{percolator.index_name(backend)}/_refresh")
    ids = {e for e, _ in percolator.percolate_demand(demand)}
    assert late.pk not in ids


def test_unreachable_engine_falls_back_to_the_database(settings, world, limburg, category):
    settings.WAGTAIL_DOENERS = {
        **settings.WAGTAIL_DOENERS,
        "SEARCH": {
            "BACKEND": "wagtail_doeners.search.backends.opensearch.OpenSearchBackend",
            "OPTIONS": {"HOSTS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "nowhere", "TIMEOUT": 1},
        },
    }
    demand = make_demand(
        limburg["demands"], title="Schoonmaak gezocht", category=category, postal_code="3600"
    )
    sent = alerts.alert_enterprises(demand)
    assert {a.enterprise_id for a in sent} == {world["near"].pk, world["subcat"].pk}
