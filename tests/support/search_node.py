"""The real OpenSearch node the suites talk to (started by ``.ci/services.sh``).

Under CI (CI=true) a node that does not answer fails the test with the reason;
locally it skips with the same reason, so a developer without Java still runs the rest.
"""

import os

import pytest
import requests

OPENSEARCH_URL = os.environ.get("DOENERS_TEST_OPENSEARCH_URL", "http://127.0.0.1:9201")


def node_answers(url=OPENSEARCH_URL):
    try:
        return requests.get(f"{url}/_cluster/health", timeout=2).ok
    except requests.RequestException:
        return False


def require_node(url=OPENSEARCH_URL):
    if node_answers(url):
        return
    message = (
        f"No search node answers at {url}. Start it with `make search-node` "
        "(search-node/run.sh start) or set DOENERS_TEST_OPENSEARCH_URL."
    )
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)
