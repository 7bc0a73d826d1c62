"""The campaign admin: viewsets, report with progress JSON, preview, actions, test
send, CSV export, GDPR export/erase and CSV import, as a superuser and as nobody."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.campaigns.conftest import make_campaign, make_subscribers
from wagtail_doeners.campaigns.models import Campaign, Segment, Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("boss", "boss@x.example", "pw")
    client.force_login(user)
    return client


def a(name, *args):
    return reverse(f"doeners_campaigns_admin:{name}", args=args)


def test_listings_and_add_form_with_validation(admin_client):
    make_subscribers(3)
    segment = Segment.objects.create(name="Kleine bedrijven", size_classes=[])
    for name in ("campaign", "segment", "subscriber"):
        response = admin_client.get(reverse(f"{name}:index"))
        assert response.status_code == 200, name
    assert b"Kleine bedrijven" in admin_client.get(reverse("segment:index")).content
    response = admin_client.post(
        reverse("campaign:add"),
        {
            "name": "Lente",
            "subject": "Lente",
            "greeting": "Beste",
            "follow_up_audience": "parent-not-clicked",
        },
    )
    assert response.status_code == 200  # re-shown with the error, nothing saved
    assert not Campaign.objects.filter(name="Lente").exists()
    response = admin_client.post(
        reverse("campaign:add"),
        {"name": "Lente", "subject": "Lente", "greeting": "Beste", "follow_up_audience": "all"},
    )
    assert response.status_code == 302
    assert Campaign.objects.filter(name="Lente").exists() and segment.pk


def test_report_progress_preview_actions_and_test_send(admin_client):
    make_subscribers(4)
    campaign = make_campaign()
    assert admin_client.get(a("report", campaign.pk)).status_code == 200
    data = admin_client.get(a("progress", campaign.pk)).json()
    assert data["status"] == "draft" and data["audience"] == 0
    html = admin_client.get(a("preview", campaign.pk)).content.decode()
    assert "Doeners" in html and "[[" not in html
    text = admin_client.get(a("preview", campaign.pk) + "?format=text").content.decode()
    assert "Beste" in text

    response = admin_client.post(
        a("action", campaign.pk, "test"), {"addresses": "a@x.example, nope"}
    )
    assert response.status_code == 302 and not mail.outbox
    admin_client.post(a("action", campaign.pk, "test"), {"addresses": "a@x.example"})
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("[TEST]")

    admin_client.post(a("action", campaign.pk, "schedule"), {"scheduled_at": "2001-01-01T10:00"})
    assert Campaign.objects.get(pk=campaign.pk).status == "draft"  # past time refused
    admin_client.post(a("action", campaign.pk, "schedule"), {"scheduled_at": "2099-01-01T10:00"})
    campaign.refresh_from_db()
    assert campaign.status == "scheduled"
    assert campaign.scheduled_at.isoformat().startswith("2099-01-01T09:00")  # Brussels time
    admin_client.post(a("action", campaign.pk, "pause"))
    assert Campaign.objects.get(pk=campaign.pk).status == "paused"
    admin_client.post(a("action", campaign.pk, "resume"))
    assert Campaign.objects.get(pk=campaign.pk).status == "scheduled"
    assert admin_client.post(a("action", campaign.pk, "explode")).status_code == 404
    admin_client.post(a("action", campaign.pk, "cancel"))
    assert Campaign.objects.get(pk=campaign.pk).status == "cancelled"
    response = admin_client.get(a("reports_csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert campaign.name in response.content.decode()


def test_subscriber_import_export_erase(admin_client):
    upload = io.BytesIO(b"email,postal_code\ngood@x.example,3500\nbad,3500\n")
    upload.name = "subs.csv"
    response = admin_client.post(a("subscriber_import"), {"file": upload})
    assert response.status_code == 200
    assert "line 3" in response.content.decode()
    sub = Subscriber.objects.get(email="good@x.example")
    data = json.loads(admin_client.get(a("subscriber_export", sub.pk)).content)
    assert data["email"] == "good@x.example"
    assert admin_client.get(a("subscriber_erase", sub.pk)).status_code == 200
    admin_client.post(a("subscriber_erase", sub.pk))
    assert Subscriber.objects.get(pk=sub.pk).status == "erased"


def test_admin_views_need_permissions(client):
    user = get_user_model().objects.create_user("nobody", "n@x.example", "pw")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    campaign = make_campaign()
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    response = client.get(a("progress", campaign.pk))
    assert response.status_code in (302, 403) and "json" not in response["Content-Type"]
    assert client.post(a("action", campaign.pk, "cancel")).status_code in (302, 403)
    assert Campaign.objects.get(pk=campaign.pk).status == "draft"
