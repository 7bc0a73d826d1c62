"""``manage.py doeners_demo_data``: idempotent, seedable, scalable, strict about arguments."""

import io
import random

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from wagtail_doeners.conf import FLEMISH_PROVINCES
from wagtail_doeners.demo.loader import (
    DemoOptions,
    _postal_pools,
    demand_specs,
    ensure_taxonomies,
    enterprise_specs,
    offering_specs,
)
from wagtail_doeners.geo import lookup_postal_code
from wagtail_doeners.pages.models import DemandPage, EnterprisePage, OfferingPage
from wagtail_doeners.pages.permissions import user_provinces
from wagtail_doeners.pages.provinces import get_page_province
from wagtail_doeners.validators import clean_kbo

pytestmark = pytest.mark.django_db

SMALL = ["--enterprises", "12", "--offerings-per-enterprise", "2", "--demands", "8"]


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("doeners_demo_data", *SMALL, *args, stdout=out, stderr=err)
    # Sub-app loaders (demo.py) must not fail either.
    assert "FAILED" not in err.getvalue(), err.getvalue()
    return out.getvalue()


def _snapshot():
    return {
        "pages": Page.objects.count(),
        "enterprises": sorted(EnterprisePage.objects.values_list("kbo_number", "title")),
        "offerings": sorted(OfferingPage.objects.values_list("title", "category__slug")),
        # Not the status: sub-app demo loaders (matchmaking) move demands along the funnel.
        "demands": sorted(DemandPage.objects.values_list("slug", "kind", "category__slug")),
        "sites": sorted(Site.objects.values_list("hostname", "port", "is_default_site")),
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
    }


def test_second_run_changes_nothing():
    output = _run("--seed", "5")
    first = _snapshot()
    assert len(first["enterprises"]) == 12
    assert len(first["demands"]) == 8
    assert len(first["offerings"]) > 0
    assert "admin / doeners-demo" in output

    output = _run("--seed", "5")
    assert _snapshot() == first
    assert "created now: 0 enterprises, 0 offerings, 0 demands" in output
    assert Page.find_problems() == ([], [], [], [], [])


def test_tree_sites_and_data_are_consistent():
    _run("--seed", "11", "--port", "8010")
    sites = Site.objects.filter(hostname__endswith=".localhost")
    assert sorted(s.hostname for s in sites) == sorted(f"{p}.localhost" for p in FLEMISH_PROVINCES)
    assert {s.port for s in sites} == {8010}
    assert Site.objects.get(is_default_site=True).hostname == "vlaams-brabant.localhost"
    for enterprise in EnterprisePage.objects.all():
        clean_kbo(enterprise.kbo_number)
        record = lookup_postal_code(enterprise.postal_code)
        assert record.municipality_nl == enterprise.municipality
        # Placed in the tree of the province its postal code lies in.
        assert get_page_province(enterprise) == enterprise.province == record.province
    for offering in OfferingPage.objects.all():
        assert offering.get_parent().specific_class is EnterprisePage
        assert offering.category.parent is not None
    assert Page.find_problems() == ([], [], [], [], [])


def test_pages_are_served_on_their_province_host(client):
    _run("--seed", "11", "--port", "8010")
    # Unknown hosts (127.0.0.1) get the default site, Vlaams-Brabant.
    assert client.get("/", HTTP_HOST="127.0.0.1:8010").status_code == 200
    for page in [EnterprisePage.objects.last(), OfferingPage.objects.first()]:
        site_id, _root, path = page.get_url_parts()
        host = Site.objects.get(pk=site_id).hostname
        response = client.get(path, HTTP_HOST=f"{host}:8010")
        assert response.status_code == 200
        assert page.title in response.content.decode()


def test_users_and_their_scope():
    _run("--seed", "3")
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    for province in FLEMISH_PROVINCES:
        assert user_provinces(users.get(username=f"redactie-{province}")) == {province}
    enterprise_user = users.get(username="onderneming")
    assert enterprise_user.check_password("doeners-demo")
    assert user_provinces(enterprise_user) == set()  # one enterprise, not a province tree


def test_seed_reproduces_the_same_data():
    _run("--seed", "42")
    first = _snapshot()
    _run("--seed", "42", "--reset")
    assert _snapshot() == first
    _run("--seed", "43", "--reset")
    assert _snapshot()["enterprises"] != first["enterprises"]


def test_scale_multiplies_enterprises_and_demands():
    _run("--seed", "9", "--scale", "1.5")
    assert EnterprisePage.objects.count() == 18
    assert DemandPage.objects.count() == 12


@pytest.mark.parametrize(
    "args,message",
    [
        (["--scale", "0"], "--scale"),
        (["--scale", "-2"], "--scale"),
        (["--enterprises", "-1"], "--enterprises"),
        (["--offerings-per-enterprise", "99"], "--offerings-per-enterprise"),
        (["--demands", "1000000"], "--demands"),
        (["--port", "0"], "--port"),
        (["--seed", "-1"], "--seed"),
        (["--scale", "veel"], "invalid float"),
        (["--unknown"], "unrecognized"),
    ],
)
def test_bad_arguments_raise_command_error(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("doeners_demo_data", *args, stdout=io.StringIO())
    assert not EnterprisePage.objects.exists()


def test_default_size_meets_the_brief():
    """The default specs (no pages written) give the sizes the issue asks for."""
    options = DemoOptions()
    categories, _ = ensure_taxonomies()
    rng = random.Random(options.seed)
    pools = _postal_pools()
    enterprises = enterprise_specs(rng, options.enterprise_count, pools)
    offerings = [
        o
        for e in enterprises
        for o in offering_specs(rng, e, options.offerings_per_enterprise, categories)
    ]
    demands = demand_specs(rng, options.demand_count, pools, categories)
    assert len(enterprises) >= 300
    assert {e["province"] for e in enterprises} == set(FLEMISH_PROVINCES)
    assert len({e["kbo_number"] for e in enterprises}) == len(enterprises)
    assert len(offerings) >= 1000
    assert len({o["category"].slug for o in offerings}) >= 30
    assert len(demands) >= 100
    assert {d["kind"] for d in demands} == {"request", "suggestion"}
    assert len({d["status"] for d in demands}) == 4


def test_sub_app_loaders_are_called_with_a_seeded_rng(monkeypatch):
    import sys
    import types

    calls = []

    def load_demo(*, rng, scale, stdout):
        calls.append((rng.random(), scale))

    module = types.ModuleType("wagtail_doeners.evaluation.demo")
    module.load_demo = load_demo
    monkeypatch.setitem(sys.modules, "wagtail_doeners.evaluation.demo", module)
    _run("--seed", "1", "--scale", "0.5")
    _run("--seed", "1", "--scale", "0.5")
    assert len(calls) == 2 and calls[0] == calls[1] and calls[0][1] == 0.5


def test_a_failing_sub_app_loader_is_reported_not_fatal(monkeypatch):
    import sys
    import types

    def load_demo(*, rng, scale, stdout):
        raise RuntimeError("boom")

    module = types.ModuleType("wagtail_doeners.evaluation.demo")
    module.load_demo = load_demo
    monkeypatch.setitem(sys.modules, "wagtail_doeners.evaluation.demo", module)
    out, err = io.StringIO(), io.StringIO()
    call_command("doeners_demo_data", *SMALL, stdout=out, stderr=err)
    assert "wagtail_doeners.evaluation" in err.getvalue() and "boom" in err.getvalue()
    assert EnterprisePage.objects.count() == 12
