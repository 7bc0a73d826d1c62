"""From contact to collaboration: follow-ups at 30/90/180 days to both sides, one-click
answers through signed links, staff corrections, counts that change."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from wagtail_doeners.matchmaking.choices import MatchStatus
from wagtail_doeners.matchmaking.contact import create_contact_request
from wagtail_doeners.matchmaking.followups import due_followups, send_due_followups
from wagtail_doeners.matchmaking.lifecycle import set_status
from wagtail_doeners.matchmaking.models import FollowUp, Match, MatchStatusChange
from wagtail_doeners.matchmaking.signing import followup_token

from .conftest import assert_no_personal_data, contact_payload

pytestmark = pytest.mark.django_db


def _cleaned(**overrides):
    data = contact_payload(**overrides)
    data.pop("website_url")
    data["consent"] = True
    data["buyer_province"] = "limburg"
    return data


@pytest.fixture
def old_match(commit, offering):
    """A contact request made 31 days ago, its mails already sent."""
    at = timezone.now() - timedelta(days=31)
    commit(create_contact_request, _cleaned(), province="limburg", offering=offering, at=at)
    mail.outbox.clear()
    return Match.objects.get()


def _answer_urls(message):
    found = re.findall(r"(https?://[^\s]+/opvolging/[^\s]+\?answer=(\w+))", message.body)
    return {answer: url for url, answer in found}


def test_followups_are_sent_once_per_step_to_both_sides(old_match):
    sent = send_due_followups()
    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "an@bakkerij-janssens.example",
        "private@devlier.example",
    ]
    assert set(FollowUp.objects.values_list("step", "side")) == {
        (30, "company"),
        (30, "enterprise"),
    }
    assert all(f.sent_at for f in FollowUp.objects.all())
    # Idempotent: a second beat run sends nothing more.
    assert send_due_followups() == 0
    assert len(mail.outbox) == 2


def test_next_step_comes_at_90_days_and_not_for_closed_matches(old_match):
    send_due_followups()
    later = timezone.now() + timedelta(days=60)
    assert [step for _, step in due_followups(now=later)] == [90]
    assert send_due_followups(now=later) == 2
    assert FollowUp.objects.filter(step=90).count() == 2
    set_status(old_match, MatchStatus.LOST, source="admin")
    assert due_followups(now=timezone.now() + timedelta(days=200)) == []


def test_young_match_gets_no_followup(commit, offering):
    commit(create_contact_request, _cleaned(), province="limburg", offering=offering)
    mail.outbox.clear()
    assert send_due_followups() == 0
    assert mail.outbox == []


def test_unique_claim_prevents_a_second_send(old_match):
    FollowUp.objects.create(match=old_match, step=30, side="company", sent_at=timezone.now())
    with pytest.raises(IntegrityError):
        FollowUp.objects.create(match=old_match, step=30, side="company")


def test_claimed_step_is_not_sent_again_by_an_overlapping_run(old_match):
    # Another run claimed the company side a moment ago.
    FollowUp.objects.create(match=old_match, step=30, side="company")
    assert send_due_followups() == 1  # only the enterprise side is still due
    assert [m.to for m in mail.outbox] == [["private@devlier.example"]]
    assert send_due_followups() == 0


def test_failed_send_releases_the_claim(old_match, monkeypatch):
    from wagtail_doeners.matchmaking import followups

    def broken(followup):
        raise ConnectionError("smtp down")

    monkeypatch.setattr(followups, "send_followup", broken)
    assert send_due_followups() == 0
    assert FollowUp.objects.count() == 0
    monkeypatch.undo()
    assert send_due_followups() == 2


def test_one_click_yes_confirms_the_collaboration(client, old_match, events):
    send_due_followups()
    company_mail = next(m for m in mail.outbox if m.to == ["an@bakkerij-janssens.example"])
    urls = _answer_urls(company_mail)
    assert set(urls) == {"yes", "not_yet", "no"}
    path = urls["yes"].split("://", 1)[1].split("/", 1)[1]
    path = "/" + path

    # GET only shows the question with a POST button; nothing is recorded.
    page = client.get(path)
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    old_match.refresh_from_db()
    assert old_match.status == "contacted"
    assert FollowUp.objects.filter(answered_at__isnull=False).count() == 0

    confirmed_before = Match.objects.filter(status="confirmed").count()
    response = client.post(
        path.split("?")[0],
        {"answer": "yes", "value_band": "5k-25k", "start_date": "2026-02-01", "recurring": "true"},
    )
    assert response.status_code == 200
    old_match.refresh_from_db()
    assert old_match.status == MatchStatus.CONFIRMED
    assert old_match.confirmed_at is not None and old_match.replied_at is not None
    assert old_match.value_band == "5k-25k"
    assert str(old_match.start_date) == "2026-02-01"
    assert old_match.recurring is True
    assert Match.objects.filter(status="confirmed").count() == confirmed_before + 1
    followup = FollowUp.objects.get(side="company")
    assert followup.answer == "yes" and followup.answered_at
    assert list(
        MatchStatusChange.objects.filter(match=old_match).values_list("to_status", "source")
    ) == [("contacted", "company"), ("confirmed", "followup")]
    status_events = [data for kind, data in events if kind == "match_status"]
    assert status_events[-1]["to_status"] == "confirmed"
    assert status_events[-1]["value_band"] == "5k-25k"
    assert_no_personal_data(events)


def test_late_not_yet_or_no_does_not_undo_a_confirmation(client, old_match):
    send_due_followups()
    company = FollowUp.objects.get(side="company")
    enterprise = FollowUp.objects.get(side="enterprise")
    url = reverse(
        "wagtail_doeners:matchmaking:followup", args=[followup_token(company.pk, old_match.pk)]
    )
    client.post(url, {"answer": "yes"})
    url = reverse(
        "wagtail_doeners:matchmaking:followup",
        args=[followup_token(enterprise.pk, old_match.pk)],
    )
    client.post(url, {"answer": "no"})
    old_match.refresh_from_db()
    assert old_match.status == "confirmed"
    enterprise.refresh_from_db()
    assert enterprise.answer == "no"  # kept for the record


def test_no_marks_the_match_lost(client, old_match):
    send_due_followups()
    followup = FollowUp.objects.get(side="enterprise")
    url = reverse(
        "wagtail_doeners:matchmaking:followup", args=[followup_token(followup.pk, old_match.pk)]
    )
    assert client.post(url, {"answer": "no"}).status_code == 200
    old_match.refresh_from_db()
    assert old_match.status == "lost" and old_match.lost_at


def test_tampered_or_mismatched_link_is_refused(client, old_match):
    send_due_followups()
    followup = FollowUp.objects.first()
    token = followup_token(followup.pk, old_match.pk)
    bad = reverse("wagtail_doeners:matchmaking:followup", args=[token[:-2] + "xx"])
    assert client.post(bad, {"answer": "yes"}).status_code == 400
    wrong = reverse(
        "wagtail_doeners:matchmaking:followup", args=[followup_token(followup.pk, 999999)]
    )
    assert client.post(wrong, {"answer": "yes"}).status_code == 404
    bad_answer = reverse("wagtail_doeners:matchmaking:followup", args=[token])
    assert client.post(bad_answer, {"answer": "maybe"}).status_code == 400
    old_match.refresh_from_db()
    assert old_match.status == "contacted"


def test_expired_link_is_refused(client, old_match, settings):
    send_due_followups()
    followup = FollowUp.objects.first()
    token = followup_token(followup.pk, old_match.pk)
    settings.WAGTAIL_DOENERS = {
        **settings.WAGTAIL_DOENERS,
        "MATCHMAKING": {"LINK_MAX_AGE_DAYS": -1},
    }
    url = reverse("wagtail_doeners:matchmaking:followup", args=[token])
    response = client.post(url, {"answer": "yes"})
    assert response.status_code == 400
    assert "expired" in response.content.decode()


def test_staff_correct_the_status_in_the_admin(admin_client, old_match, events):
    url = reverse("doeners_matchmaking_match_modeladmin_edit", args=[old_match.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "status": "quote_sent",
            "value_band": "",
            "start_date": "",
            "recurring": "",
            "category": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    old_match.refresh_from_db()
    assert old_match.status == "quote_sent"
    assert old_match.quote_sent_at and old_match.replied_at
    change = MatchStatusChange.objects.filter(match=old_match).last()
    assert (change.from_status, change.to_status, change.source) == (
        "contacted",
        "quote_sent",
        "admin",
    )
    assert [d["to_status"] for k, d in events if k == "match_status"] == ["quote_sent"]


def test_beat_schedule_lists_the_followup_task():
    from celery import current_app

    from wagtail_doeners.beat import beat_schedule

    schedule = beat_schedule()
    task = schedule["doeners-matchmaking-followups"]["task"]
    assert task == "wagtail_doeners.matchmaking.tasks.send_followups"
    import wagtail_doeners.matchmaking.tasks  # noqa: F401

    assert task in current_app.tasks
