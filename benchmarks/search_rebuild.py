"""Rebuild throughput, Django -> engine, for 50k offerings stored as pages in PostgreSQL,
against a per-object save loop (what django-elasticsearch-dsl's real-time signal
processor does: fetch the page, build its document, one index request per object).

    python benchmarks/search_rebuild.py [--offerings 50000]

Data: two provinces of ``--offerings`` offerings each (bulk-generated once into
<DATABASE_URL>_bench_search, see search_data.py); the rebuild indexes Limburg. The
per-object loop runs over a sample (``--sample``, default 2,000 offerings) of the same
data into a scratch index: its cost is linear per object, so docs/s from a sample is
representative. Prints one JSON object as its last line.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.search_data import bench_db_url, data_ready, ensure_database, fill  # noqa: E402


def log(msg):
    print(f"[search_rebuild] {msg}", file=sys.stderr, flush=True)


def setup(offerings):
    """Point Django at the benchmark database, generating the data if needed."""
    url = bench_db_url()
    os.environ["DOENERS_BENCH_DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.search_settings"
    ready = data_ready(url, 2 * offerings)
    if not ready:
        ensure_database(url, log, reset=True)
    import django

    django.setup()
    per_province = offerings // 100
    if not ready:
        log("generating data (bulk inserts)")
        t0 = time.monotonic()
        fill("limburg", per_province, 100, log, seed=1)
        fill("west-vlaanderen", per_province, 100, log, seed=2)
        log(f"generated in {time.monotonic() - t0:.0f}s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--offerings", type=int, default=50000)
    parser.add_argument("--sample", type=int, default=2000)
    args = parser.parse_args()
    setup(args.offerings)

    from wagtail.models import Page

    from wagtail_doeners.pages.models import OfferingPage
    from wagtail_doeners.search import sync
    from wagtail_doeners.search.backends import get_search_backend
    from wagtail_doeners.search.documents import build_document, index_body

    backend = get_search_backend()
    t0 = time.monotonic()
    count = sync.rebuild("limburg")
    rebuild_s = time.monotonic() - t0
    bulk_rate = count / rebuild_s
    log(f"rebuild: {count} docs in {rebuild_s:.1f}s = {bulk_rate:.0f} docs/s")

    scratch = f"{backend.prefix}-scratch-per-object"
    backend.delete_index(scratch)
    backend.create_index(scratch, index_body())
    sample = list(
        OfferingPage.objects.descendant_of(sync.province_roots("limburg")[0])
        .order_by("path")
        .values_list("pk", flat=True)[: args.sample]
    )
    t0 = time.monotonic()
    for pk in sample:
        page = Page.objects.get(pk=pk).specific
        doc = build_document(page)
        backend.index_document(scratch, doc["key"], doc)
    single_s = time.monotonic() - t0
    single_rate = len(sample) / single_s
    backend.delete_index(scratch)
    log(f"per-object: {len(sample)} docs in {single_s:.1f}s = {single_rate:.0f} docs/s")
    print(
        json.dumps(
            {
                "benchmark": "search_rebuild",
                "engine": type(backend).__name__,
                "documents": count,
                "rebuild_seconds": round(rebuild_s, 2),
                "rebuild_docs_per_s": round(bulk_rate),
                "per_object_sample": len(sample),
                "per_object_docs_per_s": round(single_rate),
                "speedup": round(bulk_rate / single_rate, 1),
                "target_docs_per_s": 3000,
                "target_speedup": 5,
            }
        )
    )


if __name__ == "__main__":
    main()
