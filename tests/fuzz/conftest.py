import pytest
import schemathesis

from tests.e2e.harness import SERVER_DATABASE_URL, running
from tests.support.search_node import OPENSEARCH_URL, require_node

from .harness import OneProvince

SCHEMA_PATH = "/api/doeners/v1/openapi.json"


@pytest.fixture(scope="module")
def fuzz_site():
    """A live one-province example site (runserver) on the real search node."""
    require_node()
    yield from running(OneProvince(SERVER_DATABASE_URL, OPENSEARCH_URL))


@pytest.fixture(scope="module")
def api_schema(fuzz_site):
    """The schema as the live site serves it (not as the code would build it)."""
    return schemathesis.openapi.from_url(f"{fuzz_site.site.url}{SCHEMA_PATH}", timeout=30)
