"""HTML/JS injection: what visitors, companies and enterprise accounts type is
escaped wherever it is shown again: public pages, e-mails (HTML and text parts) and
the admin (listings, inspect views, the unmet-demand view, the evaluation dashboard).
Search highlights are checked against the real node in test_search_security.py."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_demand, make_enterprise, make_offering
from wagtail_doeners.campaigns.models import Campaign, Subscriber
from wagtail_doeners.campaigns.rendering import build_content, render_message
from wagtail_doeners.evaluation.models import Event
from wagtail_doeners.matchmaking.models import ContactRequest

from .conftest import LIMBURG, contact_payload

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
ATTR = '"><img src=x onerror=alert(1)>'
PAYLOADS = (SCRIPT, ATTR)


def assert_escaped(html):
    for raw in PAYLOADS:
        assert raw not in html, f"unescaped {raw!r}"
    assert "<script>alert" not in html
    assert "<img src=x" not in html


def test_public_pages_escape_page_fields(client, world):
    directory = world["limburg"]["directory"]
    enterprise = make_enterprise(
        directory, title=f"Werkplaats {SCRIPT}", postal_code="3500", municipality=ATTR
    )
    offering = make_offering(
        enterprise, title=f"Poetsen {ATTR}", summary=SCRIPT, category=world["category"]
    )
    demand = make_demand(world["limburg"]["demand_index"], title=f"Vraag {SCRIPT}", region=ATTR)
    for page in (enterprise, offering, demand, directory, world["limburg"]["demand_index"]):
        response = client.get(page.url, **LIMBURG)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert_escaped(html)
    assert "&lt;script&gt;" in client.get(offering.url, **LIMBURG).content.decode()

    contact = reverse("wagtail_doeners:matchmaking:contact", args=[offering.pk])
    assert_escaped(client.get(contact, **LIMBURG).content.decode())


def test_javascript_urls_are_refused_on_pages(world):
    with pytest.raises(ValidationError) as error:
        make_enterprise(world["limburg"]["directory"], website="javascript:alert(1)")
    assert "website" in error.value.message_dict


def test_search_page_escapes_the_query(client, world):
    url = reverse("wagtail_doeners:doeners_search")
    assert_escaped(client.get(url, {"q": ATTR, "near": SCRIPT}, **LIMBURG).content.decode())
    response = client.get(url, {"q": ATTR}, **LIMBURG)
    assert response.status_code == 200
    html = response.content.decode()
    assert_escaped(html)
    assert 'value="&quot;&gt;&lt;img' in html  # echoed in the search box, escaped


def test_contact_request_mails_are_plain_text_with_one_line_subjects(client, world, commit):
    url = reverse("wagtail_doeners:matchmaking:contact", args=[world["limburg"]["offering"].pk])
    data = contact_payload(
        company_name=f"{SCRIPT}\nBcc: victim@evil.example",
        contact_person=ATTR,
        message=f"{SCRIPT} {ATTR}",
    )
    response = commit(client.post, url, data, **LIMBURG)
    assert response.status_code == 302, response.content.decode()[:500]
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        # No HTML part that a mail client would render; the text part is shown as text.
        assert getattr(message, "alternatives", []) == []
        assert message.content_subtype == "plain"
        assert "\n" not in message.subject and "\r" not in message.subject
        assert "victim@evil.example" not in message.bcc + message.to + message.cc
        raw = message.message().as_string()
        assert "\nBcc: victim@evil.example" not in raw.split("\n\n", 1)[0]


def test_campaign_mail_escapes_subscriber_and_page_text(world):
    offering = world["limburg"]["offering"]
    offering.title = f"Aanbod {SCRIPT}"
    offering.summary = ATTR
    offering.save_revision().publish()
    campaign = Campaign.objects.create(
        name="Koop sociaal",
        subject="Ontdek de sociale economie",
        body="<p>Hallo</p>",
        greeting="Beste",
        frequency_cap_days=0,
    )
    campaign.featured_pages.add(offering)
    content = build_content(campaign)
    message = render_message(
        content, delivery_id=1, subscriber_id=1, email="a@x.example", first_name=ATTR
    )
    html = message.alternatives[0][0]
    assert_escaped(html)
    assert "Beste &quot;&gt;&lt;img" in html
    # The text part is not HTML: the name appears as typed, nothing is interpreted.
    assert f"Beste {ATTR}," in message.body


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@x.example", "pw")
    client.force_login(user)
    return client


def test_admin_listings_and_inspect_views(superuser_client, world):
    contact = ContactRequest.objects.create(
        province="limburg",
        offering=world["limburg"]["offering"],
        enterprise=world["limburg"]["enterprise"],
        company_name=SCRIPT,
        contact_person=ATTR,
        email="a@x.example",
        postal_code="3500",
        message=f"{SCRIPT}{ATTR}",
    )
    subscriber = Subscriber.objects.create(
        email="s@x.example", first_name=ATTR, company_name=SCRIPT
    )
    urls = [
        reverse("doeners_matchmaking_contactrequest_modeladmin_index"),
        reverse("doeners_matchmaking_contactrequest_modeladmin_inspect", args=[contact.pk]),
        reverse("subscriber:index"),
        reverse("subscriber:edit", args=[subscriber.pk]),
    ]
    for url in urls:
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode())
    listing = superuser_client.get(urls[0]).content.decode()
    assert "&lt;script&gt;" in listing


def test_visitor_search_text_is_escaped_in_unmet_view_and_dashboard(
    superuser_client, world, django_user_model
):
    for query in PAYLOADS:
        Event.objects.create(kind="search", province="limburg", query=query, result_count=0)
    unmet = superuser_client.get(reverse("doeners_matchmaking_unmet"))
    assert unmet.status_code == 200
    assert_escaped(unmet.content.decode())

    today = timezone.localdate()
    query = {
        "date_from": (today - timedelta(days=7)).isoformat(),
        "date_to": today.isoformat(),
        "province": "limburg",
    }
    staff = django_user_model.objects.create_user("analyst", password="pw")
    for codename in ("access_admin", "view_dashboard"):
        staff.user_permissions.add(Permission.objects.get(codename=codename))
    superuser_client.force_login(staff)
    dashboard = superuser_client.get(reverse("doeners_evaluation:dashboard"), query)
    assert dashboard.status_code == 200
    html = dashboard.content.decode()
    assert "&lt;script&gt;" in html  # the query is shown, escaped
    assert_escaped(html)


def test_demand_submission_moderation_screens(client, world, commit, django_user_model):
    from wagtail_doeners.matchmaking.models import DemandSubmission

    from .conftest import demand_payload

    data = demand_payload(
        world["category"], title=f"Vraag {SCRIPT}", description=ATTR, region=SCRIPT
    )
    url = reverse("wagtail_doeners:matchmaking:post_demand")
    assert commit(client.post, url, data, **LIMBURG).status_code == 302
    submission = DemandSubmission.objects.get()
    admin = django_user_model.objects.create_superuser("root", "root@x.example", "pw")
    client.force_login(admin)
    for url in (
        reverse("doeners_matchmaking_demandsubmission_modeladmin_index"),
        reverse("doeners_matchmaking_demandsubmission_modeladmin_inspect", args=[submission.pk]),
        reverse("doeners_matchmaking_moderate", args=[submission.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode())
    # Approved, it becomes a public DemandPage that shows the text escaped.
    approve = reverse("doeners_matchmaking_moderate", args=[submission.pk])
    assert commit(client.post, approve, {"action": "approve", "reason": ""}).status_code == 302
    submission.refresh_from_db()
    page = submission.demand_page
    assert page.live and page.title == f"Vraag {SCRIPT}"
    client.logout()
    public = client.get(page.url, **LIMBURG)
    assert public.status_code == 200
    assert_escaped(public.content.decode())
    assert "&lt;script&gt;" in public.content.decode()
