"""Test settings: the example site on PostgreSQL (DATABASE_URL), real services.

Services are located through environment variables that ``make test`` sets:
DATABASE_URL, DOENERS_TEST_OPENSEARCH_URL, DOENERS_TEST_REDIS_URL.
"""

import os

import dj_database_url

from example_site.settings.base import *  # noqa: F403
from example_site.settings.base import WAGTAIL_DOENERS

SECRET_KEY = "tests-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://doeners:doeners@127.0.0.1:5432/doeners")
    )
}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

REDIS_URL = os.environ.get("DOENERS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CELERY_BROKER_URL = REDIS_URL
# Unit tests run tasks inline; the Celery suites start real workers instead and
# override this (see tests/campaigns/conftest.py).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

WAGTAIL_DOENERS = {**WAGTAIL_DOENERS, "PROVINCE": "vlaams-brabant"}
