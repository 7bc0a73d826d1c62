"""One example_site province process for API fuzzing, on the real search node.

A one-province variant of tests/e2e/harness.py (same ``Province`` process wrapper and
``tests.e2e.actions setup``), run with tests/fuzz/settings.py (rate limits raised).
"""

import psycopg
import requests

from tests.e2e.harness import Province, TwoProvinces


class FuzzProvince(Province):
    settings_module = "tests.fuzz.settings"
    log_name = "fuzz"


class OneProvince(TwoProvinces):
    """Start, set up and stop one province site with its own database and index prefix."""

    def __init__(self, database_url, opensearch_url, slug="limburg", offerings=3):
        super().__init__(database_url, opensearch_url)
        self.prefix = f"fuzz{self.prefix[3:]}"
        self.site = FuzzProvince(self, slug, f"{self.base}_fuzz")
        self.offerings = offerings

    def start(self):
        self._recreate(self.site.db_name)
        self.site.manage("migrate", "--no-input", "-v", "0")
        self.setup = self.site.run("setup", self.site.port, self.offerings)
        self.site.start_server()
        return self

    def stop(self):
        self.site.stop()
        requests.delete(
            f"{self.opensearch_url}/{self.prefix}-*",
            params={"expand_wildcards": "all"},
            timeout=30,
        )
        with psycopg.connect(self.db_url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.site.db_name}" WITH (FORCE)')
