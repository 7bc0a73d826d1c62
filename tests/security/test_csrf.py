"""CSRF: every public form that changes something refuses a cross-site POST (no
token) with 403 and saves nothing; the same POST with the token from the form page
goes through. The JSON API uses no session, so a forged cross-site request carries
no authority; it is checked that the API never acts on the session's user."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from wagtail_doeners.campaigns.models import Subscriber
from wagtail_doeners.campaigns.tokens import confirm_token
from wagtail_doeners.matchmaking.models import ContactRequest, DemandResponse, DemandSubmission
from wagtail_doeners.matchmaking.signing import response_token

from .conftest import LIMBURG, contact_payload, demand_payload

pytestmark = pytest.mark.django_db


def _token(response):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert match, "the form page carries no CSRF token"
    return match.group(1)


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_contact_request_form(csrf_client, world, commit):
    url = reverse("wagtail_doeners:matchmaking:contact", args=[world["limburg"]["offering"].pk])
    forged = csrf_client.post(url, contact_payload(), **LIMBURG)
    assert forged.status_code == 403
    assert ContactRequest.objects.count() == 0

    token = _token(csrf_client.get(url, **LIMBURG))
    ok = commit(csrf_client.post, url, contact_payload(csrfmiddlewaretoken=token), **LIMBURG)
    assert ok.status_code == 302, ok.content.decode()[:1000]
    assert ContactRequest.objects.count() == 1


def test_demand_form(csrf_client, world, commit):
    url = reverse("wagtail_doeners:matchmaking:post_demand")
    data = demand_payload(world["category"])
    assert csrf_client.post(url, data, **LIMBURG).status_code == 403
    assert DemandSubmission.objects.count() == 0
    token = _token(csrf_client.get(url, **LIMBURG))
    ok = commit(csrf_client.post, url, {**data, "csrfmiddlewaretoken": token}, **LIMBURG)
    assert ok.status_code == 302, ok.content.decode()[:1000]
    assert DemandSubmission.objects.count() == 1


def test_subscribe_and_confirm_forms(csrf_client, world):
    url = reverse("wagtail_doeners:doeners_campaigns:subscribe")
    data = {"email": "nieuws@firma.example", "consent": "on"}
    assert csrf_client.post(url, data, **LIMBURG).status_code == 403
    assert Subscriber.objects.count() == 0
    token = _token(csrf_client.get(url, **LIMBURG))
    assert (
        csrf_client.post(url, {**data, "csrfmiddlewaretoken": token}, **LIMBURG).status_code == 200
    )
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING

    # Confirming is a POST behind the signed link: a forged cross-site POST is refused.
    confirm = reverse(
        "wagtail_doeners:doeners_campaigns:confirm", args=[confirm_token(subscriber.pk)]
    )
    assert Client(enforce_csrf_checks=True).post(confirm, **LIMBURG).status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    token = _token(csrf_client.get(confirm, **LIMBURG))
    assert csrf_client.post(confirm, {"csrfmiddlewaretoken": token}, **LIMBURG).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_unsubscribe_is_exempt_by_design_but_needs_the_signed_token(world):
    """RFC 8058 one-click unsubscribe POSTs come from mail clients without a CSRF
    token; the signed token is the protection, so a POST without it is refused."""
    from wagtail_doeners.campaigns.tokens import unsubscribe_token

    subscriber = Subscriber.objects.create(
        email="weg@firma.example", status=Subscriber.Status.CONFIRMED
    )
    client = Client(enforce_csrf_checks=True)
    bad = reverse("wagtail_doeners:doeners_campaigns:unsubscribe", args=["not-a-token"])
    assert client.post(bad, **LIMBURG).status_code == 400
    good = reverse(
        "wagtail_doeners:doeners_campaigns:unsubscribe", args=[unsubscribe_token(0, subscriber.pk)]
    )
    assert client.post(good, {"List-Unsubscribe": "One-Click"}, **LIMBURG).status_code == 200
    assert subscriber.is_suppressed


def test_response_link_form(csrf_client, world):
    demand = world["limburg"]["demand"]
    enterprise = world["limburg"]["enterprise"]
    url = reverse(
        "wagtail_doeners:matchmaking:respond", args=[response_token(demand.pk, enterprise.pk)]
    )
    data = {"message": "Wij kunnen dat wekelijks doen."}
    assert csrf_client.post(url, data, **LIMBURG).status_code == 403
    assert DemandResponse.objects.count() == 0
    token = _token(csrf_client.get(url, **LIMBURG))
    ok = csrf_client.post(url, {**data, "csrfmiddlewaretoken": token}, **LIMBURG)
    assert ok.status_code == 200
    assert DemandResponse.objects.count() == 1


def test_admin_posts_need_the_token(world, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@x.example", "pw")
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    page = world["limburg"]["offering"]
    url = reverse("wagtailadmin_pages:delete", args=[page.pk])
    assert client.post(url, **LIMBURG).status_code == 403
    page.refresh_from_db()  # still there


def test_api_ignores_the_session(world, django_user_model, commit):
    """The JSON API is CSRF-exempt (django-ninja, no cookie auth); that is safe only
    while no endpoint reads the session's user. A logged-in superuser's cross-site
    POST gets exactly what an anonymous one gets."""
    from wagtail_doeners.api.urls import api

    admin = django_user_model.objects.create_superuser("root", "root@x.example", "pw")
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    payload = contact_payload(page_id=world["limburg"]["offering"].pk, consent=True)
    payload.pop("website_url"), payload.pop("form_ts")
    response = commit(
        client.post,
        "/api/doeners/v1/contact-requests/",
        payload,
        content_type="application/json",
        **LIMBURG,
    )
    assert response.status_code == 201
    # No operation of the API declares session (cookie) authentication.
    schema = api.get_openapi_schema()
    assert not schema.get("components", {}).get("securitySchemes"), schema["components"]
