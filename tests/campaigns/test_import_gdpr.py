"""CSV import with a validation report; GDPR export and erase (commands)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.campaigns.conftest import make_campaign, make_subscribers
from tests.factories import make_category, make_kbo
from wagtail_doeners.campaigns import sending
from wagtail_doeners.campaigns.audience import audience
from wagtail_doeners.campaigns.importing import import_subscribers
from wagtail_doeners.campaigns.models import Delivery, Subscriber, Suppression

pytestmark = pytest.mark.django_db


def test_import_reports_bad_rows_and_imports_good_ones_whole():
    make_category("catering", "Catering")
    kbo = make_kbo()
    csv_text = (
        "email;first_name;company_kbo;postal_code;size_class;interests;consent_at;consent_source\n"
        f"jan@bouw.example;Jan;{kbo};3500;small;catering;2024-05-01;beurs-2024\n"
        "els@zorg.example;Els;;9000;;;;\n"
        "not-an-email;X;;3500;;;;\n"
        "piet@x.example;Piet;0123.456.789;9999;huge;nope;2024-05-01;\n"
        "jan@bouw.example;Jan again;;;;;;\n"
    )
    report = import_subscribers(io.StringIO(csv_text))
    assert report.imported == 2 and report.confirmed == 1
    errors = {line: reasons for line, _email, reasons in report.errors}
    assert set(errors) == {4, 5, 6}
    assert "invalid e-mail" in errors[4][0]
    text = " ".join(errors[5])
    for needle in ("KBO", "9999", "size class", "nope", "consent_source"):
        assert needle.lower() in text.lower(), needle
    assert "repeated" in errors[6][0]
    jan = Subscriber.objects.get(email="jan@bouw.example")
    assert jan.status == "confirmed" and jan.province.slug == "limburg"
    assert list(jan.interests.values_list("slug", flat=True)) == ["catering"]
    assert jan.consent_records.get().source == "csv-import:beurs-2024"
    assert Subscriber.objects.get(email="els@zorg.example").status == "pending"
    assert not Subscriber.objects.filter(email="piet@x.example").exists()  # nothing half-saved
    assert "line 5" in report.as_text()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"name;phone\nx;y\n", "no 'email' column"),
        (b"email;shoe_size\na@b.example;42\n", "unknown columns"),
        ("email\nb\xe9@x.example\n".encode("latin-1"), "not UTF-8"),
    ],
)
def test_import_rejects_bad_files_with_a_reason(tmp_path, content, message):
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("doeners_import_subscribers", str(path), stdout=out)
    assert message in out.getvalue()
    assert not Subscriber.objects.exists()


def test_import_command_missing_file():
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("doeners_import_subscribers", "/nonexistent.csv")


def test_export_and_erase_one_subscriber():
    (sub,) = make_subscribers(1)
    campaign = make_campaign()
    sending.launch(campaign.pk)
    out = io.StringIO()
    call_command("doeners_subscriber_export", sub.email, stdout=out)
    data = json.loads(out.getvalue())
    assert data["email"] == sub.email and data["deliveries"][0]["campaign"] == campaign.name

    with pytest.raises(CommandError, match="--yes"):
        call_command("doeners_subscriber_erase", sub.email)
    call_command("doeners_subscriber_erase", sub.email, "--yes", stdout=io.StringIO())
    sub.refresh_from_db()
    assert sub.status == "erased" and sub.email.endswith("@erased.invalid")
    assert sub.first_name == "" and not sub.consent_records.exists()
    # Reports still add up, and the address stays suppressed through its hash.
    assert Delivery.objects.filter(campaign=campaign).count() == 1
    assert Suppression.objects.filter(reason="erased").count() == 1
    (again,) = make_subscribers(1)  # same address subscribes again via an import
    assert audience(make_campaign(name="Next")).filter(pk=again.pk).count() == 0

    with pytest.raises(CommandError, match="No subscriber"):
        call_command("doeners_subscriber_export", "nobody@x.example")
