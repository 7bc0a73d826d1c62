"""Evaluation dashboard query time at BENCH_EVENTS generated events (default
1,000,000) in PostgreSQL, plus BENCH_RECORDS contact requests with their matches.

    make bench-evaluation                       # or: BENCH_EVENTS=200000 make ...
    python benchmarks/evaluation_dashboard.py   # needs PostgreSQL (make services)

Events are loaded with COPY into a scratch database, a year of daily aggregates is
computed (timed), then the shared metrics function behind the dashboard and the
report is timed for all of Flanders and for one province, and the admin dashboard
view end to end (median of BENCH_RUNS runs each). Target: < 300 ms.
Prints progress on stderr and one JSON object as the last line of stdout.
"""

import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EVENTS = int(os.environ.get("BENCH_EVENTS", "1000000"))
RECORDS = int(os.environ.get("BENCH_RECORDS", "20000"))
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
# BENCH_REUSE=1: keep the scratch database of a previous run (same BENCH_EVENTS) and
# only repeat the timings, e.g. when the machine was busy during the first run.
REUSE = os.environ.get("BENCH_REUSE") == "1"
SERVER_URL = os.environ.get("DATABASE_URL", "postgres://doeners:doeners@127.0.0.1:5432/doeners")
BENCH_DB = "doeners_bench_evaluation"
TARGET_MS = 300
YEAR = 2026
PROVINCES = ["antwerpen", "limburg", "oost-vlaanderen", "vlaams-brabant", "west-vlaanderen"]
CATEGORIES = [f"cat-{i}" for i in range(25)]


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def _db_url(name):
    return urlunsplit(urlsplit(SERVER_URL)._replace(path=f"/{name}"))


def setup_django():
    import psycopg

    if not REUSE:
        with psycopg.connect(SERVER_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    os.environ["DATABASE_URL"] = _db_url(BENCH_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command

    log("migrating", BENCH_DB)
    call_command("migrate", verbosity=0, interactive=False)


def _moment(rng):
    start = datetime(YEAR, 1, 1, tzinfo=UTC)
    return start + timedelta(seconds=rng.randrange(365 * 86400))


def load_events(rng):
    from django.db import connection

    kinds = (
        ["search"] * 45
        + ["offering_view"] * 35
        + ["enterprise_view"] * 18
        + ["campaign_attribution"] * 2
    )
    columns = (
        "kind, occurred_at, province, company_key, buyer_province, supplier_province, "
        "nace_section, size_class, category, value_band, query, result_count, data"
    )
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY doeners_evaluation_event ({columns}) FROM STDIN") as copy:
            for _ in range(EVENTS):
                kind = rng.choice(kinds)
                province = rng.choice(PROVINCES)
                search = kind == "search"
                result_count = (
                    (0 if rng.random() < 0.12 else rng.randrange(1, 80)) if search else None
                )
                copy.write_row(
                    (
                        kind,
                        _moment(rng),
                        province,
                        "",
                        "",
                        rng.choice(PROVINCES) if not search else "",
                        "",
                        "",
                        rng.choice(CATEGORIES) if kind != "enterprise_view" else "",
                        "",
                        f"zoekterm {rng.randrange(2000)}" if search else "",
                        result_count,
                        '{"campaign": "voorjaar"}' if kind == "campaign_attribution" else "{}",
                    )
                )
        # What autovacuum does on a live install; index-only scans need the visibility map.
        cursor.execute("VACUUM ANALYZE doeners_evaluation_event")


def load_records(rng):
    from wagtail_doeners.matchmaking.models import ContactRequest, Match

    requests = [
        ContactRequest(
            created_at=_moment(rng),
            province=rng.choice(PROVINCES),
            company_key=f"kbo:{rng.randrange(RECORDS // 2):010d}",
            nace_section=rng.choice("ACFGHIJKMN"),
            size_class=rng.choice(["micro", "small", "medium", "large"]),
            postal_code="3500",
            buyer_province=rng.choice(PROVINCES),
            company_name="x",
            contact_person="x",
            email="x@example.com",
            message="x",
        )
        for _ in range(RECORDS)
    ]
    ContactRequest.objects.bulk_create(requests, batch_size=2000)
    matches = []
    for cr in ContactRequest.objects.all().iterator():
        status = rng.choice(["contacted", "replied", "quote_sent", "confirmed", "lost"])
        confirmed = status == "confirmed"
        matches.append(
            Match(
                created_at=cr.created_at,
                source="contact_request",
                contact_request=cr,
                company_key=cr.company_key,
                buyer_province=cr.buyer_province,
                supplier_province=cr.province,
                status=status,
                replied_at=cr.created_at + timedelta(days=2) if status != "contacted" else None,
                confirmed_at=cr.created_at + timedelta(days=20) if confirmed else None,
                value_band=rng.choice(["lt-5k", "5k-25k", "25k-100k", "gt-100k"])
                if confirmed
                else "",
            )
        )
    Match.objects.bulk_create(matches, batch_size=2000)


def timed(fn, runs=RUNS):
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(samples), 1), round(max(samples), 1)


def main():
    setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from wagtail_doeners.evaluation.aggregates import compute_range
    from wagtail_doeners.evaluation.metrics import Period, evaluation_metrics
    from wagtail_doeners.evaluation.models import DailyAggregate, Event

    rng = random.Random(1)
    load_s = aggregate_s = None
    reused = REUSE and Event.objects.count() == EVENTS
    if not reused:
        t0 = time.perf_counter()
        log(f"loading {EVENTS} events with COPY")
        load_events(rng)
        log(f"loading {RECORDS} contact requests and matches")
        load_records(rng)
        load_s = round(time.perf_counter() - t0, 1)

        log("computing a year of daily aggregates")
        t0 = time.perf_counter()
        compute_range(date(YEAR, 1, 1), date(YEAR, 12, 31))
        aggregate_s = round(time.perf_counter() - t0, 1)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE doeners_evaluation_dailyaggregate")
            cursor.execute("VACUUM ANALYZE doeners_evaluation_dailytotal")

    year = Period(date(YEAR, 1, 1), date(YEAR, 12, 31))
    flanders_ms, flanders_max = timed(lambda: evaluation_metrics(year))
    limburg = Period(date(YEAR, 1, 1), date(YEAR, 12, 31), "limburg")
    province_ms, province_max = timed(lambda: evaluation_metrics(limburg))

    user = get_user_model().objects.filter(username="bench").first() or (
        get_user_model().objects.create_superuser("bench", "bench@example.com", "pw")
    )
    client = Client()
    client.force_login(user)
    url = reverse("doeners_evaluation:dashboard")
    params = {"date_from": f"{YEAR}-01-01", "date_to": f"{YEAR}-12-31", "province": ""}
    assert client.get(url, params).status_code == 200
    view_ms, view_max = timed(lambda: client.get(url, params))

    result = {
        "benchmark": "evaluation_dashboard",
        "events": Event.objects.count(),
        "contact_requests": RECORDS,
        "aggregate_rows": DailyAggregate.objects.count(),
        "reused_database": reused,
        "load_seconds": load_s,
        "aggregate_year_seconds": aggregate_s,
        "metrics_flanders_ms_median": flanders_ms,
        "metrics_flanders_ms_max": flanders_max,
        "metrics_province_ms_median": province_ms,
        "metrics_province_ms_max": province_max,
        "dashboard_view_ms_median": view_ms,
        "dashboard_view_ms_max": view_max,
        "runs": RUNS,
        "target_ms": TARGET_MS,
        "meets_target": max(flanders_ms, province_ms, view_ms) < TARGET_MS,
        "load_average": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
