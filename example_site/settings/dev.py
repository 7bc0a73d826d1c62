"""The embedded default: SQLite, database search, eager tasks, mail to files.

Nothing outside Python is needed: ``make demo`` runs on this.
"""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, WAGTAIL_DOENERS

DEBUG = True
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-secret")  # noqa: S105
ALLOWED_HOSTS = ["*"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DOENERS_SQLITE", str(BASE_DIR / "var" / "demo.sqlite3")),
        "OPTIONS": {"timeout": 20},
    }
}

# Tasks run inline; no broker is needed.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"

# The evaluation app's covering indexes (INCLUDE columns) are PostgreSQL-only; SQLite
# builds them as plain indexes, which is fine for the demo.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

WAGTAIL_DOENERS = {**WAGTAIL_DOENERS}
