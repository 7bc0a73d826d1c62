import os

import pytest

from tests.search.conftest import OPENSEARCH_URL, require_node

from .harness import TwoProvinces


@pytest.fixture(scope="module")
def provinces():
    require_node()
    database_url = os.environ.get(
        "DATABASE_URL", "postgres://doeners:doeners@127.0.0.1:5432/doeners"
    )
    harness = TwoProvinces(database_url, OPENSEARCH_URL)
    try:
        yield harness.start()
    finally:
        harness.stop()
