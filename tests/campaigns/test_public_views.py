"""Subscribe (double opt-in), confirm, unsubscribe (GET asks, POST acts), click."""

import pytest
from django.core import mail, signing
from django.urls import reverse

from tests.campaigns.conftest import make_campaign, make_subscribers
from wagtail_doeners.campaigns import sending
from wagtail_doeners.campaigns.models import (
    Click,
    ConsentRecord,
    Delivery,
    Subscriber,
    Suppression,
)
from wagtail_doeners.campaigns.rendering import build_content, render_message
from wagtail_doeners.campaigns.tokens import click_token, unsubscribe_token
from wagtail_doeners.campaigns.urls_names import URL_NAMESPACE

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


def test_double_opt_in_records_consent_and_confirms_only_on_post(client):
    response = client.post(
        url("subscribe"),
        {
            "email": "An@Bakkerij.example",
            "first_name": "An",
            "postal_code": "3500",
            "consent": "on",
        },
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 200
    subscriber = Subscriber.objects.get(email="an@bakkerij.example")
    assert subscriber.status == "pending"
    assert subscriber.province.slug == "limburg"  # from the postal-code table
    record = subscriber.consent_records.get()
    assert (record.kind, record.ip_address, record.source) == (
        "requested",
        "192.0.2.7",
        "subscribe-form",
    )
    assert record.consent_text_version
    assert len(mail.outbox) == 1
    link = next(w for w in mail.outbox[0].body.split() if "/news/confirm/" in w)
    path = link.split("localhost", 1)[1] if "localhost" in link else link
    assert client.get(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"  # a GET (a link scanner) does not confirm
    client.post(path, REMOTE_ADDR="192.0.2.8")
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed" and subscriber.confirmed_at
    assert subscriber.consent_records.filter(kind="confirmed", ip_address="192.0.2.8").exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"email": "not-an-address", "consent": "on"}, "email"),
        ({"email": "a@b.example"}, "consent"),
        ({"email": "a@b.example", "consent": "on", "postal_code": "9999"}, "postal_code"),
        ({"email": "a@b.example", "consent": "on", "company_kbo": "0123.456.789"}, "company_kbo"),
    ],
)
def test_subscribe_rejects_bad_input_with_reasons(client, data, field):
    response = client.post(url("subscribe"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Subscriber.objects.exists()


def test_unsubscribe_get_asks_post_suppresses_without_deleting(client):
    (subscriber,) = make_subscribers(1)
    campaign = make_campaign()
    sending.launch(campaign.pk)
    target = url("unsubscribe", unsubscribe_token(campaign.pk, subscriber.pk))

    response = client.get(target)
    assert response.status_code == 200
    assert b'method="post"' in response.content
    assert not Suppression.objects.exists()

    response = client.post(target, {"List-Unsubscribe": "One-Click"})  # RFC 8058 body
    assert response.status_code == 200
    suppression = Suppression.objects.get()
    assert suppression.reason == "unsubscribed" and suppression.campaign == campaign
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    assert Delivery.objects.get(campaign=campaign).unsubscribed
    assert subscriber.consent_records.filter(kind=ConsentRecord.Kind.WITHDRAWN).exists()
    # Unsubscribing twice is harmless.
    assert client.post(target).status_code == 200
    assert Suppression.objects.count() == 1


@pytest.mark.parametrize("token", ["garbage", "WzEsMV0:1xZZWt:forged"])
def test_bad_tokens_give_a_clear_400_not_a_500(client, token):
    for name in ("unsubscribe", "click", "confirm"):
        response = client.get(url(name, token))
        assert response.status_code == 400
        assert b"invalid or has expired" in response.content


def test_a_click_token_is_not_an_unsubscribe_token(client):
    (subscriber,) = make_subscribers(1)
    token = click_token(subscriber.pk, "https://doeners.be/")
    assert client.post(url("unsubscribe", token)).status_code == 400
    assert not Suppression.objects.exists()


def test_expired_unsubscribe_token_is_refused(client, settings):
    (subscriber,) = make_subscribers(1)
    token = unsubscribe_token(1, subscriber.pk)
    settings.WAGTAIL_DOENERS = {
        **settings.WAGTAIL_DOENERS,
        "CAMPAIGNS": {"UNSUBSCRIBE_MAX_AGE": -1},
    }
    assert client.post(url("unsubscribe", token)).status_code == 400
    with pytest.raises(signing.SignatureExpired):
        from wagtail_doeners.campaigns.tokens import read_unsubscribe_token

        read_unsubscribe_token(token)


def test_mail_links_go_through_the_signed_click_redirect_with_utm(client):
    subscribers = make_subscribers(2)
    campaign = make_campaign()
    sending.launch(campaign.pk)
    delivery = Delivery.objects.filter(campaign=campaign).order_by("id").first()
    content = build_content(campaign)
    msg = render_message(
        content,
        delivery_id=delivery.pk,
        subscriber_id=delivery.subscriber_id,
        email=delivery.subscriber.email,
        first_name="Jan",
    )
    html = msg.alternatives[0][0]
    assert "Beste Jan," in html and "Beste Jan," in msg.body
    assert "https://doeners.be/aanbod" not in html  # every link is wrapped
    link = next(w for w in msg.body.split() if "/news/c/" in w) if "/news/c/" in msg.body else None
    href = html.split('href="', 1)[1].split('"', 1)[0]
    assert "/news/c/" in href
    response = client.get(href.split("localhost", 1)[1])
    assert response.status_code == 302
    assert response["Location"].startswith("https://doeners.be/aanbod?")
    assert f"utm_campaign=doeners-{campaign.pk}" in response["Location"]
    assert "utm_medium=email" in response["Location"]
    client.get(href.split("localhost", 1)[1])
    delivery.refresh_from_db()
    assert delivery.clicked_at is not None
    assert Click.objects.filter(delivery=delivery).count() == 2
    assert link is None or "/news/c/" in link
    assert len(subscribers) == 2


def test_message_id_is_deterministic_per_campaign_and_subscriber():
    (subscriber,) = make_subscribers(1)
    campaign = make_campaign()
    content = build_content(campaign)
    kwargs = {"delivery_id": 5, "subscriber_id": subscriber.pk, "email": "x@y.example"}
    first = render_message(content, first_name="A", **kwargs).extra_headers["Message-ID"]
    second = render_message(content, first_name="B", **kwargs).extra_headers["Message-ID"]
    other = render_message(content, first_name="A", **{**kwargs, "subscriber_id": 999})
    assert first == second != other.extra_headers["Message-ID"]


def test_a_new_double_opt_in_lifts_an_unsubscribe_but_not_a_bounce(client):
    from wagtail_doeners.campaigns import subscriptions

    subs = make_subscribers(2)
    subscriptions.unsubscribe(subs[0])
    Suppression.add(subs[1].email, Suppression.Reason.HARD_BOUNCE)
    for sub in subs:
        subscriptions.confirm(sub, ip_address="192.0.2.1")
    assert list(Suppression.objects.values_list("reason", flat=True)) == ["bounced"]
