"""Spam protection without third-party services: a honeypot field, a minimum fill
time carried in a signed timestamp, and fixed-window rate limits per client IP and
per e-mail address in the Django cache (atomic ``incr`` on Redis)."""

import time

from django.core import signing
from django.utils.translation import gettext_lazy as _

from wagtail_doeners.conf import doeners_settings

_SALT = "wagtail_doeners.matchmaking.form-timestamp"
HONEYPOT_FIELD = "website_url"
TIMESTAMP_FIELD = "form_ts"


class SpamRejected(Exception):
    """The submission looks automated; ``message`` is safe to show."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class RateLimited(Exception):
    """Too many submissions; ``retry_after`` in seconds."""

    def __init__(self, message, retry_after):
        super().__init__(str(message))
        self.message = message
        self.retry_after = retry_after


def _options():
    return doeners_settings.MATCHMAKING


def issue_timestamp():
    """A signed "form shown at" value to put in the form."""
    return signing.TimestampSigner(salt=_SALT).sign(str(int(time.time())))


def check_honeypot(value):
    if value:
        raise SpamRejected(_("Your message could not be sent. Please try again."))


def check_fill_time(token, *, now=None):
    """Reject forms sent back too fast (bots) or without / with a forged timestamp."""
    opts = _options()
    now = time.time() if now is None else now
    try:
        shown = int(
            signing.TimestampSigner(salt=_SALT).unsign(
                token or "", max_age=opts["MAX_FILL_SECONDS"]
            )
        )
    except signing.SignatureExpired:
        raise SpamRejected(
            _("This form has expired. Please reload the page and try again.")
        ) from None
    except (signing.BadSignature, ValueError):
        raise SpamRejected(
            _("This form could not be verified. Please reload the page and try again.")
        ) from None
    if now - shown < opts["MIN_FILL_SECONDS"]:
        raise SpamRejected(_("This form was sent too quickly. Please take a moment and try again."))


def check_spam(honeypot, token):
    check_honeypot(honeypot)
    check_fill_time(token)


def client_ip(request):
    # X-Forwarded-For counts only behind WAGTAIL_DOENERS["SECURITY"]["TRUSTED_PROXIES"].
    from wagtail_doeners.throttle import client_ip as _client_ip

    return _client_ip(request) or "unknown"


def check_rate_limit(scope, *, ip, email):
    """Count this submission; raise RateLimited when the IP or the e-mail address is
    over its limit for the current window. Both counters are always incremented so a
    bot rotating addresses still hits the IP limit."""
    from wagtail_doeners.throttle import hit

    opts = _options()
    limits = {"window": opts["RATE_LIMIT_WINDOW"], "cache": opts["CACHE"]}
    over_ip, retry_ip = hit(scope, "ip", ip, limit=opts["RATE_LIMIT_PER_IP"], **limits)
    over_mail, retry_mail = (False, 0)
    if email:
        over_mail, retry_mail = hit(
            scope, "email", email, limit=opts["RATE_LIMIT_PER_EMAIL"], **limits
        )
    if over_ip or over_mail:
        minutes = max(1, round(max(retry_ip if over_ip else 0, retry_mail) / 60))
        raise RateLimited(
            _("You have sent too many requests. Please try again in %(minutes)s minutes.")
            % {"minutes": minutes},
            retry_after=max(retry_ip if over_ip else 0, retry_mail),
        )
