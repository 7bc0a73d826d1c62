"""Audience building, segments, follow-ups, frequency cap and the freeze."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.campaigns.conftest import make_campaign, make_subscribers
from tests.factories import make_category
from wagtail_doeners.campaigns import sending
from wagtail_doeners.campaigns.audience import audience
from wagtail_doeners.campaigns.models import (
    Delivery,
    Segment,
    Subscriber,
    Suppression,
)
from wagtail_doeners.pages.models import Province

pytestmark = pytest.mark.django_db


def test_freeze_is_one_row_per_subscriber_and_idempotent():
    make_subscribers(30)
    make_subscribers(5, prefix="p").__len__()
    Subscriber.objects.filter(email__startswith="p").update(status="pending")
    campaign = make_campaign()
    assert sending.launch(campaign.pk) == 30
    assert sending.launch(campaign.pk) == 30  # already sending: nothing added
    from wagtail_doeners.campaigns.audience import freeze

    assert freeze(campaign) == 30  # the UNIQUE constraint absorbs a second insert
    assert Delivery.objects.filter(campaign=campaign).count() == 30


def test_scope_segment_and_suppression():
    lim = make_subscribers(10, province="limburg", size_class="small")
    make_subscribers(4, province="antwerpen", prefix="a", size_class="large")
    Suppression.add(lim[0].email, Suppression.Reason.UNSUBSCRIBED)
    provincial = make_campaign(province=Province.objects.get(slug="limburg"))
    assert audience(provincial).count() == 9
    segment = Segment.objects.create(name="Large", size_classes=["large"])
    flanders = make_campaign(segment=segment)
    assert audience(flanders).count() == 4
    cat = make_category()
    lim[1].interests.add(cat)
    segment2 = Segment.objects.create(name="Schoonmaak")
    segment2.interests.add(cat)
    assert list(segment2.subscribers()) == [lim[1]]


def test_segment_on_clicks_in_another_campaign():
    subs = make_subscribers(6)
    first = make_campaign()
    sending.launch(first.pk)
    Delivery.objects.filter(campaign=first).update(status="sent", sent_at=timezone.now())
    Delivery.objects.filter(campaign=first, subscriber__in=subs[:2]).update(
        clicked_at=timezone.now()
    )
    clicked = Segment.objects.create(
        name="c", campaign_condition="clicked", condition_campaign=first
    )
    not_clicked = Segment.objects.create(
        name="n", campaign_condition="not-clicked", condition_campaign=first
    )
    assert set(clicked.subscribers()) == set(subs[:2])
    assert set(not_clicked.subscribers()) == set(subs[2:])


def test_follow_up_builds_on_parent_and_respects_frequency_cap():
    limburg = Province.objects.get(slug="limburg")
    subs = make_subscribers(8)
    parent = make_campaign(name="Vlaanderen")
    sending.launch(parent.pk)
    Delivery.objects.filter(campaign=parent).update(status="sent", sent_at=timezone.now())
    Delivery.objects.filter(campaign=parent, subscriber__in=subs[:3]).update(
        clicked_at=timezone.now()
    )
    follow = make_campaign(
        name="Limburg",
        province=limburg,
        parent=parent,
        follow_up_audience="parent-not-clicked",
        frequency_cap_days=7,
    )
    follow.full_clean()
    # Everyone got the parent today: the cap stops all of them...
    assert audience(follow).count() == 0
    # ...unless the manager chooses to mail anyway.
    follow.ignore_frequency_cap = True
    assert set(audience(follow)) == set(subs[3:])
    # Mailed more than 7 days ago: the cap no longer applies.
    follow.ignore_frequency_cap = False
    Delivery.objects.filter(campaign=parent).update(sent_at=timezone.now() - timedelta(days=8))
    assert audience(follow).count() == 5


def test_a_follow_up_needs_a_flemish_parent_and_a_province():
    from django.core.exceptions import ValidationError

    parent = make_campaign(province=Province.objects.get(slug="limburg"))
    child = make_campaign(parent=parent, province=Province.objects.get(slug="antwerpen"))
    with pytest.raises(ValidationError) as exc:
        child.full_clean()
    assert "parent" in exc.value.message_dict
    lonely = make_campaign(follow_up_audience="parent-not-clicked")
    with pytest.raises(ValidationError):
        lonely.full_clean()
