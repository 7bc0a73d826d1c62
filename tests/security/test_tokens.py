"""Signed links (subscription confirm, unsubscribe, click tracking, demand response,
follow-up): they expire after the configured age, a tampered or foreign token is a
clear 400 page (never a 500), a token only acts on the campaign/delivery/demand it
was issued for, and a response link answers once."""

import time

import pytest
from django.core import mail, signing
from django.urls import reverse

from wagtail_doeners.campaigns.models import Campaign, Click, Delivery, Subscriber, Suppression
from wagtail_doeners.campaigns.tokens import (
    click_token,
    confirm_token,
    unsubscribe_token,
)
from wagtail_doeners.conf import doeners_settings
from wagtail_doeners.matchmaking.demands import record_response
from wagtail_doeners.matchmaking.models import DemandResponse, Match
from wagtail_doeners.matchmaking.signing import followup_token, response_token

from .conftest import LIMBURG

pytestmark = pytest.mark.django_db


class _Clock:
    """Stands in for the ``time`` module inside django.core.signing."""

    def __init__(self, offset):
        self.offset = offset

    def time(self):
        return time.time() + self.offset


@pytest.fixture
def later(monkeypatch):
    """``later(seconds)``: from now on, signatures are checked that many seconds later."""

    def _advance(seconds):
        monkeypatch.setattr(signing, "time", _Clock(seconds))

    return _advance


@pytest.fixture
def campaigns(world):
    subscriber = Subscriber.objects.create(
        email="lid@firma.example", status=Subscriber.Status.CONFIRMED
    )
    a = Campaign.objects.create(name="A", subject="A", body="<p>A</p>", frequency_cap_days=0)
    b = Campaign.objects.create(name="B", subject="B", body="<p>B</p>", frequency_cap_days=0)
    return {
        "subscriber": subscriber,
        "a": a,
        "b": b,
        "delivery_a": Delivery.objects.create(campaign=a, subscriber=subscriber),
        "delivery_b": Delivery.objects.create(campaign=b, subscriber=subscriber),
    }


def _url(name, token):
    namespace = {
        "respond": "wagtail_doeners:matchmaking",
        "followup": "wagtail_doeners:matchmaking",
    }.get(name, "wagtail_doeners:doeners_campaigns")
    return reverse(f"{namespace}:{name}", args=[token])


def _tamper(token):
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def test_unsubscribe_link_expires(client, campaigns, later):
    token = unsubscribe_token(campaigns["a"].pk, campaigns["subscriber"].pk)
    max_age = doeners_settings.CAMPAIGNS["UNSUBSCRIBE_MAX_AGE"]
    later(max_age - 60)
    assert client.get(_url("unsubscribe", token), **LIMBURG).status_code == 200
    later(max_age + 60)
    response = client.post(_url("unsubscribe", token), **LIMBURG)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not Suppression.objects.exists()


def test_click_link_expires_and_records_nothing(client, campaigns, later):
    token = click_token(campaigns["delivery_a"].pk, "https://doeners.example/aanbod/")
    later(doeners_settings.CAMPAIGNS["CLICK_MAX_AGE"] + 60)
    response = client.get(_url("click", token), **LIMBURG)
    assert response.status_code == 400
    assert not Click.objects.exists()


def test_confirm_link_expires(client, campaigns, later):
    pending = Subscriber.objects.create(email="nieuw@firma.example")
    token = confirm_token(pending.pk)
    later(doeners_settings.CAMPAIGNS["CONFIRM_MAX_AGE"] + 60)
    assert client.post(_url("confirm", token), **LIMBURG).status_code == 400
    pending.refresh_from_db()
    assert pending.status == Subscriber.Status.PENDING


def test_response_and_followup_links_expire(client, world, later):
    demand, enterprise = world["limburg"]["demand"], world["limburg"]["enterprise"]
    token = response_token(demand.pk, enterprise.pk)
    followup = followup_token(1, 1)
    later(doeners_settings.MATCHMAKING["LINK_MAX_AGE_DAYS"] * 86400 + 60)
    response = client.post(_url("respond", token), {"message": "Graag!"}, **LIMBURG)
    assert response.status_code == 400
    assert not DemandResponse.objects.exists()
    expired = client.get(_url("followup", followup), **LIMBURG)
    assert expired.status_code == 400 and "expired" in expired.content.decode()


def test_tampered_garbage_and_cross_purpose_tokens_are_400(client, world, campaigns):
    delivery = campaigns["delivery_a"]
    subscriber = campaigns["subscriber"]
    demand, enterprise = world["limburg"]["demand"], world["limburg"]["enterprise"]
    good = {
        "unsubscribe": unsubscribe_token(campaigns["a"].pk, subscriber.pk),
        "click": click_token(delivery.pk, "https://doeners.example/"),
        "confirm": confirm_token(subscriber.pk),
        "respond": response_token(demand.pk, enterprise.pk),
        "followup": followup_token(1, 1),
    }
    # Signed with another install's secret (another province): not ours.
    foreign = signing.dumps(
        [campaigns["a"].pk, subscriber.pk],
        key="another-provinces-secret",
        salt="wagtail_doeners.campaigns.unsubscribe",
        compress=True,
    )
    for name, token in good.items():
        others = [t for n, t in good.items() if n != name]
        for bad in [_tamper(token), "x", "a" * 300, "..", foreign, *others]:
            for method in ("get", "post"):
                response = getattr(client, method)(_url(name, bad), **LIMBURG)
                assert response.status_code in (400, 404, 405), (name, bad, response.status_code)
                assert response.status_code != 500
    assert not Suppression.objects.exists()
    assert not Click.objects.exists()
    assert not DemandResponse.objects.exists()
    # A click token whose URL was swapped (open redirect attempt) is refused.
    payload = signing.loads(good["click"], salt="wagtail_doeners.campaigns.click")
    assert payload[1] == "https://doeners.example/"
    swapped = good["click"].replace(good["click"].split(":")[0], "eyJldmlsIjoxfQ")
    assert client.get(_url("click", swapped), **LIMBURG).status_code == 400


def test_tokens_act_only_on_their_own_campaign(client, campaigns):
    """A click or unsubscribe link of campaign A never records on campaign B: the
    token carries the delivery (click) or the campaign (unsubscribe) and no URL lets
    a visitor choose another one."""
    sub = campaigns["subscriber"]
    click = client.get(
        _url("click", click_token(campaigns["delivery_a"].pk, "https://doeners.example/x")),
        **LIMBURG,
    )
    assert click.status_code == 302 and click["Location"] == "https://doeners.example/x"
    assert list(Click.objects.values_list("delivery_id", flat=True)) == [campaigns["delivery_a"].pk]
    campaigns["delivery_b"].refresh_from_db()
    assert campaigns["delivery_b"].clicked_at is None

    unsubscribe = client.post(
        _url("unsubscribe", unsubscribe_token(campaigns["a"].pk, sub.pk)), **LIMBURG
    )
    assert unsubscribe.status_code == 200
    a, b = (Delivery.objects.get(pk=campaigns[k].pk) for k in ("delivery_a", "delivery_b"))
    assert a.unsubscribed and not b.unsubscribed
    assert Suppression.objects.get().campaign_id == campaigns["a"].pk


def test_response_link_answers_once(client, world, commit):
    demand, enterprise = world["limburg"]["demand"], world["limburg"]["enterprise"]
    url = _url("respond", response_token(demand.pk, enterprise.pk))
    first = commit(client.post, url, {"message": "Wij doen dat graag."}, **LIMBURG)
    assert first.status_code == 200
    mails = len(mail.outbox)
    replay = commit(client.post, url, {"message": "Nog eens!"}, **LIMBURG)
    assert replay.status_code == 200
    assert "Nog eens" not in replay.content.decode() or "already" in replay.content.decode()
    assert DemandResponse.objects.count() == 1
    assert DemandResponse.objects.get().message == "Wij doen dat graag."
    assert Match.objects.count() == 1
    assert len(mail.outbox) == mails
    # The same link cannot answer another demand.
    other = world["antwerpen"]["demand"]
    assert DemandResponse.objects.filter(demand=other).count() == 0


def test_double_submit_race_is_closed_under_the_demand_lock(world):
    """The view checks for an earlier answer, but two POSTs can pass that check at
    once; record_response re-checks under the demand's row lock."""
    demand, enterprise = world["limburg"]["demand"], world["limburg"]["enterprise"]
    first = record_response(demand, enterprise, "Eerste antwoord")
    second = record_response(demand, enterprise, "Tweede antwoord")
    assert second.pk == first.pk
    assert DemandResponse.objects.count() == 1
    assert Match.objects.count() == 1
