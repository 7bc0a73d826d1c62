"""Django settings for the search benchmarks: the example site on a dedicated
PostgreSQL database (DOENERS_BENCH_DATABASE_URL) and the OpenSearch node."""

import os

os.environ.setdefault("DOENERS_E2E_DATABASE_URL", os.environ["DOENERS_BENCH_DATABASE_URL"])
os.environ.setdefault("DOENERS_PROVINCE", "limburg")
os.environ.setdefault(
    "DOENERS_E2E_OPENSEARCH_URL",
    os.environ.get("DOENERS_TEST_OPENSEARCH_URL", "http://127.0.0.1:9201"),
)
os.environ.setdefault("DOENERS_E2E_INDEX_PREFIX", "bench")

from tests.e2e.settings import *  # noqa: E402, F403
