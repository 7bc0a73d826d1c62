"""Publish -> visible in the other province: p95 over 100 publishes.

Starts the two-province end-to-end setup (tests/e2e/harness.py: two example_site
processes, each with its own PostgreSQL database, one OpenSearch node), publishes
offerings one at a time in province A and polls province B's search API (every
20 ms) until each appears. One warm-up publish is not counted.

    python benchmarks/search_publish_visible.py [--publishes 100]
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.e2e.harness import TwoProvinces  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--publishes", type=int, default=100)
    args = parser.parse_args()
    database_url = os.environ.get(
        "DATABASE_URL", "postgres://doeners:doeners@127.0.0.1:5432/doeners"
    )
    opensearch_url = os.environ.get("DOENERS_TEST_OPENSEARCH_URL", "http://127.0.0.1:9201")
    harness = TwoProvinces(database_url, opensearch_url).start(offerings_a=1, offerings_b=1)
    try:
        timings = harness.publish_and_time(args.publishes + 1)[1:]
    finally:
        harness.stop()
    seconds = sorted(t for _, t, _ in timings if t is not None)
    missing = sum(1 for _, t, _ in timings if t is None)

    def pct(p):
        return round(seconds[min(len(seconds) - 1, round(p / 100 * (len(seconds) - 1)))], 3)

    print(
        json.dumps(
            {
                "benchmark": "search_publish_visible",
                "publishes": len(timings),
                "not_visible_within_10s": missing,
                "p50_s": pct(50),
                "p95_s": pct(95),
                "max_s": round(seconds[-1], 3),
                "target_p95_s": 2.0,
            }
        )
    )


if __name__ == "__main__":
    main()
