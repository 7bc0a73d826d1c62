import subprocess

import pytest

from tests.e2e.harness import ROOT, SERVER_DATABASE_URL, TwoProvinces, running

from .cluster import Cluster


@pytest.fixture(scope="module")
def cluster():
    """Three OpenSearch JVMs (one node each, 512 MB heap) on free ports, own data dir."""
    yield from running(Cluster())


@pytest.fixture(scope="module")
def installs(cluster):
    """Two province installs (Limburg, West-Vlaanderen) configured as docs/deployment.md
    says: every node in HOSTS, REPLICAS 1, the cluster initialised by
    deploy/search-cluster-init.sh for their index prefix."""
    harness = TwoProvinces(
        SERVER_DATABASE_URL,
        cluster.urls[0],
        search_hosts=cluster.urls,
        extra_env={"DOENERS_E2E_SEARCH_REPLICAS": "1"},
    )
    subprocess.run(
        ["bash", str(ROOT / "deploy" / "search-cluster-init.sh"), cluster.urls[0], harness.prefix],
        check=True,
        timeout=60,
    )
    try:
        yield harness.start(offerings_a=3, offerings_b=3)
    finally:
        try:
            # The index clean-up goes through a node that still answers.
            harness.opensearch_url = cluster.live_url()
        except RuntimeError:
            pass
        harness.stop()
