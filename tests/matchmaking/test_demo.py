"""The demo history generator: realistic, consistent, idempotent."""

import random

import pytest

from tests.factories import make_category, make_demand, make_enterprise, make_offering
from wagtail_doeners.matchmaking.demo import load_demo
from wagtail_doeners.matchmaking.models import (
    ContactRequest,
    DemandResponse,
    FollowUp,
    GoodPractice,
    Match,
    MatchStatusChange,
)

pytestmark = pytest.mark.django_db


def test_demo_history(limburg, category):
    other = make_category("groen", "Groen")
    for n in range(4):
        e = make_enterprise(limburg["directory"], title=f"Onderneming {n}", postal_code="3500")
        make_offering(e, title=f"Aanbod {n}", category=category if n % 2 else other)
    for n in range(6):
        make_demand(limburg["demands"], title=f"Vraag {n}", category=category)

    counts = load_demo(rng=random.Random(7), scale=0.2)
    assert counts["contact_requests"] == ContactRequest.objects.count() >= 30
    matches = Match.objects.all()
    assert matches.count() == counts["contact_matches"] + counts["demand_matches"]
    confirmed = matches.filter(status="confirmed")
    assert confirmed.exists()
    assert not confirmed.filter(value_band="").exists()
    assert not confirmed.filter(confirmed_at__isnull=True).exists()
    # Every match has its history, starting at contacted.
    assert MatchStatusChange.objects.filter(to_status="contacted").count() == matches.count()
    for match in confirmed[:5]:
        assert match.created_at <= match.replied_at <= match.confirmed_at
    assert DemandResponse.objects.count() == counts["demand_responses"]
    assert FollowUp.objects.count() == counts["followups"] > 0
    assert (
        GoodPractice.objects.filter(match__status="confirmed").count() == (counts["good_practices"])
    )
    # Idempotent.
    assert load_demo(rng=random.Random(7), scale=0.2) == {}
    assert ContactRequest.objects.count() == counts["contact_requests"]
