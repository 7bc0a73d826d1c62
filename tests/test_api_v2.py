"""Wagtail API v2: the three page types are exposed, their private fields never are."""

import json

import pytest
from django.apps import apps
from wagtail.models import Page

from tests.factories import (
    make_demand,
    make_enterprise,
    make_offering,
    make_province_site,
)
from wagtail_doeners.pages.models import Certification, NaceCode, Province
from wagtail_doeners.pages.privacy import PRIVATE_FIELDS

pytestmark = pytest.mark.django_db

# Unique values that must never show up in any API response.
SECRETS = {
    "contact_person": "Geheime Persoon Xq7",
    "contact_email": "geheim-xq7@private.example",
    "contact_phone": "+32 499 99 77 13",
    "company_name": "Verborgen Bedrijf Xq7 NV",
    "company_kbo": "0403.170.701",
}


@pytest.fixture
def tree():
    site, directory, demand_index = make_province_site("limburg", hostname="testserver")
    enterprise = make_enterprise(
        directory,
        title="Werkplaats De Vlier",
        postal_code="3500",
        public_email="info@vlier.example",
        contact_person=SECRETS["contact_person"],
        contact_email=SECRETS["contact_email"],
        contact_phone=SECRETS["contact_phone"],
    )
    enterprise.nace_codes.add(NaceCode.objects.get(code="81", version="2025"))
    enterprise.certifications.add(Certification.objects.create(slug="iso", name_nl="ISO 9001"))
    enterprise.service_provinces.add(Province.objects.get(slug="limburg"))
    enterprise.save()
    offering = make_offering(enterprise, title="Kantoorschoonmaak", cpv_codes="90910000-9")
    demand = make_demand(
        demand_index,
        postal_code="3600",
        company_name=SECRETS["company_name"],
        company_kbo=SECRETS["company_kbo"],
        contact_person=SECRETS["contact_person"],
        contact_email=SECRETS["contact_email"],
        contact_phone=SECRETS["contact_phone"],
    )
    return {"EnterprisePage": enterprise, "OfferingPage": offering, "DemandPage": demand}


def _keys(value):
    """Every dict key anywhere in a decoded JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


def _assert_nothing_private(response):
    assert response.status_code == 200, response.content[:500]
    body = response.content.decode()
    leaked_keys = set(_keys(json.loads(body))) & PRIVATE_FIELDS
    assert not leaked_keys, f"private fields in the API: {leaked_keys}"
    for name, secret in SECRETS.items():
        assert secret not in body, f"private value of {name} in the API"
        assert secret.replace(" ", "") not in body


@pytest.mark.parametrize("model_name", ["EnterprisePage", "OfferingPage", "DemandPage"])
def test_listing_with_all_fields_exposes_page_and_no_private_data(client, tree, model_name):
    response = client.get(f"/api/v2/pages/?type=doeners_pages.{model_name}&fields=*")
    _assert_nothing_private(response)
    items = response.json()["items"]
    assert [item["id"] for item in items] == [tree[model_name].pk]
    # The public fields do come through, so the test is not passing on an empty body.
    api_names = {field.name for field in tree[model_name].specific_class.api_fields}
    assert api_names <= set(items[0])


@pytest.mark.parametrize("model_name", ["EnterprisePage", "OfferingPage", "DemandPage"])
def test_detail_view_exposes_no_private_data(client, tree, model_name):
    response = client.get(f"/api/v2/pages/{tree[model_name].pk}/")
    _assert_nothing_private(response)
    data = response.json()
    assert data["meta"]["type"] == f"doeners_pages.{model_name}"


def test_public_values_are_present(client, tree):
    data = client.get(f"/api/v2/pages/{tree['EnterprisePage'].pk}/").json()
    assert data["public_email"] == "info@vlier.example"
    assert data["province"] == "limburg"
    assert data["kbo_number"] == tree["EnterprisePage"].kbo_number
    offering = client.get(f"/api/v2/pages/{tree['OfferingPage'].pk}/").json()
    assert offering["effective_service_provinces"] == ["limburg"]
    assert offering["enterprise_id"] == tree["EnterprisePage"].pk
    demand = client.get(f"/api/v2/pages/{tree['DemandPage'].pk}/").json()
    assert demand["province"] == "limburg"


def test_explicit_private_field_request_is_refused(client, tree):
    response = client.get("/api/v2/pages/?type=doeners_pages.EnterprisePage&fields=contact_email")
    assert response.status_code == 400
    assert SECRETS["contact_email"] not in response.content.decode()


def _page_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model is not Page and hasattr(model, "api_fields")
    ]


def test_no_page_model_declares_a_private_api_field():
    models = _page_models()
    assert {m.__name__ for m in models} >= {"EnterprisePage", "OfferingPage", "DemandPage"}
    for model in models:
        names = {getattr(field, "name", field) for field in model.api_fields}
        assert not names & PRIVATE_FIELDS, f"{model.__name__} exposes {names & PRIVATE_FIELDS}"
        # Related objects serialised inline (e.g. gallery images) count too.
        for relation in model._meta.related_objects:
            related_fields = getattr(relation.related_model, "api_fields", [])
            related_names = {getattr(field, "name", field) for field in related_fields}
            assert not related_names & PRIVATE_FIELDS


def test_no_page_model_indexes_a_private_field():
    for model in _page_models():
        names = {field.field_name for field in model.search_fields}
        assert not names & PRIVATE_FIELDS, f"{model.__name__} indexes {names & PRIVATE_FIELDS}"
