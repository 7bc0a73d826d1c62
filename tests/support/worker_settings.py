"""Settings of the Celery worker/beat processes started by tests (and benchmarks).

Everything test-specific comes from environment variables set by
``tests.support.celery_worker.worker_env``:

- DOENERS_WORKER_DATABASE_URL: the pytest test database (test_<name>);
- DOENERS_WORKER_BROKER_URL: the Redis broker (a DB number of its own per suite);
- DOENERS_WORKER_SMTP_PORT: the aiosmtpd sink on 127.0.0.1 (SMTP backend when set);
- DOENERS_WORKER_DOENERS: JSON merged into WAGTAIL_DOENERS (one level deep);
- DOENERS_WORKER_BEAT_INTERVAL: seconds between beat's scheduler ticks;
- DOENERS_WORKER_BASE_SETTINGS: module to start from (default tests.settings).
"""

import json
import os
from importlib import import_module

import dj_database_url

# DOENERS_WORKER_BASE_SETTINGS: the settings module to start from (default: the tests').
_base = import_module(os.environ.get("DOENERS_WORKER_BASE_SETTINGS") or "tests.settings")
globals().update({k: v for k, v in vars(_base).items() if k.isupper()})
CELERY_BEAT_SCHEDULE = _base.CELERY_BEAT_SCHEDULE
WAGTAIL_DOENERS = _base.WAGTAIL_DOENERS

# Real workers: never eager here.
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = False

DATABASES = {
    "default": dj_database_url.parse(
        os.environ["DOENERS_WORKER_DATABASE_URL"], conn_max_age=600, conn_health_checks=True
    )
}
CELERY_BROKER_URL = os.environ["DOENERS_WORKER_BROKER_URL"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

if os.environ.get("DOENERS_WORKER_SMTP_PORT"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = "127.0.0.1"
    EMAIL_PORT = int(os.environ["DOENERS_WORKER_SMTP_PORT"])
    EMAIL_TIMEOUT = 10

_overrides = json.loads(os.environ.get("DOENERS_WORKER_DOENERS") or "{}")
WAGTAIL_DOENERS = {**WAGTAIL_DOENERS}
for _key, _value in _overrides.items():
    if isinstance(_value, dict):
        WAGTAIL_DOENERS[_key] = {**WAGTAIL_DOENERS.get(_key, {}), **_value}
    else:
        WAGTAIL_DOENERS[_key] = _value

_interval = float(os.environ.get("DOENERS_WORKER_BEAT_INTERVAL") or 30)
CELERY_BEAT_SCHEDULE = {
    name: {**entry, "schedule": _interval, "options": {"expires": max(_interval * 5, 5)}}
    for name, entry in CELERY_BEAT_SCHEDULE.items()
}
