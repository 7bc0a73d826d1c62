"""Campaign sending throughput: a BENCH_RECIPIENTS-recipient campaign (default
100,000) sent by 2 real Celery worker processes (solo pool) on Redis into an aiosmtpd
sink process on this machine, compared with a bare loop that renders the same mail
and sends it over one SMTP connection with no Celery and no database.

    make bench-campaigns                      # or: BENCH_RECIPIENTS=20000 make ...
    python benchmarks/campaigns_send.py       # needs PostgreSQL and Redis (make services)

Environment: DATABASE_URL (server to create the scratch database on), BENCH_RECIPIENTS,
BENCH_BARE (messages in the bare loop, default min(recipients, 20000)), BENCH_BROKER
(default redis://127.0.0.1:6379/4), DOENERS_WORKER_BASE_SETTINGS (default tests.settings).
Prints progress on stderr and one JSON object as the last line of stdout.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", "100000"))
BARE = int(os.environ.get("BENCH_BARE", str(min(RECIPIENTS, 20000))))
BROKER = os.environ.get("BENCH_BROKER", "redis://127.0.0.1:6379/4")
SERVER_URL = os.environ.get("DATABASE_URL", "postgres://doeners:doeners@127.0.0.1:5432/doeners")
BENCH_DB = "doeners_bench_campaigns"
CAMPAIGNS = {
    "CHUNK_SIZE": 500,
    "PARALLEL_CHUNKS": 2,
    "RATE_LIMIT_PER_SECOND": None,  # measure the pipeline, not the limiter
    "FREQUENCY_CAP_DAYS": 0,
    "LEASE_SECONDS": 300,
    "STALL_SECONDS": 600,
}


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def _db_url(name):
    parts = urlsplit(SERVER_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database():
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def start_sink():
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.support.smtp_sink"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    port = json.loads(proc.stdout.readline())["port"]
    return proc, port


def stop_sink(proc):
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=30)
    return json.loads(out.strip().splitlines()[-1])


def rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        return 0.0
    return 0.0


def setup_django(smtp_port):
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.support.worker_settings"
    os.environ["DOENERS_WORKER_DATABASE_URL"] = _db_url(BENCH_DB)
    os.environ["DOENERS_WORKER_BROKER_URL"] = BROKER
    os.environ["DOENERS_WORKER_SMTP_PORT"] = str(smtp_port)
    os.environ["DOENERS_WORKER_DOENERS"] = json.dumps({"CAMPAIGNS": CAMPAIGNS})
    import django

    django.setup()


def make_audience(n):
    from django.utils import timezone

    from wagtail_doeners.campaigns.models import Subscriber, email_hash
    from wagtail_doeners.pages.models import Province

    province = Province.objects.get(slug="limburg")
    now = timezone.now()
    batch = []
    for i in range(n):
        email = f"bench{i}@company{i % 5000}.example"
        batch.append(
            Subscriber(
                email=email,
                first_name=f"Naam{i}",
                province=province,
                status="confirmed",
                confirmed_at=now,
                email_hash=email_hash(email),
                company_key=f"h:{i:016x}",
            )
        )
        if len(batch) == 5000:
            Subscriber.objects.bulk_create(batch)
            batch = []
    if batch:
        Subscriber.objects.bulk_create(batch)


def make_campaign():
    from wagtail_doeners.campaigns.models import Campaign

    return Campaign.objects.create(
        name="Benchmark",
        subject="Koop sociaal in Limburg",
        body=(
            "<p>De sociale economie in Limburg: 75 organisaties, 1.500 VTE.</p>"
            '<p>Bekijk het <a href="https://doeners.be/aanbod/">aanbod</a> of stel een '
            '<a href="https://doeners.be/vragen/">vraag</a>.</p>'
        ),
        frequency_cap_days=0,
    )


def bare_loop(campaign, port, n):
    """Render the same mail and send it over one SMTP connection: no Celery, no DB."""
    from django.core.mail.backends.smtp import EmailBackend

    from wagtail_doeners.campaigns.rendering import build_content, render_message

    content = build_content(campaign)  # the one DB access, before the clock starts
    connection = EmailBackend(host="127.0.0.1", port=port, fail_silently=False)
    connection.open()
    start = time.perf_counter()
    for i in range(n):
        msg = render_message(
            content,
            delivery_id=i + 1,
            subscriber_id=i + 1,
            email=f"bare{i}@company{i % 5000}.example",
            first_name=f"Naam{i}",
            connection=connection,
        )
        connection.send_messages([msg])
    elapsed = time.perf_counter() - start
    connection.close()
    return n / elapsed


def main():
    import redis

    log(f"campaigns benchmark: {RECIPIENTS} recipients, bare loop {BARE}")
    recreate_database()
    sink, port = start_sink()
    setup_django(port)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    redis.Redis.from_url(BROKER).flushdb()

    from example_site.celery import app
    from tests.support.celery_worker import CeleryProcesses, worker_env
    from wagtail_doeners.campaigns import sending
    from wagtail_doeners.campaigns.models import Campaign, Delivery

    app.conf.task_always_eager = False
    app.conf.broker_url = BROKER
    t0 = time.perf_counter()
    make_audience(RECIPIENTS)
    campaign = make_campaign()
    log(f"audience of {RECIPIENTS} created in {time.perf_counter() - t0:.1f}s")

    bare_sink, bare_port = start_sink()
    bare_before = bare_loop(campaign, bare_port, BARE)
    stop_sink(bare_sink)

    procs = CeleryProcesses(worker_env(BROKER, port, doeners={"CAMPAIGNS": CAMPAIGNS}))
    workers = ["w1", "w2"]
    for name in workers:
        procs.start_worker(name, pool="solo")
    pids = {name: procs.pid(name) for name in workers}
    baseline = {name: rss_mb(pid) for name, pid in pids.items()}
    peak = dict(baseline)
    quarter = {}
    try:
        t_launch = time.perf_counter()
        sending.launch(campaign.pk)
        t_frozen = time.perf_counter()
        while True:
            for name, pid in pids.items():
                peak[name] = max(peak[name], rss_mb(pid))
            status = Campaign.objects.values_list("status", flat=True).get(pk=campaign.pk)
            if status == "sent":
                break
            if not quarter:
                done = Delivery.objects.filter(campaign=campaign, status="sent").count()
                if done >= RECIPIENTS // 4:
                    quarter = {name: rss_mb(pid) for name, pid in pids.items()}
            if time.perf_counter() - t_launch > 3600:
                raise RuntimeError("campaign did not finish within an hour")
            time.sleep(0.5)
        elapsed = time.perf_counter() - t_launch
        final = {name: rss_mb(pid) for name, pid in pids.items()}
    finally:
        procs.stop_all()
    summary = stop_sink(sink)

    bare_sink, bare_port = start_sink()
    bare_after = bare_loop(campaign, bare_port, BARE)
    stop_sink(bare_sink)
    # The machine may be shared: the bare loop runs before and after the campaign and
    # the ratio uses their mean.
    bare = (bare_before + bare_after) / 2

    rate = RECIPIENTS / elapsed
    growth = max(final[n] - (quarter.get(n) or final[n]) for n in workers)
    result = {
        "benchmark": "campaigns_send",
        "recipients": RECIPIENTS,
        "workers": len(workers),
        "chunk_size": CAMPAIGNS["CHUNK_SIZE"],
        "freeze_seconds": round(t_frozen - t_launch, 2),
        "elapsed_seconds": round(elapsed, 2),
        "msgs_per_s": round(rate, 1),
        "bare_loop_msgs_per_s": round(bare, 1),
        "bare_loop_before_after": [round(bare_before, 1), round(bare_after, 1)],
        "load_average_1m_at_end": round(os.getloadavg()[0], 2),
        "ratio_to_bare_loop": round(rate / bare, 3),
        "worker_rss_mb_start": {n: round(v, 1) for n, v in baseline.items()},
        "worker_rss_mb_at_25pct": {n: round(v, 1) for n, v in quarter.items()},
        "worker_rss_mb_peak": {n: round(v, 1) for n, v in peak.items()},
        "worker_rss_growth_after_25pct_mb": round(growth, 1),
        "sink_received": summary["total"],
        "sink_distinct_recipients": summary["distinct"],
        "cpus": os.cpu_count(),
        "targets": {
            "msgs_per_s>=500": rate >= 500,
            "ratio>=0.7": rate / bare >= 0.7,
            "rss<200MB": max(peak.values()) < 200,
        },
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
