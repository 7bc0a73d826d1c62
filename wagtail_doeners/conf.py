"""The ``WAGTAIL_DOENERS`` settings dict, with its defaults in one place.

Read settings through ``doeners_settings``::

    from wagtail_doeners.conf import doeners_settings
    doeners_settings.PROVINCE

Nested dicts (``SEARCH``, ``CAMPAIGNS``, ...) are merged one level deep with their
defaults, so a site may override a single option. The object reloads on Django's
``setting_changed`` signal, so ``override_settings(WAGTAIL_DOENERS=...)`` works in tests.
Every key is documented in docs/configuration.md.
"""

from copy import deepcopy

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

SETTING_NAME = "WAGTAIL_DOENERS"

DEFAULTS = {
    # Slug of the province this install serves when no Site overrides it
    # (antwerpen, limburg, oost-vlaanderen, vlaams-brabant, west-vlaanderen, brussel).
    "PROVINCE": "vlaams-brabant",
    # Canonical base URL of this install, used in the shared index and in e-mails when
    # no request is at hand. None: taken from the Wagtail Site root_url.
    "BASE_URL": None,
    # Public endpoints (see docs/security.md).
    "SECURITY": {
        # Reverse proxies in front of the site that append the address they saw to
        # X-Forwarded-For. 0: use REMOTE_ADDR only (the header is client-controlled).
        # Set it to the exact number, or visitors can spoof their address.
        "TRUSTED_PROXIES": 0,
        # The newsletter form mails a confirmation link to any address: submissions
        # allowed per client IP and per e-mail address per window (seconds).
        "SUBSCRIBE_LIMIT_PER_IP": 10,
        "SUBSCRIBE_LIMIT_PER_EMAIL": 3,
        "SUBSCRIBE_LIMIT_WINDOW": 3600,
        # Cache alias of those counters (use a shared cache such as Redis in production).
        "CACHE": "default",
    },
    # Search engine. BACKEND is a dotted path; OPTIONS are passed to it.
    "SEARCH": {
        # DatabaseSearchBackend (embedded, no engine, fewer features), or
        # wagtail_doeners.search.backends.opensearch.OpenSearchBackend /
        # wagtail_doeners.search.backends.elasticsearch.ElasticsearchBackend.
        "BACKEND": "wagtail_doeners.search.backends.database.DatabaseSearchBackend",
        # Engine options (see docs/search.md): HOSTS (list of URLs), INDEX_PREFIX
        # ("doeners"; shared by every province of one cluster), TIMEOUT (s, 10),
        # BULK_BYTES (5 MiB per bulk request), REPLICAS (0), MAX_RETRIES (5, on 429/503),
        # HTTP_AUTH (OpenSearch) or API_KEY / BASIC_AUTH / CA_CERTS (Elasticsearch),
        # REFRESH_ON_SYNC (True: a published change is searchable at once, not after
        # the next 1 s refresh).
        "OPTIONS": {},
    },
    # Promotion campaigns (see docs/campaigns.md).
    "CAMPAIGNS": {
        # Sender of campaign mail; None: DEFAULT_FROM_EMAIL.
        "FROM_EMAIL": None,
        # Deliveries a worker claims per chunk task (100-500 keeps the in-flight
        # duplicate bound small and the SMTP connection reused).
        "CHUNK_SIZE": 250,
        # Chunk tasks started in parallel per campaign when sending starts or stalls.
        "PARALLEL_CHUNKS": 4,
        # Seconds a claimed row is leased before the reaper hands it to another worker.
        "LEASE_SECONDS": 120,
        # A sending campaign with no claim for this many seconds is kicked again by the
        # scheduler (lost broker messages, e.g. after a Redis restart).
        "STALL_SECONDS": 60,
        # Global token bucket per province/transport in Redis: messages per second and
        # burst. None disables the limit. REDIS_URL None: the Celery broker if redis://.
        "RATE_LIMIT_PER_SECOND": 50,
        "RATE_LIMIT_BURST": 100,
        "REDIS_URL": None,
        # Transient SMTP replies (4xx): retry after BACKOFF_BASE * 2**attempt seconds,
        # capped at BACKOFF_MAX, failing the row after MAX_ATTEMPTS.
        "BACKOFF_BASE_SECONDS": 30,
        "BACKOFF_MAX_SECONDS": 1800,
        "MAX_ATTEMPTS": 8,
        # Auto-pause when permanent failures exceed this share of processed rows,
        # once at least ERROR_MIN_SAMPLE rows were processed.
        "ERROR_RATE_PAUSE": 0.2,
        "ERROR_MIN_SAMPLE": 50,
        # A schedule missed by more than this many minutes waits for confirmation.
        "MISSED_SCHEDULE_LIMIT_MINUTES": 60,
        # Default frequency cap in days between two campaigns to one company (0: none).
        "FREQUENCY_CAP_DAYS": 14,
        # Seconds an unsubscribe / click / opt-in link stays valid.
        "UNSUBSCRIBE_MAX_AGE": 400 * 24 * 3600,
        "CLICK_MAX_AGE": 400 * 24 * 3600,
        "CONFIRM_MAX_AGE": 7 * 24 * 3600,
        # Days after a mail within which a contact request or demand is attributed.
        "ATTRIBUTION_WINDOW_DAYS": 30,
        # Version label of the consent text shown on the subscribe form.
        "CONSENT_TEXT_VERSION": "2025-01",
        # Domain of the deterministic Message-ID; None: from BASE_URL or "doeners.local".
        "MESSAGE_ID_DOMAIN": None,
    },
    # Contact requests, demands and follow-ups (see docs/matchmaking.md).
    "MATCHMAKING": {
        # Cache alias for the rate limits (use a shared cache such as Redis in production).
        "CACHE": "default",
        # Contact requests / demand submissions allowed per client IP per window.
        "RATE_LIMIT_PER_IP": 10,
        # ... and per e-mail address per window.
        "RATE_LIMIT_PER_EMAIL": 5,
        # Length of the rate-limit window, in seconds.
        "RATE_LIMIT_WINDOW": 3600,
        # A form sent back faster than this (seconds after it was shown) is treated as spam.
        "MIN_FILL_SECONDS": 3,
        # A form older than this (seconds) must be reloaded.
        "MAX_FILL_SECONDS": 86400,
        # Enterprises alerted about a new demand (the best N by relevance and distance).
        "ALERT_TOP_N": 10,
        # An enterprise gets at most this many demand alerts a day.
        "ALERT_MAX_PER_ENTERPRISE_PER_DAY": 3,
        # Database fallback: enterprises whose service radius is unknown are alerted
        # within this distance (km) when they do not list the demand's province.
        "ALERT_DEFAULT_RADIUS_KM": 50,
        # Days a signed response or follow-up link stays valid.
        "LINK_MAX_AGE_DAYS": 60,
        # Follow-up prompts, in days after the first contact.
        "FOLLOWUP_STEPS": [30, 90, 180],
        # A demand without any response after this many days counts as unmet demand.
        "UNMET_AFTER_DAYS": 30,
        # Sender of the matchmaking e-mails; None: DEFAULT_FROM_EMAIL.
        "FROM_EMAIL": None,
        # Days after which requesters' contact details are blanked (0: keep).
        "PERSONAL_DATA_RETENTION_DAYS": 730,
    },
    # Events, aggregates and the parliamentary report (see docs/evaluation.md).
    "EVALUATION": {
        # Salt of the pseudonymous company keys (hash of the e-mail domain when no KBO
        # is given). None: SECRET_KEY. Use the same salt in every province's install so
        # that a company counts once in Flanders-wide figures.
        "COMPANY_KEY_SALT": None,
        # Days the raw event log is kept; None keeps it forever. Aggregates are kept.
        "RETENTION_DAYS": 730,
        # Shared search cluster that holds the provinces' published aggregates, e.g.
        # "http://opensearch.internal:9200". None: exchange aggregate files instead.
        "STATS_URL": None,
        # Name of the stats index on that cluster (the same for every province).
        "STATS_INDEX": "doeners-stats",
        # Extra keyword arguments for the opensearch-py client (auth, TLS...).
        "STATS_OPTIONS": {},
        # Days of aggregates re-published on every run of the publishing task.
        "STATS_PUBLISH_DAYS": 7,
        # Number of companies per province slug, for the "per 1,000 companies" figures,
        # e.g. Statbel's VAT-liable enterprises per province. Empty: column left out.
        "COMPANIES_PER_PROVINCE": {},
    },
}

# The provinces, their NUTS 2 codes and Dutch/English names. Brussels is a region;
# it is listed because Brussels companies buy from Flemish enterprises.
PROVINCES = {
    "antwerpen": ("BE21", "Antwerpen", "Antwerp"),
    "limburg": ("BE22", "Limburg", "Limburg"),
    "oost-vlaanderen": ("BE23", "Oost-Vlaanderen", "East Flanders"),
    "vlaams-brabant": ("BE24", "Vlaams-Brabant", "Flemish Brabant"),
    "west-vlaanderen": ("BE25", "West-Vlaanderen", "West Flanders"),
    "brussel": ("BE10", "Brussel", "Brussels"),
}
FLEMISH_PROVINCES = ["antwerpen", "limburg", "oost-vlaanderen", "vlaams-brabant", "west-vlaanderen"]


class DoenersSettings:
    def __init__(self):
        self._cache = None

    def _load(self):
        user = getattr(settings, SETTING_NAME, {}) or {}
        unknown = set(user) - set(DEFAULTS)
        if unknown:
            raise ImproperlyConfigured(
                f"{SETTING_NAME} has unknown keys: {', '.join(sorted(unknown))}. "
                f"Known keys: {', '.join(DEFAULTS)}."
            )
        merged = deepcopy(DEFAULTS)
        for key, value in user.items():
            if isinstance(merged[key], dict) and isinstance(value, dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
        if merged["PROVINCE"] not in PROVINCES:
            raise ImproperlyConfigured(
                f"{SETTING_NAME}['PROVINCE'] is {merged['PROVINCE']!r}; "
                f"expected one of {', '.join(PROVINCES)}."
            )
        return merged

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if self._cache is None:
            self._cache = self._load()
        try:
            return self._cache[name]
        except KeyError:
            raise AttributeError(f"{SETTING_NAME} has no key {name!r}") from None

    def reload(self):
        self._cache = None


doeners_settings = DoenersSettings()


def _reload(*, setting, **kwargs):
    if setting == SETTING_NAME:
        doeners_settings.reload()


setting_changed.connect(_reload)
