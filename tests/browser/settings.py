"""Settings of the province processes of the browser suite.

The two-province e2e settings, plus what a browser journey needs from the install
that runs a Celery worker (province B): a real Redis broker instead of eager tasks and
an SMTP backend pointing at the aiosmtpd sink of the test run. Both are switched on by
environment variables so the setup commands of the same install can stay eager.
"""

import os

from tests.e2e.settings import *  # noqa: F403

# The journeys find fields by their (English, source-language) labels. Unprefixed
# URLs use LANGUAGE_CODE whatever the browser asks for (i18n_patterns with
# prefix_default_language=False), so the site runs in English here.
LANGUAGE_CODE = "en"

if os.environ.get("DOENERS_BROWSER_BROKER_URL"):
    CELERY_TASK_ALWAYS_EAGER = False
    CELERY_TASK_EAGER_PROPAGATES = False
    CELERY_BROKER_URL = os.environ["DOENERS_BROWSER_BROKER_URL"]
    # A queue of this run's own: the broker's Redis database is shared with other
    # suites, whose leftover messages must not reach this worker (or the reverse).
    CELERY_TASK_DEFAULT_QUEUE = os.environ["DOENERS_BROWSER_QUEUE"]

if os.environ.get("DOENERS_BROWSER_SMTP_PORT"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = "127.0.0.1"
    EMAIL_PORT = int(os.environ["DOENERS_BROWSER_SMTP_PORT"])
    EMAIL_TIMEOUT = 10
