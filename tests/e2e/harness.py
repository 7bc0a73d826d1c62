"""Start two example_site province processes against one search node.

Used by tests/e2e/test_two_provinces.py and benchmarks/search_publish_visible.py.
Each province gets its own PostgreSQL database (cloned from a migrated template), its
own ``manage.py runserver --noreload`` process and the same INDEX_PREFIX on the node.
"""

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


# The PostgreSQL server on which each harness creates (and drops) its own databases.
SERVER_DATABASE_URL = os.environ.get(
    "DATABASE_URL", "postgres://doeners:doeners@127.0.0.1:5432/doeners"
)


def running(harness, **start_kwargs):
    """For fixtures: ``yield from running(harness)`` starts it, yields it and always
    stops it, also when starting fails half-way."""
    try:
        yield harness.start(**start_kwargs)
    finally:
        harness.stop()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Province:
    """One example_site process. Suites that need other settings, set-up actions or
    server flags subclass it and change the class attributes."""

    settings_module = "tests.e2e.settings"
    actions_module = "tests.e2e.actions"
    server_args = ()
    log_name = "e2e"

    def __init__(self, harness, slug, db_name, extra_env=None):
        self.harness, self.slug, self.db_name = harness, slug, db_name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = None
        # Only for the server process (e.g. its broker), not for set-up commands.
        self.extra_env = extra_env or {}

    @property
    def env(self):
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": self.settings_module,
            "DOENERS_E2E_DATABASE_URL": self.harness.db_url(self.db_name),
            "DOENERS_PROVINCE": self.slug,
            "DOENERS_E2E_OPENSEARCH_URL": ",".join(self.harness.search_hosts),
            "DOENERS_E2E_INDEX_PREFIX": self.harness.prefix,
            "PYTHONPATH": str(ROOT),
            **self.harness.extra_env,
        }

    @property
    def server_env(self):
        return {**self.env, **self.extra_env}

    def run(self, *args, stdin=None):
        result = subprocess.run(
            [PYTHON, "-m", self.actions_module, *map(str, args)],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            input=stdin,
        )
        if result.returncode:
            raise RuntimeError(f"{self.slug} {args}: {result.stderr[-3000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    def manage(self, *args):
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )

    def series(self, count):
        """A process publishing ``count`` offerings, one each time ``next()`` is sent."""
        return subprocess.Popen(
            [PYTHON, "-m", self.actions_module, "series", str(count)],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def start_server(self):
        self.log_path = f"/tmp/doeners-{self.log_name}-{self.harness.prefix}-{self.slug}.log"
        log = open(self.log_path, "w")  # noqa: SIM115 - the process writes to it
        self.server = subprocess.Popen(
            [
                PYTHON,
                "manage.py",
                "runserver",
                f"127.0.0.1:{self.port}",
                "--noreload",
                *self.server_args,
            ],
            cwd=ROOT,
            env=self.server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(f"{self.url}/api/doeners/v1/autocomplete/?q=xx", timeout=2)
                return
            except requests.ConnectionError:
                if self.server.poll() is not None:
                    raise RuntimeError(f"{self.slug} server exited, see {log.name}") from None
                time.sleep(0.3)
        raise RuntimeError(f"{self.slug} server did not start")

    def search(self, **params):
        response = requests.get(f"{self.url}/api/doeners/v1/search/", params=params, timeout=10)
        response.raise_for_status()
        return response.json()

    def stop(self):
        if self.server and self.server.poll() is None:
            self.server.terminate()
            self.server.wait(timeout=20)


class TwoProvinces:
    def __init__(
        self,
        database_url,
        opensearch_url,
        a="limburg",
        b="west-vlaanderen",
        search_hosts=None,
        extra_env=None,
    ):
        """``search_hosts``: the URLs the provinces use (default ``[opensearch_url]``;
        tests/deployment passes every node of a cluster); ``extra_env``: more
        environment for both processes (e.g. ``DOENERS_E2E_SEARCH_REPLICAS``)."""
        self.database_url, self.opensearch_url = database_url, opensearch_url.rstrip("/")
        self.search_hosts = list(search_hosts or [self.opensearch_url])
        self.extra_env = dict(extra_env or {})
        self.base = urlparse(database_url).path.lstrip("/") or "doeners"
        self.prefix = f"e2e{uuid.uuid4().hex[:8]}"
        self.template = f"{self.base}_e2e_tpl"
        self.a = Province(self, a, f"{self.base}_e2e_a")
        self.b = Province(self, b, f"{self.base}_e2e_b")

    def db_url(self, name):
        return urlparse(self.database_url)._replace(path=f"/{name}").geturl()

    def _admin(self):
        return psycopg.connect(self.db_url("postgres"), autocommit=True)

    def _recreate(self, name, template=None):
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{suffix}')

    def start(self, offerings_a=3, offerings_b=3):
        self._recreate(self.template)
        tpl = Province(self, self.a.slug, self.template)
        tpl.manage("migrate", "--no-input", "-v", "0")
        for province in (self.a, self.b):
            self._recreate(province.db_name, template=self.template)
        self.setup_a = self.a.run("setup", self.a.port, offerings_a)
        self.setup_b = self.b.run("setup", self.b.port, offerings_b)
        self.a.start_server()
        self.b.start_server()
        return self

    def stop(self):
        for province in (self.a, self.b):
            province.stop()
        requests.delete(
            f"{self.opensearch_url}/{self.prefix}-*",
            params={"expand_wildcards": "all"},
            timeout=30,
        )
        with self._admin() as conn:
            for name in (self.a.db_name, self.b.db_name, self.template):
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def publish_and_time(self, count, timeout=10.0):
        """Publish ``count`` offerings in A (one process, one at a time); after each,
        poll B's search API until the document appears. Returns [(id, seconds from
        the start of the publish to visible in B, url in B)]."""
        process = self.a.series(count)
        timings = []
        try:
            for _ in range(count):
                published = json.loads(process.stdout.readline())
                key = f"{self.a.slug}:offering:{published['id']}"
                found = {}

                def visible(key=key, found=found):
                    # No text query: newest first, so the new document is on page 1.
                    params = {"province": self.a.slug, "type": "offering", "page_size": 5}
                    for hit in self.b.search(**params)["results"]:
                        if hit["id"] == key:
                            found.update(hit)
                            return True
                    return False

                seen = self.wait_until(visible, timeout=timeout)
                timings.append(
                    (
                        published["id"],
                        None if seen is None else seen - published["t"],
                        found.get("url"),
                    )
                )
                process.stdin.write("\n")
                process.stdin.flush()
        finally:
            process.stdin.close()
            process.wait(timeout=30)
        return timings

    def wait_until(self, predicate, timeout=10.0, interval=0.02):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return time.time()
            time.sleep(interval)
        return None
