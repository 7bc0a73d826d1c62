"""The event log: the receiver stores typed events and never personal data."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.factories import make_enterprise, make_offering, make_province_site
from wagtail_doeners.evaluation.models import Event
from wagtail_doeners.evaluation.retention import purge_events
from wagtail_doeners.events import record_event

PERSONAL = {
    "name": "Jan Peeters",
    "email": "jan@bedrijf.be",
    "e-mail": "jan@bedrijf.be",
    "phone": "+32 470 12 34 56",
    "ip": "192.0.2.10",
    "contact_person": "Jan Peeters",
    "contact_email": "jan@bedrijf.be",
    "company_name": "Peeters BV",
    "message": "Bel me op 0470123456",
}


@pytest.mark.django_db
def test_search_event_is_stored_with_typed_columns():
    record_event(
        "search",
        province="limburg",
        query="strijkdienst",
        result_count=0,
        category="strijk",
        filters={"category": "strijk", "province": "limburg"},
    )
    event = Event.objects.get()
    assert (event.kind, event.province, event.query, event.result_count, event.category) == (
        "search",
        "limburg",
        "strijkdienst",
        0,
        "strijk",
    )
    assert event.data == {"filters": {"category": "strijk", "province": "limburg"}}


@pytest.mark.django_db
def test_personal_keys_are_stripped_at_any_depth():
    record_event(
        "contact_request",
        province="antwerpen",
        company_key="kbo:0403170701",
        nace_section="C",
        size_class="small",
        offering_id=7,
        **PERSONAL,
        extra={"nested": {"email": "x@y.be", "ok": 1}, "contact_phone": "1"},
    )
    event = Event.objects.get()
    stored = str(event.data) + str([getattr(event, f.attname) for f in Event._meta.fields])
    for value in PERSONAL.values():
        assert value not in stored
    assert event.data == {"extra": {"nested": {"ok": 1}}}
    assert (event.company_key, event.nace_section, event.offering_id) == ("kbo:0403170701", "C", 7)


@pytest.mark.django_db
def test_email_and_phone_typed_in_a_search_are_masked():
    record_event("search", query="mail jan@bedrijf.be of bel 0470 12 34 56", result_count=3)
    event = Event.objects.get()
    assert "jan@bedrijf.be" not in event.query and "0470" not in event.query
    assert event.query == "mail [email] of bel [phone]"
    assert event.province == "vlaams-brabant"  # the install's province by default


@pytest.mark.django_db
def test_unknown_kind_is_ignored_and_query_only_kept_for_searches():
    record_event("made_up", province="limburg")
    record_event("offering_view", query="should not be kept", offering_id=3)
    assert list(Event.objects.values_list("kind", "query")) == [("offering_view", "")]


@pytest.mark.django_db
def test_page_views_are_recorded_without_cookies(client):
    site, directory, _demands = make_province_site("limburg", hostname="limburg.test")
    enterprise = make_enterprise(directory, postal_code="3500")
    offering = make_offering(enterprise)
    response = client.get(
        offering.url_path.replace(site.root_page.url_path, "/"), HTTP_HOST="limburg.test"
    )
    assert response.status_code == 200
    # Only the contact form's CSRF cookie; the view hook sets none of its own.
    assert set(response.cookies) <= {"csrftoken"}
    client.get(enterprise.url_path.replace(site.root_page.url_path, "/"), HTTP_HOST="limburg.test")
    views = {e.kind: e for e in Event.objects.all()}
    assert views["offering_view"].offering_id == offering.pk
    assert views["offering_view"].enterprise_id == enterprise.pk
    assert views["offering_view"].province == "limburg"
    assert views["offering_view"].category == offering.category.slug
    assert views["enterprise_view"].supplier_province == "limburg"
    assert "192.0.2" not in str(views["offering_view"].data)


@pytest.mark.django_db
def test_retention_purges_old_events_only():
    now = timezone.now()
    record_event("search", query="oud", occurred_at=now - timedelta(days=400))
    record_event("search", query="nieuw", occurred_at=now - timedelta(days=10))
    with override_settings(WAGTAIL_DOENERS={"EVALUATION": {"RETENTION_DAYS": 365}}):
        assert purge_events() == 1
    assert list(Event.objects.values_list("query", flat=True)) == ["nieuw"]
    with override_settings(WAGTAIL_DOENERS={"EVALUATION": {"RETENTION_DAYS": None}}):
        assert purge_events() == 0


@pytest.mark.django_db
def test_search_service_filters_give_the_category_and_matchmaking_kinds_are_kept():
    # The shape wagtail_doeners.search.service.run_search records.
    record_event(
        "search",
        query="catering",
        result_count=0,
        filters={"category": ["catering"], "province": ["limburg"]},
    )
    record_event("search", query="x", result_count=2, filters={"category": ["a", "b"]})
    record_event("demand_approved", demand_id=4, hours_in_moderation=2.5)
    rows = {e.kind + e.query: e for e in Event.objects.all()}
    assert rows["searchcatering"].category == "catering"
    assert rows["searchx"].category == ""  # several categories: no single dimension
    assert rows["demand_approved"].demand_id == 4
    assert rows["demand_approved"].data == {"hours_in_moderation": 2.5}
