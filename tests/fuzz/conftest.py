import os

import pytest
import schemathesis

from tests.support.search_node import OPENSEARCH_URL, require_node

from .harness import OneProvince

SCHEMA_PATH = "/api/doeners/v1/openapi.json"


@pytest.fixture(scope="module")
def fuzz_site():
    """A live one-province example site (runserver) on the real search node."""
    require_node()
    database_url = os.environ.get(
        "DATABASE_URL", "postgres://doeners:doeners@127.0.0.1:5432/doeners"
    )
    harness = OneProvince(database_url, OPENSEARCH_URL)
    try:
        yield harness.start()
    finally:
        harness.stop()


@pytest.fixture(scope="module")
def api_schema(fuzz_site):
    """The schema as the live site serves it (not as the code would build it)."""
    return schemathesis.openapi.from_url(f"{fuzz_site.site.url}{SCHEMA_PATH}", timeout=30)
