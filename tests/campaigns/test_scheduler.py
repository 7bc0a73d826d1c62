"""The DB-polling scheduler: due campaigns launch, missed ones wait, stalls re-kick.
Tasks run eagerly here; the worker suites test the real processes."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.campaigns.conftest import make_campaign, make_subscribers
from wagtail_doeners.beat import beat_schedule
from wagtail_doeners.campaigns import scheduler, sending
from wagtail_doeners.campaigns.models import Campaign, Delivery

pytestmark = pytest.mark.django_db


def test_beat_schedule_has_the_poller_and_the_reaper():
    schedule = beat_schedule()
    assert schedule["doeners-campaigns-scheduler"]["schedule"] <= 30
    assert "reap" in schedule["doeners-campaigns-reaper"]["task"]


def test_due_campaign_is_launched_and_sent(django_capture_on_commit_callbacks):
    make_subscribers(12)
    campaign = make_campaign()
    sending.schedule(campaign.pk, timezone.now() + timedelta(minutes=5))
    assert scheduler.tick()["launched"] == []
    with django_capture_on_commit_callbacks(execute=True):
        done = scheduler.tick(now=timezone.now() + timedelta(minutes=6))
    assert done["launched"] == [campaign.pk]
    campaign.refresh_from_db()
    assert campaign.status == "sent"
    assert len(mail.outbox) == 12
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_schedule_missed_beyond_the_limit_waits_for_confirmation(
    django_capture_on_commit_callbacks,
):
    make_subscribers(3)
    campaign = make_campaign()
    sending.schedule(campaign.pk, timezone.now() - timedelta(hours=5))
    done = scheduler.tick()
    assert done["held"] == [campaign.pk] and done["launched"] == []
    campaign.refresh_from_db()
    assert campaign.needs_confirmation and campaign.status == "scheduled"
    assert scheduler.tick()["held"] == []  # stays held, not re-evaluated
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduler.confirm_missed(campaign.pk)
    campaign.refresh_from_db()
    assert campaign.status == "sent" and len(mail.outbox) == 3


def test_expired_leases_are_reaped_and_a_stalled_campaign_re_kicked(
    django_capture_on_commit_callbacks,
):
    make_subscribers(5)
    campaign = make_campaign()
    sending.launch(campaign.pk)  # on_commit not run: the kick is "lost"
    ids = sending.claim(campaign.pk, 2)
    assert len(ids) == 2
    assert Delivery.objects.filter(status="sending").count() == 2
    later = timezone.now() + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        done = scheduler.tick(now=later)
    assert done["reaped"] == 2 and done["kicked"] == [campaign.pk]
    campaign.refresh_from_db()
    assert campaign.status == "sent"
    assert len(mail.outbox) == 5


def test_sent_only_when_no_row_is_pending_and_cancel_any_time():
    make_subscribers(3)
    campaign = make_campaign()
    sending.launch(campaign.pk)
    assert not sending.maybe_finish(campaign.pk)
    assert sending.cancel(campaign.pk) == 1
    assert Campaign.objects.get(pk=campaign.pk).status == "cancelled"
    assert sending.claim(campaign.pk, 10) == []  # nothing is sent after a cancel
    assert not sending.resume(campaign.pk)


def test_test_send_goes_to_given_addresses_and_is_not_counted():
    from wagtail_doeners.campaigns.sending import send_test

    make_subscribers(2)
    campaign = make_campaign()
    assert send_test(campaign.pk, ["editor@provincie.example"]) == 1
    assert mail.outbox[0].subject.startswith("[TEST]")
    assert mail.outbox[0].to == ["editor@provincie.example"]
    assert not Delivery.objects.exists()


def test_unreachable_smtp_server_releases_the_chunk_untouched(settings):
    from tests.support.smtp_sink import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    make_subscribers(4)
    campaign = make_campaign()
    sending.launch(campaign.pk)
    assert sending.send_chunk(campaign.pk) == 0
    rows = Delivery.objects.filter(campaign=campaign)
    assert set(rows.values_list("status", "attempts")) == {("pending", 0)}
