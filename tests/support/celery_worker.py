"""Real Celery worker (and beat) processes for tests: ``celery -A example_site worker``
started as subprocesses against the pytest test database and a real Redis broker.

    workers = CeleryProcesses(env={...})      # or the ``celery_processes`` fixture
    workers.start_worker("w1")                 # blocks until the worker is ready
    workers.start_beat()
    workers.kill9("w1")                        # SIGKILL the whole process group
    workers.stop_all()

The processes load ``tests.support.worker_settings``, which reads its database, broker,
SMTP port and WAGTAIL_DOENERS overrides from environment variables (see that module).
``worker_env(...)`` builds them from the current Django settings, so workers see the
same test database as a ``@pytest.mark.django_db(transaction=True)`` test.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


def database_url_from_settings():
    from django.conf import settings

    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "")
    password = quote(db.get("PASSWORD") or "")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}:{password}@{host}:{port}/{db['NAME']}"


def worker_env(broker_url, smtp_port=None, doeners=None, beat_interval=1.0, extra=None):
    """Environment for worker/beat processes. ``doeners`` is merged into
    WAGTAIL_DOENERS (e.g. {"CAMPAIGNS": {"CHUNK_SIZE": 100}})."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.support.worker_settings",
        "DOENERS_WORKER_DATABASE_URL": database_url_from_settings(),
        "DOENERS_WORKER_BROKER_URL": broker_url,
        "DOENERS_WORKER_DOENERS": json.dumps(doeners or {}),
        "DOENERS_WORKER_BEAT_INTERVAL": str(beat_interval),
        "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    }
    if smtp_port:
        env["DOENERS_WORKER_SMTP_PORT"] = str(smtp_port)
    env.update(extra or {})
    return env


class CeleryProcesses:
    def __init__(self, env, logdir=None):
        self.env = env
        self.logdir = Path(logdir or tempfile.mkdtemp(prefix="doeners-celery-"))
        self.procs = {}

    def _spawn(self, name, args):
        log = self.logdir / f"{name}.log"
        log.write_text("")
        out = open(log, "ab")  # noqa: SIM115 - closed in stop()
        proc = subprocess.Popen(
            [CELERY, "-A", "example_site", *args],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: kill9 takes its children too
        )
        self.procs[name] = (proc, out, log)
        return proc

    def start_worker(self, name, concurrency=1, pool="prefork", timeout=60, extra_args=()):
        """Start a worker and wait until it reports ready (or fail with its log)."""
        self._spawn(
            name,
            [
                "worker",
                "-n",
                f"{name}@%h",
                "-P",
                pool,
                "-c",
                str(concurrency),
                "-l",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                *extra_args,
            ],
        )
        self.wait_for_log(name, "ready.", timeout)
        return self.procs[name][0]

    def start_beat(self, name="beat", timeout=60):
        schedule = self.logdir / f"{name}-schedule"
        self._spawn(name, ["beat", "-l", "INFO", "-s", str(schedule), "--pidfile="])
        self.wait_for_log(name, "beat: Starting", timeout)
        return self.procs[name][0]

    def log(self, name):
        return self.procs[name][2].read_text(errors="replace")

    def wait_for_log(self, name, needle, timeout):
        proc = self.procs[name][0]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.log(name):
                return
            if proc.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(f"celery {name} not ready ({needle!r}); log:\n{self.log(name)[-4000:]}")

    def pid(self, name):
        return self.procs[name][0].pid

    def kill9(self, name):
        """SIGKILL the process and its pool children, as a crash would."""
        proc = self.procs[name][0]
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)

    def stop(self, name, timeout=15):
        proc, out, _log = self.procs.pop(name)
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
            except ProcessLookupError:
                pass
        out.close()

    def stop_all(self):
        for name in list(self.procs):
            self.stop(name)
