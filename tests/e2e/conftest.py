import pytest

from tests.search.conftest import OPENSEARCH_URL, require_node

from .harness import SERVER_DATABASE_URL, TwoProvinces, running


@pytest.fixture(scope="module")
def provinces():
    require_node()
    yield from running(TwoProvinces(SERVER_DATABASE_URL, OPENSEARCH_URL))
