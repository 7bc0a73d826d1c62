"""Sending through REAL Celery worker processes, Redis and an aiosmtpd sink, with the
fault tests of issue #4. No eager mode here: the test process only launches, pauses
or unsubscribes, like a manager or a recipient would, and watches the database."""

import os
import time
from collections import Counter
from email import message_from_bytes, policy

import pytest
from django.test import Client
from django.urls import reverse

from tests.campaigns.conftest import make_campaign, make_subscribers
from tests.support.redis_server import RedisServer
from wagtail_doeners.campaigns import sending
from wagtail_doeners.campaigns.models import (
    Campaign,
    CampaignStatus,
    Delivery,
    DeliveryStatus,
    Suppression,
)
from wagtail_doeners.campaigns.tokens import unsubscribe_token
from wagtail_doeners.campaigns.urls_names import URL_NAMESPACE

pytestmark = [
    pytest.mark.celery,
    pytest.mark.smtp,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The 451 fault lasts this long (the issue asks for 30 s).
TEMPFAIL_SECONDS = float(os.environ.get("DOENERS_TEST_TEMPFAIL_SECONDS", "30"))

FAST = {
    "CHUNK_SIZE": 100,
    "PARALLEL_CHUNKS": 2,
    "LEASE_SECONDS": 4,
    "STALL_SECONDS": 3,
    "RATE_LIMIT_PER_SECOND": 300,
    "RATE_LIMIT_BURST": 50,
    "BACKOFF_BASE_SECONDS": 2,
    "BACKOFF_MAX_SECONDS": 8,
    "MAX_ATTEMPTS": 40,
    "FREQUENCY_CAP_DAYS": 0,
}


def _configure(settings, **campaigns):
    conf = {**FAST, **campaigns}
    settings.WAGTAIL_DOENERS = {**settings.WAGTAIL_DOENERS, "CAMPAIGNS": conf}
    return {"CAMPAIGNS": conf}


def wait_for(predicate, timeout, what, interval=0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def sent_count(campaign):
    return Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.SENT).count()


def status_of(campaign):
    return Campaign.objects.values_list("status", flat=True).get(pk=campaign.pk)


def _start(celery_processes, broker, sink, overrides, workers=("w1",), beat=True):
    procs = celery_processes(broker, sink.port, doeners=overrides, beat_interval=1.0)
    for name in workers:
        procs.start_worker(name)
    if beat:
        procs.start_beat()
    return procs


def test_campaign_is_sent_once_to_everyone_with_headers(
    settings, sink, broker_url, use_broker, celery_processes
):
    overrides = _configure(settings)
    use_broker(broker_url)
    subscribers = make_subscribers(300)
    campaign = make_campaign()
    _start(celery_processes, broker_url, sink, overrides, workers=("w1", "w2"), beat=False)

    assert sending.launch(campaign.pk) == 300
    wait_for(lambda: status_of(campaign) == CampaignStatus.SENT, 60, "campaign sent")

    counts = sink.counts()
    assert {s.email for s in subscribers} == set(counts)
    assert set(counts.values()) == {1}
    mail = message_from_bytes(sink.messages[0][3], policy=policy.default)
    assert mail["List-Unsubscribe"].strip().startswith("<http://")
    assert "/news/unsubscribe/" in mail["List-Unsubscribe"]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["Message-ID"].startswith(f"<doeners.c{campaign.pk}.s")
    assert mail.get_content_type() == "multipart/alternative"
    assert {p.get_content_type() for p in mail.get_payload()} == {"text/plain", "text/html"}
    assert not Delivery.objects.filter(campaign=campaign).exclude(status="sent").exists()


def test_kill_9_a_worker_mid_campaign_then_start_another(
    settings, sink, broker_url, use_broker, celery_processes
):
    overrides = _configure(settings, RATE_LIMIT_PER_SECOND=250)
    use_broker(broker_url)
    subscribers = make_subscribers(2000)
    campaign = make_campaign()
    procs = _start(celery_processes, broker_url, sink, overrides, workers=("w1", "w2"))

    sending.launch(campaign.pk)
    wait_for(lambda: sent_count(campaign) >= 500, 60, "500 sent")
    procs.kill9("w1")
    killed_at = sink.total
    procs.start_worker("w3")
    wait_for(lambda: status_of(campaign) == CampaignStatus.SENT, 120, "campaign sent")

    counts = sink.counts()
    missing = {s.email for s in subscribers} - set(counts)
    assert not missing, f"{len(missing)} recipients never got the mail"
    duplicates = sum(c - 1 for c in counts.values())
    # At-least-once: only what w1 held when it died can be sent twice.
    assert duplicates <= settings.WAGTAIL_DOENERS["CAMPAIGNS"]["CHUNK_SIZE"]
    assert killed_at < 2000  # it really died mid-campaign
    # A duplicate carries the same deterministic Message-ID.
    ids = Counter((rcpt, mid) for rcpt, mid, *_ in sink.messages)
    assert len(ids) == len(counts)
    assert Delivery.objects.filter(campaign=campaign, status="sent").count() == 2000


def test_redis_restart_mid_campaign_loses_nothing(settings, sink, use_broker, celery_processes):
    with RedisServer(port=int(os.environ.get("DOENERS_TEST_REDIS_RESTART_PORT", "6390"))) as rs:
        broker = rs.url(1)
        overrides = _configure(settings, RATE_LIMIT_PER_SECOND=250, REDIS_URL=rs.url(2))
        use_broker(broker)
        subscribers = make_subscribers(1000)
        campaign = make_campaign()
        _start(celery_processes, broker, sink, overrides, workers=("w1", "w2"))

        sending.launch(campaign.pk)
        wait_for(lambda: sent_count(campaign) >= 200, 60, "200 sent")
        rs.restart(down_for=2.0)  # every queued task message is gone
        wait_for(lambda: status_of(campaign) == CampaignStatus.SENT, 120, "campaign sent")

    counts = sink.counts()
    assert {s.email for s in subscribers} == set(counts)
    assert sum(c - 1 for c in counts.values()) <= FAST["CHUNK_SIZE"] * 2


def test_tempfail_451_for_everyone_backs_off_then_completes(
    settings, sink, broker_url, use_broker, celery_processes
):
    overrides = _configure(settings)
    use_broker(broker_url)
    subscribers = make_subscribers(150)
    campaign = make_campaign()
    _start(celery_processes, broker_url, sink, overrides, workers=("w1",))

    sink.add_rule(451, duration=TEMPFAIL_SECONDS)
    started = time.monotonic()
    sending.launch(campaign.pk)
    wait_for(
        lambda: status_of(campaign) == CampaignStatus.SENT, TEMPFAIL_SECONDS + 90, "campaign sent"
    )

    assert time.monotonic() - started >= TEMPFAIL_SECONDS * 0.9
    assert sink.handler.rejected[451] >= 150
    counts = sink.counts()
    assert {s.email for s in subscribers} == set(counts)
    assert set(counts.values()) == {1}
    assert Delivery.objects.filter(campaign=campaign, attempts__gt=1).count() == 150
    assert not Suppression.objects.exists()


def test_permanent_550_fails_and_suppresses_only_those(
    settings, sink, broker_url, use_broker, celery_processes
):
    overrides = _configure(settings)
    use_broker(broker_url)
    subscribers = make_subscribers(200)
    bad = {s.email for s in subscribers[::20]}  # 10 of 200: below the pause threshold
    sink.add_rule(550, recipients=bad)
    campaign = make_campaign()
    _start(celery_processes, broker_url, sink, overrides, workers=("w1",))

    sending.launch(campaign.pk)
    wait_for(lambda: status_of(campaign) == CampaignStatus.SENT, 60, "campaign sent")

    failed = Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.FAILED)
    assert {d.subscriber.email for d in failed} == bad
    assert all(d.bounced and d.error.startswith("{") for d in failed)
    assert Suppression.objects.filter(reason=Suppression.Reason.HARD_BOUNCE).count() == 10
    assert set(sink.counts()) == {s.email for s in subscribers} - bad
    # A later campaign leaves them out.
    later = make_campaign(name="Next")
    assert sending.launch(later.pk) == 190


def test_error_rate_auto_pauses(settings, sink, broker_url, use_broker, celery_processes):
    overrides = _configure(settings, ERROR_MIN_SAMPLE=20, ERROR_RATE_PAUSE=0.2)
    use_broker(broker_url)
    subscribers = make_subscribers(400)
    sink.add_rule(550, recipients={s.email for s in subscribers[::2]})
    campaign = make_campaign()
    _start(celery_processes, broker_url, sink, overrides, workers=("w1",), beat=False)

    sending.launch(campaign.pk)
    wait_for(lambda: status_of(campaign) == CampaignStatus.PAUSED, 60, "auto-pause")
    campaign.refresh_from_db()
    assert "auto-paused" in campaign.status_reason
    assert Delivery.objects.filter(campaign=campaign, status="pending").exists()


def test_pause_then_resume_mails_nobody_twice(
    settings, sink, broker_url, use_broker, celery_processes
):
    overrides = _configure(settings, RATE_LIMIT_PER_SECOND=200)
    use_broker(broker_url)
    subscribers = make_subscribers(1000)
    campaign = make_campaign()
    _start(celery_processes, broker_url, sink, overrides, workers=("w1", "w2"))

    sending.launch(campaign.pk)
    wait_for(lambda: sent_count(campaign) >= 200, 60, "200 sent")
    sending.pause(campaign.pk)
    # In-flight batches finish, claimed rows go back to pending, then nothing moves.
    wait_for(
        lambda: not Delivery.objects.filter(campaign=campaign, status="sending").exists(),
        20,
        "claims released",
    )
    paused_total = sink.total
    time.sleep(3)
    assert sink.total == paused_total
    assert status_of(campaign) == CampaignStatus.PAUSED
    assert paused_total < 1000

    assert sending.resume(campaign.pk)
    wait_for(lambda: status_of(campaign) == CampaignStatus.SENT, 60, "campaign sent")
    counts = sink.counts()
    assert {s.email for s in subscribers} == set(counts)
    assert set(counts.values()) == {1}


def test_post_unsubscribe_during_sending_stops_mail_to_that_subscriber(
    settings, sink, broker_url, use_broker, celery_processes
):
    overrides = _configure(settings, RATE_LIMIT_PER_SECOND=150)
    use_broker(broker_url)
    subscribers = make_subscribers(800)
    target = subscribers[-1]  # claimed last (rows are claimed in id order)
    campaign = make_campaign()
    _start(celery_processes, broker_url, sink, overrides, workers=("w1",), beat=False)

    sending.launch(campaign.pk)
    wait_for(lambda: sent_count(campaign) >= 100, 60, "100 sent")
    url = reverse(URL_NAMESPACE + ":unsubscribe", args=[unsubscribe_token(campaign.pk, target.pk)])
    client = Client()
    assert client.get(url).status_code == 200  # a GET only asks
    assert not Suppression.objects.exists()
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    wait_for(lambda: status_of(campaign) == CampaignStatus.SENT, 60, "campaign sent")

    assert sink.count_for(target.email) == 0
    delivery = Delivery.objects.get(campaign=campaign, subscriber=target)
    assert delivery.status == DeliveryStatus.SKIPPED
    assert delivery.unsubscribed
    assert len(sink.counts()) == 799
