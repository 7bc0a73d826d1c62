"""Permissions across provinces, filling the gaps of tests/pages/test_permissions.py,
tests/pages/test_modeladmin.py and tests/campaigns/test_admin.py: a Limburg editor
(who also manages campaigns) never sees or changes Antwerpen's contact requests,
demand submissions, matches, campaigns or subscribers (listings, inspect/edit/delete,
reports, exports, admin search); an enterprise account acts only as itself; personal
evaluation records only for the user's own province."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from wagtail_doeners.campaigns.models import Campaign, Subscriber
from wagtail_doeners.conf import PROVINCES
from wagtail_doeners.evaluation.views.dashboard import personal_records_allowed
from wagtail_doeners.matchmaking.models import ContactRequest, DemandResponse, DemandSubmission
from wagtail_doeners.pages.models import Province
from wagtail_doeners.pages.permissions import add_to_province_group, setup_enterprise_account

from .conftest import ANTWERPEN, LIMBURG, contact_payload, demand_payload

pytestmark = pytest.mark.django_db

CAMPAIGN_PERMS = [
    f"{action}_{model}"
    for action in ("view", "add", "change", "delete")
    for model in ("campaign", "subscriber")
]


def _refused(response):
    # Wagtail turns PermissionDenied into a redirect with a message; scoped lookups 404.
    return response.status_code in (302, 403, 404)


def _province(slug):
    nuts2, nl, en = PROVINCES[slug]
    return Province.objects.get_or_create(
        slug=slug, defaults={"nuts2": nuts2, "name_nl": nl, "name_en": en}
    )[0]


@pytest.fixture
def data(world, client, commit):
    for province, host, postal in (("limburg", LIMBURG, "3600"), ("antwerpen", ANTWERPEN, "2000")):
        offering = world[province]["offering"]
        url = reverse("wagtail_doeners:matchmaking:contact", args=[offering.pk])
        data = contact_payload(company_name=f"Klant {province}", email=f"k@{province}.example")
        assert commit(client.post, url, data, **host).status_code == 302
        demand_url = reverse("wagtail_doeners:matchmaking:post_demand")
        data = demand_payload(world["category"], title=f"Vraag {province}", postal_code=postal)
        assert commit(client.post, demand_url, data, **host).status_code == 302
    campaigns, subscribers = {}, {}
    for province, postal in (("limburg", "3500"), ("antwerpen", "2000")):
        campaigns[province] = Campaign.objects.create(
            name=f"Campagne {province}",
            subject=f"Nieuws {province}",
            body="<p>x</p>",
            province=_province(province),
            frequency_cap_days=0,
        )
        subscribers[province] = Subscriber.objects.create(
            email=f"lid@{province}.example",
            company_name=f"Lid {province}",
            postal_code=postal,
            status=Subscriber.Status.CONFIRMED,
        )
        assert subscribers[province].province.slug == province
    return {
        "contacts": {c.province: c for c in ContactRequest.objects.all()},
        "submissions": {s.province: s for s in DemandSubmission.objects.all()},
        "campaigns": campaigns,
        "subscribers": subscribers,
    }


def _limburg_editor():
    user = get_user_model().objects.create_user("limburg-editor", password="pw")
    add_to_province_group(user, "limburg")
    for codename in CAMPAIGN_PERMS:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="doeners_campaigns", codename=codename)
        )
    return user


@pytest.fixture
def editor(client, world):
    user = _limburg_editor()
    client.force_login(user)
    return user


def test_matchmaking_rows_of_another_province(client, data, editor, commit):
    own, other = data["contacts"]["limburg"], data["contacts"]["antwerpen"]
    index = reverse("doeners_matchmaking_contactrequest_modeladmin_index")
    listing = client.get(index)
    assert listing.status_code == 200
    assert [c.pk for c in listing.context["object_list"]] == [own.pk]
    searched = client.get(index, {"q": "Klant"})
    assert [c.pk for c in searched.context["object_list"]] == [own.pk]
    inspect = "doeners_matchmaking_contactrequest_modeladmin_inspect"
    assert client.get(reverse(inspect, args=[own.pk])).status_code == 200
    assert _refused(client.get(reverse(inspect, args=[other.pk])))

    subs = data["submissions"]
    index = reverse("doeners_matchmaking_demandsubmission_modeladmin_index")
    assert [s.pk for s in client.get(index).context["object_list"]] == [subs["limburg"].pk]
    moderate = reverse("doeners_matchmaking_moderate", args=[subs["antwerpen"].pk])
    assert _refused(client.get(moderate))
    assert _refused(commit(client.post, moderate, {"action": "approve", "reason": ""}))
    subs["antwerpen"].refresh_from_db()
    assert subs["antwerpen"].status == "pending"


def test_campaigns_of_another_province(client, data, editor):
    own, other = data["campaigns"]["limburg"], data["campaigns"]["antwerpen"]
    listing = client.get(reverse("campaign:index"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Campagne limburg" in html and "Campagne antwerpen" not in html
    searched = client.get(reverse("campaign:index"), {"q": "Campagne"}).content.decode()
    assert "Campagne antwerpen" not in searched
    assert client.get(reverse("campaign:edit", args=[own.pk])).status_code == 200
    for name in ("campaign:edit", "campaign:delete", "campaign:history"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404, name
    assert client.post(reverse("campaign:delete", args=[other.pk])).status_code == 404
    for name in ("report", "progress", "preview"):
        url = reverse(f"doeners_campaigns_admin:{name}", args=[other.pk])
        assert client.get(url).status_code == 404, name
    cancel = reverse("doeners_campaigns_admin:action", args=[other.pk, "cancel"])
    assert client.post(cancel).status_code == 404
    other.refresh_from_db()
    assert other.status == "draft"
    csv = client.get(reverse("doeners_campaigns_admin:reports_csv")).content.decode()
    assert "Campagne limburg" in csv and "Campagne antwerpen" not in csv


def test_campaign_form_offers_only_own_province(client, data, editor):
    form = client.get(reverse("campaign:add")).context["form"]
    assert [p.slug for p in form.fields["province"].queryset] == ["limburg"]
    fields = {
        "name": "Sneaky",
        "subject": "Nieuws",
        "follow_up_audience": "all",
        "frequency_cap_days": "0",
        "greeting": "Beste",
    }
    for province in (str(_province("antwerpen").pk), ""):  # another province, Flanders
        response = client.post(reverse("campaign:add"), {**fields, "province": province})
        assert response.status_code == 200
        assert "province" in response.context["form"].errors
    assert not Campaign.objects.filter(name="Sneaky").exists()
    own = client.post(reverse("campaign:add"), {**fields, "province": _province("limburg").pk})
    assert own.status_code == 302
    assert Campaign.objects.get(name="Sneaky").province.slug == "limburg"


def test_subscribers_of_another_province(client, data, editor):
    own, other = data["subscribers"]["limburg"], data["subscribers"]["antwerpen"]
    html = client.get(reverse("subscriber:index")).content.decode()
    assert own.email in html and other.email not in html
    assert other.email not in client.get(reverse("subscriber:index"), {"q": "lid"}).content.decode()
    assert client.get(reverse("subscriber:edit", args=[own.pk])).status_code == 200
    for name in ("subscriber:edit", "subscriber:delete"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404, name
    export = reverse("doeners_campaigns_admin:subscriber_export", args=[other.pk])
    assert client.get(export).status_code == 404
    assert client.get(reverse("doeners_campaigns_admin:subscriber_export", args=[own.pk])).json()
    erase = reverse("doeners_campaigns_admin:subscriber_erase", args=[other.pk])
    assert client.post(erase).status_code == 404
    other.refresh_from_db()
    assert other.status == Subscriber.Status.CONFIRMED


def test_admin_page_search_and_explorer(client, world, editor):
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "Werkplaats"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Werkplaats limburg" in html
    assert "Werkplaats antwerpen" not in html
    explore = reverse("wagtailadmin_explore", args=[world["antwerpen"]["directory"].pk])
    assert _refused(client.get(explore))


def test_enterprise_account_answers_only_as_itself(client, world, data):
    own = world["limburg"]["enterprise"]
    other = world["antwerpen"]["enterprise"]
    user, _ = setup_enterprise_account(own, "vlier", password="pw")
    client.force_login(user)
    demand = world["limburg"]["demand"]
    url = reverse("doeners_matchmaking_enterprise_respond", args=[demand.pk])
    response = client.post(url, {"enterprise": other.pk, "message": "Namens een ander"})
    assert response.status_code == 400
    assert "enterprise" in response.context["form"].errors
    assert not DemandResponse.objects.exists()
    # Nothing of the provincial admin screens.
    for url in (
        reverse("doeners_matchmaking_contactrequest_modeladmin_index"),
        reverse("campaign:index"),
        reverse("subscriber:index"),
        reverse("doeners_evaluation:dashboard"),
    ):
        assert _refused(client.get(url)), url


def test_personal_evaluation_records_only_for_own_province(client, ledger, django_user_model):
    editor = _limburg_editor()
    for codename in ("access_admin", "view_dashboard", "view_personal_records"):
        editor.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(editor)
    editor = django_user_model.objects.get(pk=editor.pk)  # fresh permission cache
    assert personal_records_allowed(editor, "limburg")
    assert not personal_records_allowed(editor, "antwerpen")
    assert not personal_records_allowed(editor, None)  # all provinces at once

    def export(province):
        url = reverse("doeners_evaluation:export", args=["contact_requests"])
        query = {"date_from": "2025-06-01", "date_to": "2026-08-31", "province": province}
        response = client.get(url, query)
        assert response.status_code == 200
        return response.content.decode()

    assert "Jan Peeters" in export("limburg")
    assert "Jan Peeters" not in export("antwerpen")
    assert "Jan Peeters" not in export("")

    flanders = django_user_model.objects.create_user("flanders-analyst", password="pw")
    flanders.user_permissions.add(Permission.objects.get(codename="view_personal_records"))
    assert personal_records_allowed(flanders, "antwerpen")  # no province tree: install-wide
    plain = django_user_model.objects.create_user("analyst", password="pw")
    assert not personal_records_allowed(plain, "limburg")
