import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import (
    make_category,
    make_demand,
    make_enterprise,
    make_kbo,
    make_offering,
    make_province_site,
)
from wagtail_doeners.geo import lookup_postal_code
from wagtail_doeners.pages.models import EnterprisePage, OfferingPage
from wagtail_doeners.validators import clean_kbo

pytestmark = pytest.mark.django_db


def test_kbo_is_normalised_and_checked():
    assert clean_kbo("BE 0403 170 701") == "0403.170.701"
    with pytest.raises(ValidationError, match="not a valid KBO"):
        clean_kbo("0403.170.702")


def test_make_kbo_gives_valid_numbers():
    for n in range(50):
        clean_kbo(make_kbo(n))


@pytest.mark.parametrize(
    "code,province",
    [
        ("3500", "limburg"),
        ("3000", "vlaams-brabant"),
        ("1000", "brussel"),
        ("8500", "west-vlaanderen"),
        ("9000", "oost-vlaanderen"),
        ("2000", "antwerpen"),
        ("1300", None),
    ],
)
def test_postal_code_lookup_uses_the_table_not_digit_ranges(code, province):
    record = lookup_postal_code(code)
    if province is None:  # Wavre: Walloon Brabant, not a Flemish province
        assert record.province == "waals-brabant"
    else:
        assert record.province == province


def test_enterprise_derives_province_and_rejects_unknown_postal_code():
    _, directory, _ = make_province_site("limburg")
    enterprise = make_enterprise(directory, postal_code="3500")
    assert enterprise.province == "limburg"
    assert enterprise.municipality == "Hasselt"
    assert enterprise.latitude == pytest.approx(50.93, abs=0.05)
    bad = EnterprisePage(
        title="X", kbo_number=make_kbo(), recognition_type="lde", postal_code="9999"
    )
    with pytest.raises(ValidationError) as exc:
        directory.add_child(instance=bad)
    assert "not a known Belgian postal code" in str(exc.value)
    assert not EnterprisePage.objects.filter(title="X").exists()


def test_duplicate_and_invalid_kbo_are_refused():
    _, directory, _ = make_province_site("limburg")
    first = make_enterprise(directory, kbo_number="0403170701")
    assert first.kbo_number == "0403.170.701"
    dup = EnterprisePage(
        title="Dup", kbo_number="BE0403170701", recognition_type="lde", postal_code="3500"
    )
    with pytest.raises(ValidationError, match="already used"):
        directory.add_child(instance=dup)
    bad = EnterprisePage(
        title="Bad", kbo_number="0403170702", recognition_type="lde", postal_code="3500"
    )
    with pytest.raises(ValidationError, match="not a valid KBO"):
        directory.add_child(instance=bad)
    assert EnterprisePage.objects.count() == 1


def test_offering_outside_an_enterprise_is_refused():
    _, directory, demands = make_province_site("limburg")
    offering = OfferingPage(title="Los", summary="x", category=make_category())
    with pytest.raises(ValidationError, match="only be placed under an enterprise"):
        directory.add_child(instance=offering)
    assert not OfferingPage.objects.exists()
    assert not OfferingPage.can_create_at(directory)
    assert OfferingPage.can_create_at(make_enterprise(directory))


def test_deadline_in_the_past_is_refused_but_old_demands_stay_editable():
    _, _, index = make_province_site("limburg")
    with pytest.raises(ValidationError, match="deadline cannot be in the past"):
        make_demand(index, deadline=datetime.date(2020, 1, 1))
    demand = make_demand(index, deadline=datetime.date.today() + datetime.timedelta(days=3))
    # Once the deadline passes, editing something else must still work.
    type(demand).objects.filter(pk=demand.pk).update(deadline=datetime.date(2020, 1, 1))
    demand.refresh_from_db()
    demand.status = "closed-unmet"
    demand.save()


def test_offering_inherits_service_area():
    from wagtail_doeners.pages.models import Province

    _, directory, _ = make_province_site("limburg")
    enterprise = make_enterprise(directory)
    enterprise.service_provinces.set(Province.objects.filter(slug__in=["limburg", "antwerpen"]))
    enterprise.save()
    offering = make_offering(enterprise)
    assert sorted(offering.effective_service_provinces) == ["antwerpen", "limburg"]
    offering.service_radius_km = 30
    assert offering.effective_service_provinces == []
    assert offering.effective_service_radius_km == 30
