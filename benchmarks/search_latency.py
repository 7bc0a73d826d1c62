"""Search latency p50/p95 for a fixed mixed query set (text + facets + geo) at ~100k
documents on the OpenSearch node, against the database fallback on the same data.

    python benchmarks/search_latency.py [--offerings 50000] [--db-budget 300]

Uses the data of search_rebuild.py (two provinces x ``--offerings``); indexes whatever
province is missing or has an older mapping. Engine figures: server-side ``took`` (ms)
and client wall time,
5 runs per query after a warm-up. Database fallback: one run per query, stopped when
``--db-budget`` seconds are spent (the count measured is reported). Last line: JSON.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.search_rebuild import setup  # noqa: E402

QUERIES = [
    {"q": "kantoorschoonmaak"},
    {"q": "groenonderhoud", "provinces": ["limburg"]},
    {"q": "catering", "near": "3500", "radius_km": 25},
    {"q": "tuinonderhoud", "near": "8400", "sort": "distance"},
    {"q": "fietsherstl"},  # typo
    {"q": "drukwerk verpakking", "types": ["offering"]},
    {"q": "recyclage", "recognition": ["lde"]},
    {"q": "textiel", "categories": ["cat-3"]},
    {"q": "montage", "near": "3600", "radius_km": 10, "boost_province": "limburg"},
    {"q": "logistiek", "page": 3},
    {"types": ["enterprise"], "provinces": ["west-vlaanderen"]},
    {"categories": ["cat-1/cat-1-2"], "near": "8000", "radius_km": 30},
    {"recognition": ["maatwerkbedrijf"], "types": ["offering"]},
    {"near": "3500", "radius_km": 15, "sort": "distance"},
    {"q": "snoeiwerken", "categories": ["cat-2"], "near": "3800", "radius_km": 40},
    {"q": "houtbewerking schrijnwerk"},
]


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--offerings", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db-budget", type=float, default=300)
    args = parser.parse_args()
    setup(args.offerings)

    from wagtail_doeners.search import sync
    from wagtail_doeners.search.backends import get_search_backend
    from wagtail_doeners.search.backends.database import DatabaseSearchBackend
    from wagtail_doeners.search.documents import MAPPING_VERSION
    from wagtail_doeners.search.params import SearchParams

    engine = get_search_backend()
    status = engine.status()["provinces"]
    for province in ("limburg", "west-vlaanderen"):
        info = status.get(province, {})
        if (
            info.get("documents", 0) < args.offerings
            or info.get("mapping_version") != MAPPING_VERSION
        ):
            print(f"[search_latency] indexing {province}", file=sys.stderr, flush=True)
            sync.rebuild(province)
    total_docs = sum(p["documents"] for p in engine.status()["provinces"].values())

    took, wall, totals = [], [], []
    for query in QUERIES:
        params = SearchParams(**query).clean()
        body = engine.build_query(params)
        engine.search(params)  # warm-up
        for _ in range(args.runs):
            took.append(engine.request("POST", f"/{engine.read_alias}/_search", body)["took"])
            t0 = time.perf_counter()
            result = engine.search(params)
            wall.append((time.perf_counter() - t0) * 1000)
        totals.append(result.total)

    database = DatabaseSearchBackend({})
    db_ms, spent, engine_subset = [], 0.0, []
    for i, query in enumerate(QUERIES):
        if spent > args.db_budget:
            break
        params = SearchParams(**query).clean()
        t0 = time.perf_counter()
        database.search(params)
        elapsed = time.perf_counter() - t0
        spent += elapsed
        db_ms.append(elapsed * 1000)
        engine_subset += wall[i * args.runs : (i + 1) * args.runs]
        print(f"[search_latency] db query {i}: {elapsed:.1f}s", file=sys.stderr, flush=True)

    out = {
        "benchmark": "search_latency",
        "documents": total_docs,
        "queries": len(QUERIES),
        "runs_per_query": args.runs,
        "engine_server_p50_ms": pct(took, 50),
        "engine_server_p95_ms": pct(took, 95),
        "engine_client_p50_ms": round(pct(wall, 50), 1),
        "engine_client_p95_ms": round(pct(wall, 95), 1),
        "database_queries_measured": len(db_ms),
        "database_p50_ms": round(pct(db_ms, 50), 1) if db_ms else None,
        "database_p95_ms": round(pct(db_ms, 95), 1) if db_ms else None,
        "speedup_p95_client_vs_database_same_queries": round(
            pct(db_ms, 95) / pct(engine_subset, 95), 1
        )
        if db_ms
        else None,
        "median_hits": statistics.median(totals),
        "target_server_p95_ms": 30,
        "target_speedup": 10,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
