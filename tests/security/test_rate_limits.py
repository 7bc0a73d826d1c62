"""Rate limits: per endpoint, limits taken from the settings, 429 with the reason and
Retry-After, counted in the real Redis, keyed on the client address that
``SECURITY.TRUSTED_PROXIES`` makes trustworthy."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from wagtail_doeners.campaigns.models import Subscriber
from wagtail_doeners.matchmaking.models import ContactRequest, DemandSubmission
from wagtail_doeners.throttle import client_ip

from .conftest import LIMBURG, contact_payload, demand_payload

pytestmark = pytest.mark.django_db

API_CONTACT = "/api/doeners/v1/contact-requests/"
API_DEMAND = "/api/doeners/v1/demands/"


def _limits(settings, **matchmaking):
    settings.WAGTAIL_DOENERS = {**settings.WAGTAIL_DOENERS, "MATCHMAKING": matchmaking}


def _api_contact(world, **overrides):
    data = contact_payload(page_id=world["limburg"]["offering"].pk, consent=True, **overrides)
    data.pop("website_url"), data.pop("form_ts")
    return data


def test_each_endpoint_has_its_own_counter(client, world, settings, commit, redis_cache):
    _limits(settings, RATE_LIMIT_PER_IP=2, RATE_LIMIT_PER_EMAIL=100)
    contact = reverse("wagtail_doeners:matchmaking:contact", args=[world["limburg"]["offering"].pk])
    for n in range(2):
        ok = commit(client.post, contact, contact_payload(email=f"a{n}@x.example"), **LIMBURG)
        assert ok.status_code == 302
    limited = client.post(contact, contact_payload(email="a9@x.example"), **LIMBURG)
    assert limited.status_code == 429
    assert "too many requests" in limited.content.decode().lower()
    assert int(limited["Retry-After"]) > 0
    assert ContactRequest.objects.count() == 2

    # The demand form counts separately: the same address still gets through.
    demand = reverse("wagtail_doeners:matchmaking:post_demand")
    ok = commit(client.post, demand, demand_payload(world["category"]), **LIMBURG)
    assert ok.status_code == 302
    assert DemandSubmission.objects.count() == 1

    # The API shares the contact counter with the form (same scope): already over.
    api = client.post(API_CONTACT, _api_contact(world), content_type="application/json", **LIMBURG)
    assert api.status_code == 429
    body = api.json()
    assert body["retry_after"] > 0 and "too many requests" in body["detail"].lower()
    assert api["Retry-After"] == str(body["retry_after"])
    assert ContactRequest.objects.count() == 2

    # The counters are in Redis.
    keys = [k.decode() for k in redis_cache._cache.get_client().keys("*doeners:rl:*")]
    assert any(":contact:ip:" in k for k in keys) and any(":demand:ip:" in k for k in keys)


def test_demand_api_limit_comes_from_settings(client, world, settings, commit):
    _limits(settings, RATE_LIMIT_PER_IP=100, RATE_LIMIT_PER_EMAIL=1)
    data = demand_payload(world["category"])
    data.pop("website_url"), data.pop("form_ts")
    data["consent"] = True
    first = commit(client.post, API_DEMAND, data, content_type="application/json", **LIMBURG)
    assert first.status_code == 202, first.content
    second = client.post(API_DEMAND, data, content_type="application/json", **LIMBURG)
    assert second.status_code == 429
    assert DemandSubmission.objects.count() == 1


def test_subscribe_form_is_rate_limited(client, world, settings, mailoutbox):
    settings.WAGTAIL_DOENERS = {
        **settings.WAGTAIL_DOENERS,
        "SECURITY": {"SUBSCRIBE_LIMIT_PER_IP": 4, "SUBSCRIBE_LIMIT_PER_EMAIL": 2},
    }
    url = reverse("wagtail_doeners:doeners_campaigns:subscribe")
    victim = {"email": "victim@firma.example", "consent": "on"}
    assert client.post(url, victim, **LIMBURG).status_code == 200
    assert client.post(url, victim, **LIMBURG).status_code == 200
    limited = client.post(url, victim, **LIMBURG)
    assert limited.status_code == 429
    assert "too many requests" in limited.content.decode().lower()
    assert int(limited["Retry-After"]) > 0
    assert len(mailoutbox) == 2  # no third confirmation mail to the same address
    # Refused requests count too: the 4th request from this client passes, the 5th not.
    other = {"email": "other@firma.example", "consent": "on"}
    assert client.post(url, other, **LIMBURG).status_code == 200
    assert client.post(url, {**other, "email": "x@y.example"}, **LIMBURG).status_code == 429
    assert Subscriber.objects.count() == 2


def test_behind_a_proxy_visitors_are_told_apart(client, world, settings, commit):
    """With TRUSTED_PROXIES = 1 the visitor is the last X-Forwarded-For entry, so two
    visitors behind one proxy address have their own counters; with 0 (the default)
    the header is ignored and a spoofed header does not reset a visitor's counter."""
    _limits(settings, RATE_LIMIT_PER_IP=1, RATE_LIMIT_PER_EMAIL=100)
    url = reverse("wagtail_doeners:matchmaking:post_demand")
    proxy = {**LIMBURG, "REMOTE_ADDR": "10.0.0.2"}

    def post(xff, email):
        data = demand_payload(world["category"], email=email)
        return commit(client.post, url, data, HTTP_X_FORWARDED_FOR=xff, **proxy)

    # Default: the header is client-controlled and ignored; one address for everyone.
    assert post("198.51.100.7", "a@x.example").status_code == 302
    assert post("198.51.100.8", "b@x.example").status_code == 429

    settings.WAGTAIL_DOENERS = {
        **settings.WAGTAIL_DOENERS,
        "SECURITY": {"TRUSTED_PROXIES": 1},
    }
    assert post("203.0.113.1", "c@x.example").status_code == 302
    assert post("203.0.113.2", "d@x.example").status_code == 302
    # A visitor that prepends a fake address is still counted under its real one.
    assert post("192.0.2.99, 203.0.113.1", "e@x.example").status_code == 429


@pytest.mark.parametrize(
    "trusted, xff, expected",
    [
        (0, "1.2.3.4", "10.0.0.2"),
        (1, "1.2.3.4", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),
        (2, "6.6.6.6, 1.2.3.4, 10.0.0.1", "1.2.3.4"),
        (2, "1.2.3.4", "10.0.0.2"),  # fewer hops than proxies: not trusted
        (1, "not-an-ip", "10.0.0.2"),
        (1, "", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip(settings, trusted, xff, expected):
    settings.WAGTAIL_DOENERS = {
        **settings.WAGTAIL_DOENERS,
        "SECURITY": {"TRUSTED_PROXIES": trusted},
    }
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=xff)
    assert client_ip(request) == expected


def test_cache_outage_lets_submissions_through(client, world, settings, commit):
    """With the rate-limit cache unreachable the forms keep working (fail open, logged)
    instead of answering 500. (Wagtail keeps its own data in the default cache; the
    limits can use a cache alias of their own, here one whose Redis is gone.)"""
    from tests.e2e.harness import free_port

    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        },
    }
    settings.WAGTAIL_DOENERS = {
        **settings.WAGTAIL_DOENERS,
        "MATCHMAKING": {"CACHE": "ratelimit"},
        "SECURITY": {"CACHE": "ratelimit"},
    }
    url = reverse("wagtail_doeners:matchmaking:contact", args=[world["limburg"]["offering"].pk])
    response = commit(client.post, url, contact_payload(), **LIMBURG)
    assert response.status_code == 302
    assert ContactRequest.objects.count() == 1
    subscribe = reverse("wagtail_doeners:doeners_campaigns:subscribe")
    data = {"email": "n@firma.example", "consent": "on"}
    assert client.post(subscribe, data, **LIMBURG).status_code == 200
