"""Settings for one province process of the two-province end-to-end test.

Each process is the example site with its own PostgreSQL database and province,
writing to the one shared search node. Celery tasks run eagerly inside the process
(the drain runs in ``transaction.on_commit`` right after the publish commits); the
broker path with real workers is covered by tests/search/test_workers.py.
"""

import os

import dj_database_url

from example_site.settings.base import *  # noqa: F403
from example_site.settings.base import WAGTAIL_DOENERS

SECRET_KEY = "e2e-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
DATABASES = {"default": dj_database_url.parse(os.environ["DOENERS_E2E_DATABASE_URL"])}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WAGTAIL_DOENERS = {
    **WAGTAIL_DOENERS,
    "PROVINCE": os.environ["DOENERS_PROVINCE"],
    "SEARCH": {
        "BACKEND": "wagtail_doeners.search.backends.opensearch.OpenSearchBackend",
        "OPTIONS": {
            # Comma-separated: every node of a cluster (tests/deployment).
            "HOSTS": os.environ["DOENERS_E2E_OPENSEARCH_URL"].split(","),
            "INDEX_PREFIX": os.environ["DOENERS_E2E_INDEX_PREFIX"],
            "REPLICAS": int(os.environ.get("DOENERS_E2E_SEARCH_REPLICAS", "0")),
        },
    },
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
