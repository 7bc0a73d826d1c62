"""Fixtures for the search suite: the REAL OpenSearch node, a per-test index prefix.

The node is started by ``make test`` (``.ci/services.sh`` -> ``search-node/run.sh``).
Under CI (CI=true) a node that does not answer fails the suite; locally it skips
with the reason.
"""

import os
import uuid

import pytest
import requests

from tests.factories import make_category, make_province_site
from tests.support.search_node import OPENSEARCH_URL, node_answers, require_node  # noqa: F401

OPENSEARCH_BACKEND = "wagtail_doeners.search.backends.opensearch.OpenSearchBackend"
ELASTICSEARCH_BACKEND = "wagtail_doeners.search.backends.elasticsearch.ElasticsearchBackend"


def search_settings(settings, backend=OPENSEARCH_BACKEND, hosts=None, prefix=None, **options):
    prefix = prefix or f"t{uuid.uuid4().hex[:10]}"
    settings.WAGTAIL_DOENERS = {
        **settings.WAGTAIL_DOENERS,
        "SEARCH": {
            "BACKEND": backend,
            "OPTIONS": {"HOSTS": hosts or [OPENSEARCH_URL], "INDEX_PREFIX": prefix, **options},
        },
    }
    return prefix


def drop_indices(url, prefix):
    requests.delete(f"{url}/{prefix}-*", params={"expand_wildcards": "all"}, timeout=30)


def drop_backend_indices(backend):
    """Delete the test's indices by name (ES 8 refuses wildcard deletes)."""
    names = backend.request("GET", f"/{backend.prefix}-*", ignore=(404,)) or {}
    for name in names:
        if name.startswith(backend.prefix + "-"):
            backend.delete_index(name)


ELASTICSEARCH_URL = os.environ.get("DOENERS_TEST_ELASTICSEARCH_URL")


@pytest.fixture(params=["opensearch", "elasticsearch"])
def engine(request, settings):
    """Each engine backend with a fresh index prefix.

    ``opensearch``: opensearch-py on the real node. ``elasticsearch``: the official ES 8
    client, on a real Elasticsearch when DOENERS_TEST_ELASTICSEARCH_URL is set, else on
    the same OpenSearch node through the header shim in es_shim.py.
    """
    from wagtail_doeners.search.backends import get_search_backend

    if request.param == "opensearch":
        require_node()
        prefix = search_settings(settings)
        yield get_search_backend()
        drop_indices(OPENSEARCH_URL, prefix)
    elif ELASTICSEARCH_URL:
        search_settings(settings, ELASTICSEARCH_BACKEND, hosts=[ELASTICSEARCH_URL])
        backend = get_search_backend()
        yield backend
        drop_backend_indices(backend)
    else:
        from .es_shim import ElasticsearchShim

        require_node()
        with ElasticsearchShim(OPENSEARCH_URL) as shim:
            prefix = search_settings(settings, ELASTICSEARCH_BACKEND, hosts=[shim.url])
            yield get_search_backend()
        drop_indices(OPENSEARCH_URL, prefix)


@pytest.fixture
def two_provinces(db):
    """Limburg and West-Vlaanderen sites, each with a directory and demand index."""
    lim = make_province_site("limburg", hostname="limburg.test")
    wvl = make_province_site("west-vlaanderen", hostname="wvl.test")
    make_category("schoonmaak", "Schoonmaak")
    return {"limburg": lim, "west-vlaanderen": wvl}


@pytest.fixture(autouse=True)
def _fresh_synonym_cache():
    # Synonyms are cached; a rolled-back test must not leave its groups behind.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def opensearch_engine(settings):
    """Only the OpenSearch backend (for API/page tests that need no engine matrix)."""
    from wagtail_doeners.search.backends import get_search_backend

    require_node()
    prefix = search_settings(settings)
    yield get_search_backend()
    drop_indices(OPENSEARCH_URL, prefix)
