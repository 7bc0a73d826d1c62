"""Outbox sync, rebuild isolation and privacy, against real OpenSearch nodes."""

import json
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.factories import make_demand, make_enterprise, make_offering
from wagtail_doeners.pages.privacy import PRIVATE_FIELDS
from wagtail_doeners.search import sync
from wagtail_doeners.search.backends import get_search_backend
from wagtail_doeners.search.backends.base import SearchUnavailable
from wagtail_doeners.search.models import OutboxEntry

from .conftest import drop_indices, node_answers, search_settings
from .helpers import drain_and_refresh, publish, search

pytestmark = [pytest.mark.search, pytest.mark.django_db]

RUN_SH = Path(__file__).resolve().parents[2] / "search-node" / "run.sh"
# The failure test stops and restarts its OWN node so the shared one (9201) is never
# disturbed: base port 9210 -> http://127.0.0.1:9211.
FAILURE_BASE_PORT = "9210"
FAILURE_URL = "http://127.0.0.1:9211"


def _all_sources(backend):
    data = backend.request("POST", f"/{backend.read_alias}/_search", {"size": 1000})
    return [hit["_source"] for hit in data["hits"]["hits"]]


def test_private_fields_never_reach_the_index(engine, two_provinces):
    secrets = {
        "contact_person": "Geheime Persoon Xq1",
        "contact_email": "geheim.xq2@example.org",
        "contact_phone": "+32 499 11 22 33",
    }
    ent = publish(make_enterprise(two_provinces["limburg"][1], **secrets))
    publish(make_offering(ent))
    publish(
        make_demand(
            two_provinces["limburg"][2],
            company_name="Geheime Firma Xq3",
            company_kbo="0403.170.701",
            contact_person="Andere Persoon Xq4",
            contact_email="andere.xq5@example.org",
            contact_phone="+32 11 22 33 44",
        )
    )
    drain_and_refresh()
    sources = _all_sources(engine)
    assert {s["type"] for s in sources} == {"enterprise", "offering", "demand"}
    dump = json.dumps(sources)
    for value in [*secrets.values(), "Geheime Firma Xq3", "0403.170.701", "Xq4", "Xq5"]:
        assert value not in dump
    for source in sources:
        assert not PRIVATE_FIELDS & set(source)


def test_rebuild_never_hides_or_touches_other_provinces(engine, two_provinces):
    lim = make_enterprise(two_provinces["limburg"][1], title="Limburgse werkplaats")
    wvl = make_enterprise(two_provinces["west-vlaanderen"][1], title="Westvlaamse werkplaats")
    publish(lim)
    publish(wvl)
    for i in range(60):
        make_offering(lim, title=f"Limburg aanbod {i}").save_revision().publish()
        make_offering(wvl, title=f"West aanbod {i}").save_revision().publish()
    drain_and_refresh()
    wvl_before = {r["id"] for r in search(provinces=["west-vlaanderen"], page_size=50).results}
    counts, stop = [], threading.Event()

    def poll():
        while not stop.is_set():
            data = engine.request(
                "POST",
                f"/{engine.read_alias}/_search",
                {"size": 0, "aggs": {"p": {"terms": {"field": "province"}}}},
            )
            counts.append({b["key"]: b["doc_count"] for b in data["aggregations"]["p"]["buckets"]})

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        old_indices = engine.province_indices("limburg")
        written = sync.rebuild("limburg")
    finally:
        stop.set()
        poller.join()
    assert written == 61
    assert engine.province_indices("limburg") != old_indices
    assert len(counts) > 3
    assert all(c.get("west-vlaanderen") == 61 for c in counts), counts
    assert all(c.get("limburg") == 61 for c in counts), counts
    wvl_after = {r["id"] for r in search(provinces=["west-vlaanderen"], page_size=50).results}
    assert wvl_after == wvl_before


def test_rebuild_restores_refresh_interval_and_replicas(engine, two_provinces):
    publish(make_enterprise(two_provinces["limburg"][1]))
    sync.rebuild("limburg")
    (name,) = engine.province_indices("limburg")
    settings = engine.request("GET", f"/{name}/_settings")[name]
    index = settings["settings"]["index"]
    assert index["refresh_interval"] == "1s"
    assert index["number_of_replicas"] == "0"


def test_changes_made_during_a_rebuild_are_replayed(engine, two_provinces):
    ent = publish(make_enterprise(two_provinces["limburg"][1]))
    offering = publish(make_offering(ent, title="Versie een"))
    drain_and_refresh()
    original = sync.iter_province_documents

    def slow_documents(province):
        # A publish lands (and is drained into the OLD index) mid-rebuild.
        for i, item in enumerate(original(province)):
            if i == 0:
                offering.title = "Versie twee"
                publish(offering)
                sync.drain()
            yield item

    sync.iter_province_documents = slow_documents
    try:
        sync.rebuild("limburg")
    finally:
        sync.iter_province_documents = original
    engine.refresh()
    titles = [r["title"] for r in search(types=["offering"]).results]
    assert titles == ["Versie twee"]


def test_saving_succeeds_with_the_engine_down_and_rows_wait(
    settings, two_provinces, django_capture_on_commit_callbacks
):
    # Nothing listens on this port: every drain fails, publishing must not.
    search_settings(settings, hosts=["http://127.0.0.1:9"])
    ent = make_enterprise(two_provinces["limburg"][1])
    with django_capture_on_commit_callbacks(execute=True):
        publish(ent)
    pending = OutboxEntry.objects.filter(processed_at__isnull=True, page_id=ent.pk)
    assert pending.count() == 1
    with pytest.raises(SearchUnavailable):
        sync.drain()
    assert pending.get().attempts == 2  # the on-commit drain and this one


@pytest.fixture
def failure_node(settings):
    if not node_answers(FAILURE_URL):
        subprocess.run(["bash", str(RUN_SH), "start", FAILURE_BASE_PORT], check=True)
    prefix = search_settings(settings, hosts=[FAILURE_URL], TIMEOUT=3, MAX_RETRIES=0)
    yield get_search_backend()
    if not node_answers(FAILURE_URL):
        subprocess.run(["bash", str(RUN_SH), "start", FAILURE_BASE_PORT], check=True)
    drop_indices(FAILURE_URL, prefix)
    subprocess.run(["bash", str(RUN_SH), "stop", FAILURE_BASE_PORT], check=True)


def test_node_stopped_mid_way_nothing_lost_newest_wins(failure_node, two_provinces):
    ent = publish(make_enterprise(two_provinces["limburg"][1]))
    offerings = []
    for i in range(12):
        if i == 6:
            subprocess.run(["bash", str(RUN_SH), "stop", FAILURE_BASE_PORT], check=True)
        offering = publish(make_offering(ent, title=f"Aanbod {i} versie 1"))
        offerings.append(offering)
        try:
            sync.drain()
        except SearchUnavailable:
            assert i >= 6
    # While the node is down, earlier documents change again (newest must win).
    for offering in offerings[:3]:
        offering.title = offering.title.replace("versie 1", "versie 2")
        publish(offering)
    offerings[3].unpublish()
    assert OutboxEntry.objects.filter(processed_at__isnull=True).count() == 6 + 3 + 1
    subprocess.run(["bash", str(RUN_SH), "start", FAILURE_BASE_PORT], check=True)
    deadline = time.monotonic() + 30
    while True:
        try:
            sync.drain()
            break
        except SearchUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    failure_node.refresh()
    assert not OutboxEntry.objects.filter(processed_at__isnull=True).exists()
    titles = sorted(r["title"] for r in search(types=["offering"], page_size=50).results)
    expected = sorted(
        [f"Aanbod {i} versie 2" for i in range(3)] + [f"Aanbod {i} versie 1" for i in range(4, 12)]
    )
    assert titles == expected


def test_an_older_change_applied_late_never_overwrites_a_newer_one(engine, two_provinces):
    ent = publish(make_enterprise(two_provinces["limburg"][1]))
    offering = publish(make_offering(ent, title="Oud"))
    old_row = OutboxEntry.objects.filter(page_id=offering.pk).latest("id")
    offering.title = "Nieuw"
    publish(offering)
    drain_and_refresh()
    # Re-apply the older row with an outdated document: the engine must drop it.
    stale = {
        "key": f"limburg:offering:{offering.pk}",
        "type": "offering",
        "title": "Oud",
        "province": "limburg",
        "url": "http://x/",
    }
    engine.apply_changes("limburg", [(stale["key"], old_row.pk, stale)])
    engine.refresh()
    assert [r["title"] for r in search(types=["offering"]).results] == ["Nieuw"]


def test_move_to_another_province_moves_the_documents(engine, two_provinces):
    ent = publish(make_enterprise(two_provinces["limburg"][1], title="Verhuizer"))
    offering = publish(make_offering(ent, title="Verhuisdienst"))
    drain_and_refresh()
    ent.move(two_provinces["west-vlaanderen"][1], pos="last-child")
    drain_and_refresh()
    ids = {r["id"] for r in search(page_size=50).results}
    assert ids == {
        f"west-vlaanderen:enterprise:{ent.pk}",
        f"west-vlaanderen:offering:{offering.pk}",
    }
    hit = next(r for r in search(types=["offering"]).results)
    assert hit["url"].startswith("http://wvl.test/")


def test_move_rows_commit_with_the_move(engine, two_provinces):
    """Wagtail sends post_page_move after the move has committed. If the process died
    right there (simulated: the first post_page_move receiver raises), the rows must
    already be in the outbox, written inside the move's own transaction."""
    from wagtail.signals import post_page_move

    ent = publish(make_enterprise(two_provinces["limburg"][1], title="Verhuizer"))
    drain_and_refresh()

    def crash(**kwargs):
        raise RuntimeError("process died after the move committed")

    post_page_move.connect(crash, weak=False, dispatch_uid="test-crash")
    post_page_move.receivers.insert(0, post_page_move.receivers.pop())
    post_page_move.sender_receivers_cache.clear()
    try:
        with pytest.raises(RuntimeError):
            ent.move(two_provinces["west-vlaanderen"][1], pos="last-child")
    finally:
        post_page_move.disconnect(dispatch_uid="test-crash")
    pending = OutboxEntry.objects.filter(page_id=ent.pk, processed_at__isnull=True)
    assert sorted(pending.values_list("province", "action")) == [
        ("limburg", OutboxEntry.DELETE),
        ("west-vlaanderen", OutboxEntry.INDEX),
    ]
    drain_and_refresh()
    assert {r["id"] for r in search(page_size=50).results} == {
        f"west-vlaanderen:enterprise:{ent.pk}"
    }


def test_scheduled_publish_goes_through_the_outbox(engine, two_provinces):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    ent = publish(make_enterprise(two_provinces["limburg"][1]))
    offering = make_offering(ent, title="Later zichtbaar", live=False)
    revision = offering.save_revision(approved_go_live_at=timezone.now() + timedelta(seconds=1))
    assert revision.approved_go_live_at
    drain_and_refresh()
    assert search(types=["offering"]).total == 0
    import time as _time

    _time.sleep(1.5)
    call_command("publish_scheduled")
    drain_and_refresh()
    assert [r["title"] for r in search(types=["offering"]).results] == ["Later zichtbaar"]


def test_bulk_documents_equal_build_document(two_provinces):
    from wagtail.models import Page

    from wagtail_doeners.pages.models import Certification, Province
    from wagtail_doeners.search.documents import build_document

    ent = publish(make_enterprise(two_provinces["limburg"][1], service_radius_km=30))
    cert, _ = Certification.objects.get_or_create(slug="iso-9001", defaults={"name_nl": "ISO"})
    ent.certifications.add(cert)
    ent.service_provinces.add(Province.objects.get(slug="antwerpen"))
    publish(ent)
    tagged = make_offering(ent, title="Met tags", body="<p>Body <b>vet</b></p>")
    tagged.tags.add("poetsen", "kantoor")
    tagged.service_provinces.add(Province.objects.get(slug="limburg"))
    publish(tagged)
    publish(make_offering(ent, title="Zonder eigen gebied"))
    bulk = dict(sync.iter_province_documents("limburg"))
    assert len(bulk) == 3
    for key, doc in bulk.items():
        page = Page.objects.get(pk=doc["page_id"]).specific
        expected = build_document(page)
        assert doc == expected, key
        assert doc["url"] == page.get_full_url()
    assert sorted(bulk[f"limburg:offering:{tagged.pk}"]["tags"]) == ["kantoor", "poetsen"]
