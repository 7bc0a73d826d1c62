"""Size limits: an oversized field is a 400 with the field's reason, an oversized
body a 400/413 with a reason; in every case nothing is saved and nothing is sent."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from wagtail_doeners.campaigns.models import Subscriber
from wagtail_doeners.matchmaking.models import ContactRequest, DemandSubmission

from .conftest import LIMBURG, contact_payload, demand_payload

pytestmark = pytest.mark.django_db

API_CONTACT = "/api/doeners/v1/contact-requests/"
API_DEMAND = "/api/doeners/v1/demands/"
BIG = "x" * 300


def _nothing_saved():
    assert ContactRequest.objects.count() == 0
    assert DemandSubmission.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    "field, value",
    [
        ("company_name", BIG),
        ("contact_person", BIG),
        ("phone", "1" * 40),
        ("email", "a" * 250 + "@x.example"),
        ("message", "m" * 5001),
        ("postal_code", "3" * 20),
    ],
)
def test_contact_form_fields(client, world, field, value):
    url = reverse("wagtail_doeners:matchmaking:contact", args=[world["limburg"]["offering"].pk])
    response = client.post(url, contact_payload(**{field: value}), **LIMBURG)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    _nothing_saved()


@pytest.mark.parametrize(
    "field, value",
    [("title", BIG), ("region", BIG), ("description", "d" * 10001), ("company_name", BIG)],
)
def test_demand_form_and_api_fields(client, world, field, value):
    url = reverse("wagtail_doeners:matchmaking:post_demand")
    response = client.post(url, demand_payload(world["category"], **{field: value}), **LIMBURG)
    assert response.status_code == 400, response.status_code
    errors = response.context["form"].errors[field]
    assert any("at most" in str(e) for e in errors), errors

    data = demand_payload(world["category"], **{field: value}, consent=True)
    data.pop("website_url"), data.pop("form_ts")
    api = client.post(API_DEMAND, data, content_type="application/json", **LIMBURG)
    assert api.status_code == 400
    assert field in api.json()["errors"]
    _nothing_saved()


def test_api_contact_fields(client, world):
    data = contact_payload(
        page_id=world["limburg"]["offering"].pk, consent=True, message="m" * 5001
    )
    data.pop("website_url"), data.pop("form_ts")
    response = client.post(API_CONTACT, data, content_type="application/json", **LIMBURG)
    assert response.status_code == 400
    assert "message" in response.json()["errors"]
    _nothing_saved()


def test_subscribe_fields(client, world):
    url = reverse("wagtail_doeners:doeners_campaigns:subscribe")
    data = {"email": "a@firma.example", "consent": "on", "company_name": BIG}
    response = client.post(url, data, **LIMBURG)
    assert response.status_code == 400
    assert "company_name" in response.context["form"].errors
    assert Subscriber.objects.count() == 0


def test_oversized_form_body(client, world, settings):
    """Bodies over DATA_UPLOAD_MAX_MEMORY_SIZE are refused before any form code runs."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    url = reverse("wagtail_doeners:matchmaking:contact", args=[world["limburg"]["offering"].pk])
    response = client.post(url, contact_payload(message="m" * 100_000), **LIMBURG)
    assert response.status_code in (400, 413)
    _nothing_saved()


def test_oversized_api_body(client, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    data = contact_payload(page_id=world["limburg"]["offering"].pk, consent=True)
    data["message"] = "m" * 100_000
    response = client.post(
        API_CONTACT, json.dumps(data), content_type="application/json", **LIMBURG
    )
    assert response.status_code in (400, 413)
    assert "too large" in response.json()["detail"].lower()
    _nothing_saved()


def test_too_many_form_fields(client, world, settings):
    url = reverse("wagtail_doeners:matchmaking:contact", args=[world["limburg"]["offering"].pk])
    data = {
        **contact_payload(),
        **{f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 10)},
    }
    response = client.post(url, data, **LIMBURG)
    assert response.status_code == 400
    _nothing_saved()
