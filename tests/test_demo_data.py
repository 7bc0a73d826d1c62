"""``manage.py doeners_demo_data``: idempotent, seedable, scalable, strict about arguments.

Full runs are the slow part (every page is saved, sub-app loaders run), so the tests
share them: one test runs the command twice and checks everything a run must leave
behind; the reproducibility test runs it twice more. The rest checks the pure spec
builders and the sub-app hook directly.
"""

import io
import random
import sys
import types

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
    run_subapp_demos,
)
from wagtail_doeners.geo import lookup_postal_code
from wagtail_doeners.pages.models import DemandPage, EnterprisePage, OfferingPage
from wagtail_doeners.pages.permissions import user_provinces
from wagtail_doeners.pages.provinces import get_page_province
from wagtail_doeners.validators import clean_kbo

pytestmark = pytest.mark.django_db

# Small runs through --scale, which the sub-app loaders (matchmaking, evaluation) also
# receive: at scale 1 they generate thousands of rows whatever the number of pages.
SMALL = ["--enterprises", "100", "--offerings-per-enterprise", "2", "--demands", "60"]


def _run(*args, scale="0.1"):
    out, err = io.StringIO(), io.StringIO()
    call_command("doeners_demo_data", *SMALL, "--scale", scale, *args, stdout=out, stderr=err)
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
        "statuses": sorted(DemandPage.objects.values_list("slug", "status")),
        "sites": sorted(Site.objects.values_list("hostname", "port", "is_default_site")),
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
    }


def test_run_twice_builds_a_consistent_served_data_set_and_changes_nothing(client):
    output = _run("--seed", "5", "--port", "8010", scale="0.15")
    first = _snapshot()
    # --scale multiplies enterprises and demands.
    assert len(first["enterprises"]) == 15
    assert len(first["demands"]) == 9
    assert len(first["offerings"]) > 0
    assert "admin / doeners-demo" in output

    output = _run("--seed", "5", "--port", "8010", scale="0.15")
    assert _snapshot() == first  # sub-app loaders ran too and left statuses alone now
    assert "created now: 0 enterprises, 0 offerings, 0 demands" in output
    assert Page.find_problems() == ([], [], [], [], [])

    # Five province Sites on the given port; Vlaams-Brabant is the default.
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

    # Users and their scope.
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    for province in FLEMISH_PROVINCES:
        assert user_provinces(users.get(username=f"redactie-{province}")) == {province}
    enterprise_user = users.get(username="onderneming")
    assert enterprise_user.check_password("doeners-demo")
    assert user_provinces(enterprise_user) == set()  # one enterprise, not a province tree

    # Served: unknown hosts (127.0.0.1) get the default site; pages answer on their host.
    assert client.get("/", HTTP_HOST="127.0.0.1:8010").status_code == 200
    for page in [EnterprisePage.objects.last(), OfferingPage.objects.first()]:
        site_id, _root, path = page.get_url_parts()
        host = Site.objects.get(pk=site_id).hostname
        response = client.get(path, HTTP_HOST=f"{host}:8010")
        assert response.status_code == 200
        assert page.title in response.content.decode()


def test_seed_reproduces_the_same_data(monkeypatch):
    _hide_subapp_loaders(monkeypatch)
    _run("--seed", "42")
    first = _snapshot()
    _run("--seed", "42", "--reset")
    assert _snapshot() == first


def _specs(seed, options=DemoOptions()):
    categories, _ = ensure_taxonomies()
    rng = random.Random(seed)
    pools = _postal_pools()
    enterprises = enterprise_specs(rng, options.enterprise_count, pools)
    offerings = [
        o
        for e in enterprises
        for o in offering_specs(rng, e, options.offerings_per_enterprise, categories)
    ]
    demands = demand_specs(rng, options.demand_count, pools, categories)
    return enterprises, offerings, demands


def test_default_size_meets_the_brief():
    """The default specs (no pages written) give the sizes the issue asks for."""
    enterprises, offerings, demands = _specs(DemoOptions().seed)
    assert len(enterprises) >= 300
    assert {e["province"] for e in enterprises} == set(FLEMISH_PROVINCES)
    assert len({e["kbo_number"] for e in enterprises}) == len(enterprises)
    assert len(offerings) >= 1000
    assert len({o["category"].slug for o in offerings}) >= 30
    assert len(demands) >= 100
    assert {d["kind"] for d in demands} == {"request", "suggestion"}
    assert len({d["status"] for d in demands}) == 4


def test_another_seed_gives_other_data_and_scale_multiplies():
    small = DemoOptions(enterprises=20, demands=10)
    a = _specs(1, small)
    b = _specs(2, small)
    assert [e["kbo_number"] for e in a[0]] != [e["kbo_number"] for e in b[0]]
    assert _specs(1, small)[0] == a[0]
    scaled = DemoOptions(enterprises=20, demands=10, scale=10)
    assert (scaled.enterprise_count, scaled.demand_count) == (200, 100)


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


def _hide_subapp_loaders(monkeypatch):
    """Make every sub-app look as if it had no demo.py."""
    for app in ("search", "campaigns", "matchmaking", "evaluation", "api", "pages"):
        monkeypatch.setitem(sys.modules, f"wagtail_doeners.{app}.demo", None)


def _fake_subapp_loader(monkeypatch, loader):
    _hide_subapp_loaders(monkeypatch)
    module = types.ModuleType("wagtail_doeners.evaluation.demo")
    module.load_demo = loader
    monkeypatch.setitem(sys.modules, "wagtail_doeners.evaluation.demo", module)


def test_sub_app_loaders_are_called_with_a_seeded_rng(monkeypatch):
    calls = []

    def load_demo(*, rng, scale, stdout):
        calls.append((rng.random(), scale))

    _fake_subapp_loader(monkeypatch, load_demo)
    options = DemoOptions(seed=1, scale=0.5)
    called, failed = run_subapp_demos(options, io.StringIO())
    run_subapp_demos(options, io.StringIO())
    assert called == ["wagtail_doeners.evaluation"] and failed == []
    assert len(calls) == 2 and calls[0] == calls[1] and calls[0][1] == 0.5
    run_subapp_demos(DemoOptions(seed=2), io.StringIO())
    assert calls[2][0] != calls[0][0]


def test_a_failing_sub_app_loader_is_reported_not_fatal(monkeypatch):
    def load_demo(*, rng, scale, stdout):
        raise RuntimeError("boom")

    _fake_subapp_loader(monkeypatch, load_demo)
    err = io.StringIO()
    called, failed = run_subapp_demos(DemoOptions(), io.StringIO(), err)
    assert failed == ["wagtail_doeners.evaluation"]
    assert "boom" in err.getvalue()
