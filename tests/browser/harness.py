"""The live two-province site of the browser suite, on top of tests/e2e/harness.py.

Province A (Limburg) runs its tasks eagerly, like the e2e suite. Province B
(West-Vlaanderen) is the install with moving parts: a real Redis broker, one Celery
worker and one beat process, and mail through SMTP into an aiosmtpd sink. Both serve
their static files (``runserver --insecure``), so the admin's JavaScript and the
site's CSS are there for the browser and for the contrast checks.
"""

import redis

from tests.e2e.harness import Province, TwoProvinces
from tests.support.celery_worker import CeleryProcesses


class BrowserProvince(Province):
    settings_module = "tests.browser.settings"
    actions_module = "tests.browser.actions"
    server_args = ("--insecure",)
    log_name = "browser"


class BrowserSite(TwoProvinces):
    """``start()`` migrates, sets both provinces up, starts B's worker and beat and
    both servers; ``stop()`` undoes all of it."""

    def __init__(self, database_url, opensearch_url, broker_url, smtp_port, logdir):
        super().__init__(database_url, opensearch_url)
        self.a = BrowserProvince(self, self.a.slug, f"{self.base}_browser_a")
        b_env = {
            "DOENERS_BROWSER_BROKER_URL": broker_url,
            "DOENERS_BROWSER_QUEUE": f"{self.prefix}-celery",
            "DOENERS_BROWSER_SMTP_PORT": str(smtp_port),
        }
        self.b = BrowserProvince(self, self.b.slug, f"{self.base}_browser_b", b_env)
        self.template = f"{self.base}_browser_tpl"
        self.broker_url, self.smtp_port, self.logdir = broker_url, smtp_port, logdir
        self.celery = None

    def start(self):
        self._recreate(self.template)
        BrowserProvince(self, self.a.slug, self.template).manage("migrate", "--no-input", "-v", "0")
        for province in (self.a, self.b):
            self._recreate(province.db_name, template=self.template)
        self.setup_a = self.a.run("setup", self.a.port)
        self.setup_b = self.b.run("setup", self.b.port)
        self.celery = CeleryProcesses(self._worker_env(), logdir=self.logdir)
        self.celery.start_worker("browser-b", concurrency=1)
        self.celery.start_beat()
        self.a.start_server()
        self.b.start_server()
        return self

    def _worker_env(self):
        return {
            **self.b.server_env,
            "DJANGO_SETTINGS_MODULE": "tests.support.worker_settings",
            "DOENERS_WORKER_BASE_SETTINGS": "tests.browser.settings",
            "DOENERS_WORKER_DATABASE_URL": self.db_url(self.b.db_name),
            "DOENERS_WORKER_BROKER_URL": self.broker_url,
            "DOENERS_WORKER_SMTP_PORT": str(self.smtp_port),
            "DOENERS_WORKER_BEAT_INTERVAL": "1",
        }

    def stop(self):
        if self.celery is not None:
            self.celery.stop_all()
        super().stop()
        # The run's queue and kombu's bindings of it.
        broker = redis.Redis.from_url(self.broker_url)
        keys = list(broker.scan_iter(f"*{self.b.extra_env['DOENERS_BROWSER_QUEUE']}*"))
        if keys:
            broker.delete(*keys)
