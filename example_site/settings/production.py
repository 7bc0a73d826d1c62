"""Production: everything from the environment. See docs/deployment.md."""

import os

import dj_database_url

from .base import *  # noqa: F403
from .base import BASE_DIR, MEDIA_ROOT, WAGTAIL_DOENERS

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

DATABASES = {"default": dj_database_url.config(conn_max_age=60, conn_health_checks=True)}
# One media directory per install (absolute, or relative to the project directory).
MEDIA_ROOT = BASE_DIR / os.environ.get("DJANGO_MEDIA_ROOT", str(MEDIA_ROOT))

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@doeners.example")

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")

# Rate-limit counters must be shared by every web process of the install, so they live
# in Redis; the default cache stays local (a Redis outage then only opens the limits,
# which fail open, instead of taking pages down).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("DOENERS_RATELIMIT_CACHE_URL", CELERY_BROKER_URL),
        "KEY_PREFIX": os.environ.get("DOENERS_PROVINCE", "doeners"),
        "TIMEOUT": 3600,
    },
}

WAGTAIL_DOENERS = {
    **WAGTAIL_DOENERS,
    "BASE_URL": os.environ.get("DOENERS_BASE_URL") or None,
    "MATCHMAKING": {**WAGTAIL_DOENERS.get("MATCHMAKING", {}), "CACHE": "ratelimit"},
    "SECURITY": {**WAGTAIL_DOENERS.get("SECURITY", {}), "CACHE": "ratelimit"},
}
if os.environ.get("DOENERS_SEARCH_URL"):
    WAGTAIL_DOENERS["SEARCH"] = {
        "BACKEND": os.environ.get(
            "DOENERS_SEARCH_BACKEND",
            "wagtail_doeners.search.backends.opensearch.OpenSearchBackend",
        ),
        "OPTIONS": {
            # Comma-separated: every node of the shared cluster (docs/deployment.md).
            "HOSTS": os.environ["DOENERS_SEARCH_URL"].split(","),
            "INDEX_PREFIX": os.environ.get("DOENERS_INDEX_PREFIX", "doeners"),
            "REPLICAS": int(os.environ.get("DOENERS_SEARCH_REPLICAS", "1")),
        },
    }
    if os.environ.get("DOENERS_SEARCH_USER"):
        WAGTAIL_DOENERS["SEARCH"]["OPTIONS"]["HTTP_AUTH"] = (
            os.environ["DOENERS_SEARCH_USER"],
            os.environ["DOENERS_SEARCH_PASSWORD"],
        )
