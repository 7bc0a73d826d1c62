"""Settings of the gunicorn workers in benchmarks/search_load.py: the search benchmark
settings (example site, DEBUG off, bench database and ``bench`` index prefix) with
persistent database connections, as example_site/settings/production.py has them."""

from benchmarks.search_settings import *  # noqa: F403
from benchmarks.search_settings import DATABASES

DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
