"""Who is asking, and how often: the client address behind trusted reverse proxies,
and a fixed-window counter in the Django cache (atomic ``incr`` on Redis).

Every rate limit of the package takes the address from ``client_ip``, so the
trusted-proxy setting (``WAGTAIL_DOENERS["SECURITY"]["TRUSTED_PROXIES"]``) lives in
one place.
"""

import hashlib
import ipaddress
import logging
import time

from django.core.cache import caches

from wagtail_doeners.conf import doeners_settings

logger = logging.getLogger(__name__)


def _valid(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The visitor's address, or ``""`` when unknown.

    With ``TRUSTED_PROXIES = 0`` (default) this is ``REMOTE_ADDR``: X-Forwarded-For is
    written by the client and cannot be trusted. With ``N`` proxies in front of the
    site, each appending the address it saw, the visitor is the N-th entry from the
    right; entries further left were sent by the client and are ignored. A header
    with fewer entries, or an entry that is not an IP address, falls back to
    ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = int(doeners_settings.SECURITY["TRUSTED_PROXIES"] or 0)
    if trusted <= 0:
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < trusted:
        return remote
    return _valid(hops[-trusted]) or remote


def hit(scope, kind, value, *, limit, window, cache="default"):
    """Count one request of ``value`` (an address, an e-mail...) in the current window
    of ``window`` seconds. Returns ``(over_limit, retry_after_seconds)``."""
    store = caches[cache]
    digest = hashlib.sha256(str(value).strip().lower().encode()).hexdigest()[:24]
    key = f"doeners:rl:{scope}:{kind}:{digest}:{int(time.time() // window)}"
    retry_after = int(window - time.time() % window) + 1
    try:
        store.add(key, 0, timeout=window + 5)
        try:
            count = store.incr(key)
        except ValueError:  # evicted between add() and incr()
            store.set(key, 1, timeout=window + 5)
            count = 1
    except Exception:  # noqa: BLE001 - cache (Redis) down: let the request through
        # Failing open keeps the forms working during a cache outage; the honeypot and
        # the signed fill-time check still stop simple bots.
        logger.warning("Rate-limit cache unavailable; %s:%s not counted", scope, kind)
        return False, retry_after
    return count > limit, retry_after
