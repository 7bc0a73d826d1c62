"""Public demand submission → moderation → enterprises alerted (database fallback) →
response through a signed link → demand status and match."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import make_category, make_enterprise, make_offering
from tests.support import public_forms
from wagtail_doeners.matchmaking.alerts import alert_enterprises, database_candidates
from wagtail_doeners.matchmaking.models import (
    DemandAlert,
    DemandResponse,
    DemandSubmission,
    FollowUp,
    Match,
)
from wagtail_doeners.matchmaking.signing import response_token
from wagtail_doeners.pages.models import DemandPage, Province

from .conftest import aged_timestamp, assert_no_personal_data

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "limburg.test"}


def demand_payload(**overrides):
    return public_forms.demand_payload(
        **{
            "description": "Wekelijks 200 stuks werkkledij <b>strijken</b>.\n\nOphalen in Genk.",
            "region": "",
            "deadline": "",
            "budget_band": "5k-25k",
            **overrides,
        }
    )


@pytest.fixture
def submit(client, commit, category, limburg):
    def _submit(**overrides):
        data = demand_payload(form_ts=aged_timestamp(), **overrides)
        return commit(client.post, reverse("wagtail_doeners:matchmaking:post_demand"), data, **HOST)

    return _submit


def test_form_submission_enters_the_moderation_queue(submit, events):
    response = submit()
    assert response.status_code == 302, response.content.decode()[:3000]
    submission = DemandSubmission.objects.get()
    assert submission.status == "pending"
    assert submission.province == "limburg"
    assert submission.buyer_province == "limburg"
    assert submission.company_key == "kbo:0403170701"
    assert submission.category.slug == "schoonmaak"
    assert DemandPage.objects.count() == 0  # nothing public before moderation
    assert [m.to for m in mail.outbox] == [["an@bakkerij-janssens.example"]]
    assert [kind for kind, _ in events] == ["demand_submitted"]
    assert_no_personal_data(events)


def test_form_submission_errors(submit):
    response = submit(title="", category="nope", deadline="2001-01-01")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"title", "category", "deadline"} <= set(errors)
    assert DemandSubmission.objects.count() == 0


def test_api_submission(client, commit, category, limburg):
    payload = demand_payload(consent=True)
    payload.pop("website_url")
    payload.pop("deadline")
    response = commit(
        client.post, "/api/doeners/v1/demands/", payload, content_type="application/json", **HOST
    )
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "pending"
    assert DemandSubmission.objects.filter(pk=response.json()["id"], status="pending").exists()
    bad = client.post(
        "/api/doeners/v1/demands/",
        {**payload, "postal_code": "12"},
        content_type="application/json",
        **HOST,
    )
    assert bad.status_code == 400 and "postal_code" in bad.json()["errors"]


def test_api_submission_rate_limited(client, category, limburg, settings):
    settings.WAGTAIL_DOENERS = {**settings.WAGTAIL_DOENERS, "MATCHMAKING": {"RATE_LIMIT_PER_IP": 1}}
    payload = demand_payload(consent=True)
    payload.pop("website_url")
    payload.pop("deadline")
    url = "/api/doeners/v1/demands/"
    assert client.post(url, payload, content_type="application/json").status_code == 202
    again = client.post(url, payload, content_type="application/json")
    assert again.status_code == 429
    assert again["Retry-After"]


@pytest.fixture
def near_enterprise(limburg, category):
    """Hasselt, serves Limburg: matches."""
    enterprise = make_enterprise(
        limburg["directory"],
        title="Maatwerk Hasselt",
        postal_code="3500",
        contact_email="hasselt@maatwerk.example",
    )
    enterprise.service_provinces.add(Province.objects.get(slug="limburg"))
    enterprise.save_revision().publish()
    make_offering(enterprise, title="Strijkatelier", category=category)
    return enterprise


@pytest.fixture
def far_enterprise(limburg, category):
    """Brugge, 20 km radius: does not deliver in Genk."""
    enterprise = make_enterprise(
        limburg["directory"],
        title="Werkplaats Brugge",
        postal_code="8000",
        contact_email="brugge@werkplaats.example",
        service_radius_km=20,
    )
    make_offering(enterprise, title="Schoonmaak Brugge", category=category)
    return enterprise


@pytest.fixture
def other_category_enterprise(limburg):
    enterprise = make_enterprise(
        limburg["directory"],
        title="Groendienst Genk",
        postal_code="3600",
        contact_email="groen@genk.example",
    )
    make_offering(enterprise, title="Groenonderhoud", category=make_category("groen", "Groen"))
    return enterprise


def _approve(admin_client, commit, submission):
    url = reverse("doeners_matchmaking_moderate", args=[submission.pk])
    assert admin_client.get(url).status_code == 200
    return commit(admin_client.post, url, {"action": "approve", "reason": ""})


def test_moderation_approve_publishes_without_private_data_and_alerts(
    submit,
    admin_client,
    commit,
    near_enterprise,
    far_enterprise,
    other_category_enterprise,
    events,
    limburg,
):
    submit()
    submission = DemandSubmission.objects.get()
    mail.outbox.clear()
    response = _approve(admin_client, commit, submission)
    assert response.status_code == 302

    submission.refresh_from_db()
    assert submission.status == "approved" and submission.moderated_at
    page = submission.demand_page
    assert page.live and page.get_parent().pk == limburg["demands"].pk
    assert page.status == "open"
    # No private data on the public page record, escaped HTML in the description.
    for field in ("company_name", "company_kbo", "contact_person", "contact_email"):
        assert getattr(page, field) == ""
    assert "<b>" not in page.description and "&lt;b&gt;" in page.description
    api = admin_client.get(f"/api/v2/pages/{page.pk}/", HTTP_HOST="limburg.test")
    assert api.status_code == 200, api.content
    body = api.content.decode()
    assert "Wie strijkt onze werkkledij?" in body
    for value in ("Bakkerij Janssens", "An Janssens", "an@bakkerij-janssens.example"):
        assert value not in body

    alerts = DemandAlert.objects.filter(demand=page)
    assert [a.enterprise_id for a in alerts] == [near_enterprise.pk]
    alert = alerts.get()
    assert alert.sent_at and alert.distance_km is not None and alert.distance_km < 30
    assert [m.to for m in mail.outbox] == [["hasselt@maatwerk.example"]]
    assert "/antwoord/" in mail.outbox[0].body
    assert "an@bakkerij-janssens.example" not in mail.outbox[0].body
    kinds = [kind for kind, _ in events]
    assert kinds == ["demand_submitted", "demand_approved"]
    assert_no_personal_data(events)

    # Alerting again sends nothing twice.
    assert alert_enterprises(page) == []


def test_moderation_reject_mails_the_reason(submit, admin_client, commit):
    submit()
    submission = DemandSubmission.objects.get()
    mail.outbox.clear()
    url = reverse("doeners_matchmaking_moderate", args=[submission.pk])
    missing = admin_client.post(url, {"action": "reject", "reason": " "})
    assert missing.status_code == 400
    response = commit(
        admin_client.post, url, {"action": "reject", "reason": "Dit is een vacature."}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "rejected" and submission.demand_page is None
    assert [m.to for m in mail.outbox] == [["an@bakkerij-janssens.example"]]
    assert "Dit is een vacature." in mail.outbox[0].body
    assert DemandPage.objects.count() == 0


def test_moderation_needs_permission(submit, client, django_user_model):
    submit()
    submission = DemandSubmission.objects.get()
    user = django_user_model.objects.create_user("editor", password="pw")
    client.force_login(user)
    url = reverse("doeners_matchmaking_moderate", args=[submission.pk])
    response = client.post(url, {"action": "approve"})
    assert response.status_code in (302, 403)
    submission.refresh_from_db()
    assert submission.status == "pending"


def test_alerts_are_throttled_and_capped(limburg, category, settings, commit):
    from tests.factories import make_demand

    enterprises = []
    for n in range(4):
        e = make_enterprise(
            limburg["directory"],
            title=f"Onderneming {n}",
            postal_code="3500",
            contact_email=f"e{n}@x.example",
            service_radius_km=100,
        )
        make_offering(e, title=f"Aanbod {n}", category=category)
        enterprises.append(e)
    settings.WAGTAIL_DOENERS = {
        **settings.WAGTAIL_DOENERS,
        "MATCHMAKING": {"ALERT_TOP_N": 3, "ALERT_MAX_PER_ENTERPRISE_PER_DAY": 1},
    }
    first = make_demand(limburg["demands"], title="Vraag 1", category=category)
    second = make_demand(limburg["demands"], title="Vraag 2", category=category)
    assert len(database_candidates(first)) == 4
    assert len(alert_enterprises(first)) == 3  # top N
    sent_second = alert_enterprises(second)
    # Three enterprises had their one alert today: only the fourth is left.
    assert len(sent_second) == 1
    assert DemandAlert.objects.filter(demand=second).get().enterprise_id not in {
        a.enterprise_id for a in DemandAlert.objects.filter(demand=first)
    }


def _respond_path(demand, enterprise):
    return reverse(
        "wagtail_doeners:matchmaking:respond", args=[response_token(demand.pk, enterprise.pk)]
    )


def test_response_through_signed_link_is_forwarded_and_moves_status(
    submit, admin_client, client, commit, near_enterprise, events
):
    submit()
    _approve(admin_client, commit, DemandSubmission.objects.get())
    page = DemandPage.objects.get()
    link = re.search(r"https?://\S+/antwoord/\S+/", mail.outbox[-1].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    mail.outbox.clear()

    assert client.get(path).status_code == 200
    response = commit(client.post, path, {"message": "Wij kunnen dat, vanaf maart."})
    assert response.status_code == 200
    reply = DemandResponse.objects.get()
    assert reply.enterprise_id == near_enterprise.pk and reply.via == "link"
    assert reply.forwarded_at is not None
    page.refresh_from_db()
    assert page.status == "answered"
    # The editor's copy (latest revision) agrees, so the next edit keeps the status.
    assert page.get_latest_revision_as_object().status == "answered"
    assert [m.to for m in mail.outbox] == [["an@bakkerij-janssens.example"]]
    assert "Wij kunnen dat, vanaf maart." in mail.outbox[0].body

    match = Match.objects.get()
    assert match.source == "demand_response" and match.demand_response_id == reply.pk
    assert match.company_key == "kbo:0403170701"
    assert match.category.slug == "schoonmaak"

    # The same link cannot answer twice.
    again = client.post(path, {"message": "Nog eens"})
    assert DemandResponse.objects.count() == 1
    assert "already answered" in again.content.decode()

    # A confirmed collaboration marks the demand matched.
    from wagtail_doeners.matchmaking.followups import record_answer

    followup = FollowUp.objects.create(match=match, step=30, side="company")
    record_answer(followup, "yes", value_band="lt-5k")
    page.refresh_from_db()
    assert page.status == "matched"
    page.get_latest_revision_as_object().save_revision().publish()
    page.refresh_from_db()
    assert page.status == "matched"
    assert [k for k, _ in events if k.startswith("demand")] == [
        "demand_submitted",
        "demand_approved",
        "demand_response",
    ]
    assert_no_personal_data(events)


def test_tampered_response_link_is_refused(limburg, category, near_enterprise, client):
    from tests.factories import make_demand

    demand = make_demand(limburg["demands"], category=category)
    path = _respond_path(demand, near_enterprise)
    assert client.post(path[:-3] + "zz/", {"message": "x"}).status_code == 400
    assert DemandResponse.objects.count() == 0


def test_unmet_demand_view(admin_client, limburg, category):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import make_demand
    from wagtail_doeners.matchmaking.demands import unmet_demands

    old = make_demand(limburg["demands"], title="Oude vraag", category=category)
    DemandPage.objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - timedelta(days=45)
    )
    make_demand(limburg["demands"], title="Nieuwe vraag", category=category)
    assert [d.title for d in unmet_demands()] == ["Oude vraag"]
    response = admin_client.get(reverse("doeners_matchmaking_unmet"))
    assert response.status_code == 200
    assert "Oude vraag" in response.content.decode()
    assert "Nieuwe vraag" not in response.content.decode()


def test_enterprise_account_answers_from_the_admin(
    limburg, category, near_enterprise, far_enterprise, client, commit
):
    from tests.factories import make_demand
    from wagtail_doeners.pages.permissions import setup_enterprise_account

    demand = make_demand(limburg["demands"], title="Ramen wassen", category=category)
    DemandAlert.objects.create(demand=demand, enterprise=near_enterprise, score=1)
    user, _ = setup_enterprise_account(near_enterprise, "hasselt", password="pw-Hasselt-1")
    client.force_login(user)
    listing = client.get(reverse("doeners_matchmaking_enterprise_demands"))
    assert listing.status_code == 200
    assert "Ramen wassen" in listing.content.decode()
    assert "matches your offering" in listing.content.decode()

    url = reverse("doeners_matchmaking_enterprise_respond", args=[demand.pk])
    # Cannot answer in another enterprise's name.
    forged = client.post(url, {"enterprise": far_enterprise.pk, "message": "Wij!"})
    assert forged.status_code == 400
    response = commit(
        client.post, url, {"enterprise": near_enterprise.pk, "message": "Wij doen dat graag."}
    )
    assert response.status_code == 302
    reply = DemandResponse.objects.get()
    assert (reply.enterprise_id, reply.via) == (near_enterprise.pk, "account")
    demand.refresh_from_db()
    assert demand.status == "answered"
    assert Match.objects.filter(demand_response=reply).exists()


def test_provincial_editor_is_not_an_enterprise_account(limburg, client, django_user_model):
    from wagtail_doeners.pages.permissions import add_to_province_group

    user = django_user_model.objects.create_user("redactie", password="pw")
    add_to_province_group(user, "limburg")
    client.force_login(user)
    assert client.get(reverse("doeners_matchmaking_enterprise_demands")).status_code in (302, 403)


def test_unmet_view_lists_zero_result_searches(admin_client, limburg):
    from wagtail_doeners.events import record_event

    for _ in range(3):
        record_event("search", province="limburg", query="houten paletten", result_count=0)
    record_event("search", province="limburg", query="schoonmaak", result_count=12)
    response = admin_client.get(reverse("doeners_matchmaking_unmet"))
    body = response.content.decode()
    assert "houten paletten" in body
    assert "<td>3</td>" in body
    assert "schoonmaak</td>" not in body
