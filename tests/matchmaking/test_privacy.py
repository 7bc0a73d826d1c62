"""Export, erasure and retention of requesters' personal data."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from wagtail_doeners.matchmaking.contact import create_contact_request
from wagtail_doeners.matchmaking.models import ContactRequest, Match
from wagtail_doeners.matchmaking.privacy import apply_retention, erase_personal_data

from .conftest import contact_payload

pytestmark = pytest.mark.django_db


def _make(offering, commit, at=None, **overrides):
    data = contact_payload(**overrides)
    data.pop("website_url")
    data.update(consent=True, buyer_province="limburg")
    return commit(create_contact_request, data, province="limburg", offering=offering, at=at)


def test_export_and_erase_by_email(offering, commit):
    _make(offering, commit)
    _make(offering, commit, email="other@firm.example", company_name="Ander Bedrijf")
    out = StringIO()
    call_command("doeners_personal_data", "AN@bakkerij-janssens.example", "--export", stdout=out)
    data = json.loads(out.getvalue())
    assert [row["company_name"] for row in data["contactrequest"]] == ["Bakkerij Janssens"]

    call_command("doeners_personal_data", "an@bakkerij-janssens.example", "--erase", stdout=out)
    erased = ContactRequest.objects.exclude(email="other@firm.example").get()
    assert (erased.company_name, erased.email, erased.message, erased.phone) == ("", "", "", "")
    assert erased.nace_section == "C" and erased.buyer_province == "limburg"
    assert ContactRequest.objects.get(email="other@firm.example").company_name == "Ander Bedrijf"
    assert Match.objects.count() == 2  # the figures stay


def test_bad_email_is_a_command_error():
    with pytest.raises(CommandError):
        call_command("doeners_personal_data", "not-an-address", "--erase")


def test_retention_blanks_only_old_records(offering, commit, settings):
    old = _make(offering, commit, at=timezone.now() - timedelta(days=800))
    new = _make(offering, commit, email="new@firm.example")
    assert apply_retention() == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.email == "" and old.company_name == ""
    assert new.email == "new@firm.example"
    settings.WAGTAIL_DOENERS = {
        **settings.WAGTAIL_DOENERS,
        "MATCHMAKING": {"PERSONAL_DATA_RETENTION_DAYS": 0},
    }
    assert apply_retention(now=timezone.now() + timedelta(days=5000)) == 0
    assert erase_personal_data("nobody@nowhere.example") == 0
