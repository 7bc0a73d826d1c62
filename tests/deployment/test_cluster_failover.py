"""Two province installs on a 3-node cluster lose the node that holds a primary.

The deployment of docs/deployment.md, in small: three OpenSearch JVMs, two example_site
processes (own PostgreSQL database each) listing every node in HOSTS, REPLICAS 1 and
the cluster's replica template. One node is killed (SIGKILL) while both installs keep
answering; more is published while it is down; after it returns nothing is missing.
"""

import subprocess
import threading
import time

import psycopg
import pytest
import requests

pytestmark = [pytest.mark.e2e, pytest.mark.search]


DRAIN_LIKE_A_WORKER = """
from wagtail_doeners.search.backends.base import SearchUnavailable
from wagtail_doeners.search.sync import drain
for attempt in range(3):
    try:
        drain()
        break
    except SearchUnavailable:
        pass
"""


def _keys(install, province):
    """Document keys of ``province`` as ``install``'s public search API returns them."""
    data = install.search(province=province, page_size=50)
    return {hit["id"] for hit in data["results"]}


def _search_with_failures(install, province, attempts=3):
    """(keys, failed requests). A request may fail once per process when the client
    first meets the dead node (it then marks it dead and uses the others)."""
    failures = 0
    for _ in range(attempts):
        try:
            return _keys(install, province), failures
        except requests.HTTPError as error:
            assert error.response.status_code == 503, error.response.text
            failures += 1
    raise AssertionError(f"{install.slug}: search failed {attempts} times in a row")


def _expected(install, setup, extra=()):
    keys = {f"{install.slug}:enterprise:{setup['enterprise']}"}
    keys |= {f"{install.slug}:offering:{pk}" for pk in [*setup["offerings"], *extra]}
    return keys


def _outbox_pending(install):
    """Unprocessed search outbox rows in the install's own database."""
    with psycopg.connect(install.harness.db_url(install.db_name)) as conn:
        sql = "SELECT count(*) FROM doeners_search_outboxentry WHERE processed_at IS NULL"
        return conn.execute(sql).fetchone()[0]


def test_losing_one_node_loses_no_search_and_no_write(cluster, installs):
    a, b = installs.a, installs.b
    alias = f"{installs.prefix}-all"
    expected = {
        a.slug: _expected(a, installs.setup_a),
        b.slug: _expected(b, installs.setup_b),
    }
    for install in (a, b):
        for province, keys in expected.items():
            assert _keys(install, province) == keys

    # Every province index has a replica on another node before anything fails.
    health = cluster.health(wait_for_status="green", timeout="60s")
    assert health["status"] == "green" and health["number_of_nodes"] == 3
    shards = cluster.get(f"/_cat/shards/{alias}", format="json")
    copies = {}
    for shard in shards:
        copies.setdefault(shard["index"], []).append(shard)
    assert len(copies) == 2, copies
    for index, rows in copies.items():
        assert sorted(r["prirep"] for r in rows) == ["p", "r"], (index, rows)
        assert len({r["node"] for r in rows}) == 2, (index, rows)

    # The victim: the node holding the primary of A's index (the one A writes to).
    a_index = next(i for i in copies if i.startswith(f"{installs.prefix}-{a.slug}-"))
    victim_name = next(r["node"] for r in copies[a_index] if r["prirep"] == "p")
    victim = cluster.node_number(victim_name)
    manager = cluster.get("/_cat/cluster_manager", format="json")[0]["node"]
    print(f"killing {victim_name} (primary of {a_index}; cluster manager: {manager})")
    cluster.kill_node(victim)

    # Both installs answer with every document right away; no waiting for the cluster.
    for install in (a, b):
        for province, keys in expected.items():
            found, failures = _search_with_failures(install, province)
            assert found == keys, (install.slug, province)
            assert failures <= 1, (install.slug, failures)
    health = cluster.health(
        exclude=(victim,), wait_for_nodes="2", wait_for_status="yellow", timeout="90s"
    )
    assert health["number_of_nodes"] == 2 and health["status"] in ("yellow", "green")

    # Publishing goes on while the node is down.
    new_a = [a.run("publish", f"tijdens storing {i}")["id"] for i in range(3)]
    new_b = [b.run("publish", f"tijdens storing {i}")["id"] for i in range(2)]
    expected[a.slug] = _expected(a, installs.setup_a, new_a)
    expected[b.slug] = _expected(b, installs.setup_b, new_b)
    # The on-commit drain of a fresh publishing process may have met the dead node
    # first (opensearch-py then marks it dead but does not retry elsewhere); its rows
    # wait in the outbox. A drain as a long-lived worker runs it (beat, every 60 s;
    # a retry after SearchUnavailable) applies them:
    pending = {install.slug: _outbox_pending(install) for install in (a, b)}
    print("outbox rows pending after the publishes:", pending)
    for install in (a, b):
        if pending[install.slug]:
            install.manage("shell", "-c", DRAIN_LIKE_A_WORKER)
        assert _outbox_pending(install) == 0
    for install in (a, b):
        for province, keys in expected.items():
            found, _failures = _search_with_failures(install, province)
            assert found == keys, (install.slug, province, keys - found)

    # The node comes back, recovers its copies, and nothing written is missing.
    started = time.monotonic()
    cluster.start_node(victim)
    health = cluster.health(wait_for_nodes="3", wait_for_status="green", timeout="120s")
    print(f"node back, cluster green after {time.monotonic() - started:.1f}s")
    assert health["status"] == "green" and health["number_of_nodes"] == 3
    for install in (a, b):
        for province, keys in expected.items():
            found, _failures = _search_with_failures(install, province)
            assert found == keys, (install.slug, province)
    # Every copy (primary and replica, on whichever node) holds every document.
    total = sum(len(keys) for keys in expected.values())
    requests.post(f"{cluster.live_url()}/{alias}/_refresh", timeout=60).raise_for_status()
    shards = cluster.get(f"/_cat/shards/{alias}", format="json")
    assert len(shards) == 4 and all(s["state"] == "STARTED" for s in shards), shards
    assert sum(int(s["docs"]) for s in shards) == 2 * total, shards


def test_snapshot_of_the_province_indices(cluster, installs):
    """The snapshot repository registered by deploy/search-cluster-init.sh takes a
    snapshot of every province index (docs/deployment.md, backups)."""
    repo = f"{installs.prefix}-backup"
    url = cluster.live_url()
    response = requests.put(
        f"{url}/_snapshot/{repo}/nightly-test",
        params={"wait_for_completion": "true"},
        json={"indices": f"{installs.prefix}-*", "include_global_state": False},
        timeout=120,
    )
    response.raise_for_status()
    snapshot = response.json()["snapshot"]
    assert snapshot["state"] == "SUCCESS"
    provinces = {installs.a.slug, installs.b.slug}
    names = snapshot["indices"]
    indexed = {p for p in provinces for n in names if n.startswith(f"{installs.prefix}-{p}-")}
    assert indexed == provinces, snapshot["indices"]
    assert snapshot["shards"]["failed"] == 0


def test_mapping_upgrade_rebuild_switches_one_province_while_both_search(cluster, installs):
    """docs/deployment.md, upgrades: check finds the old mapping, the rebuild fills a
    new index and switches the aliases; searches through the other install see every
    document of both provinces throughout, and the check agrees afterwards."""
    from wagtail_doeners.search.documents import MAPPING_VERSION

    a, b = installs.a, installs.b
    url = cluster.live_url()
    old_index = next(iter(cluster.get(f"/_alias/{installs.prefix}-{a.slug}")))
    # An index written by the previous release: its _meta carries the older version.
    requests.put(
        f"{url}/{old_index}/_mapping",
        json={"_meta": {"doeners_mapping_version": MAPPING_VERSION - 1}},
        timeout=30,
    ).raise_for_status()
    with pytest.raises(subprocess.CalledProcessError) as failed:
        a.manage("doeners_search_check")
    assert f"doeners_search_rebuild --province {a.slug}" in failed.value.stderr

    before = {p: _keys(b, p) for p in (a.slug, b.slug)}
    assert all(before.values())
    polls, errors, stop = [], [], threading.Event()

    def poll():
        while not stop.is_set():
            try:
                polls.append({p: _keys(b, p) for p in (a.slug, b.slug)})
            except requests.RequestException as error:
                errors.append(error)
            time.sleep(0.02)

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        out = a.manage("doeners_search_rebuild").stdout
    finally:
        stop.set()
        poller.join()
    assert "aliases switched" in out
    assert not errors and len(polls) >= 3
    assert all(seen == before for seen in polls)
    assert "agree" in a.manage("doeners_search_check").stdout
    new_index = next(iter(cluster.get(f"/_alias/{installs.prefix}-{a.slug}")))
    assert new_index != old_index and f"-v{MAPPING_VERSION}-" in new_index
    # The old physical index is gone; the new one has its replica on another node.
    assert requests.head(f"{url}/{old_index}", timeout=30).status_code == 404
    health = cluster.health(wait_for_status="green", timeout="60s")
    assert health["status"] == "green"
    shards = cluster.get(f"/_cat/shards/{new_index}", format="json")
    assert sorted(s["prirep"] for s in shards) == ["p", "r"]
    assert _outbox_pending(a) == 0
