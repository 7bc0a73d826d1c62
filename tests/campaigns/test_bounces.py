"""Bounce mailbox (DSN, RFC 3464) processing for sites without an ESP."""

import io
import mailbox

import pytest
from django.core.management import CommandError, call_command

from tests.campaigns.conftest import make_campaign, make_subscribers
from wagtail_doeners.campaigns import sending
from wagtail_doeners.campaigns.bounces import parse_dsn
from wagtail_doeners.campaigns.models import Delivery, Suppression
from wagtail_doeners.campaigns.rendering import message_id

pytestmark = pytest.mark.django_db


def dsn(recipient, status, original_id, action="failed", dsn_id="<dsn-1@mx.example>"):
    return (
        f"From: MAILER-DAEMON@mx.example\r\nTo: bounces@doeners.example\r\n"
        f"Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: {dsn_id}\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: {action}\r\nStatus: {status}\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"Message-ID: {original_id}\r\nSubject: Ontdek de sociale economie\r\n\r\n"
        "--B--\r\n"
    ).encode()


def test_parse_dsn_only_permanent_failures():
    assert parse_dsn(dsn("a@x.example", "5.1.1", "<m@x>")) == ([("a@x.example", "5.1.1")], "<m@x>")
    assert parse_dsn(dsn("a@x.example", "4.2.2", "<m@x>", action="delayed"))[0] == []
    assert parse_dsn(b"Subject: hello\r\n\r\nnot a bounce") == ([], None)


def test_bounce_mailbox_command_suppresses_once(tmp_path):
    subs = make_subscribers(2)
    campaign = make_campaign()
    sending.launch(campaign.pk)
    box = mailbox.Maildir(tmp_path / "bounces", create=True)
    mid = message_id(campaign.pk, subs[0].pk, "localhost")
    box.add(dsn(subs[0].email, "5.1.1", mid))
    box.add(dsn(subs[0].email, "5.1.1", mid))  # the same DSN delivered twice
    box.add(dsn(subs[1].email, "4.4.1", "<x@y>", action="delayed", dsn_id="<dsn-2@mx>"))
    out = io.StringIO()
    call_command("doeners_process_bounces", str(tmp_path / "bounces"), stdout=out)
    assert "3 messages read, 1 recipients suppressed, 1 already processed" in out.getvalue()
    assert list(Suppression.objects.values_list("email_hash", "reason")) == [
        (subs[0].email_hash, "bounced")
    ]
    assert Delivery.objects.get(campaign=campaign, subscriber=subs[0]).bounced
    assert not Delivery.objects.get(campaign=campaign, subscriber=subs[1]).bounced


def test_bounce_command_bad_path(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("doeners_process_bounces", str(tmp_path / "nope"))
    with pytest.raises(CommandError, match="not a Maildir"):
        call_command("doeners_process_bounces", str(tmp_path))
