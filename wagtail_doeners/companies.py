"""Pseudonymous keys for buyer companies, so evaluation counts companies without
storing who they are: the KBO number when given, else a salted hash of the
e-mail domain. The salt is ``WAGTAIL_DOENERS["EVALUATION"]["COMPANY_KEY_SALT"]``
(falls back to SECRET_KEY); keep it the same across the provinces' installs so that
one company counts once in Flanders-wide figures.
"""

import hashlib
import hmac

from django.conf import settings
from stdnum.be import vat as be_vat

from wagtail_doeners.conf import doeners_settings

# Shared mail providers say nothing about the company: hash the full address then.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "yahoo.com",
        "telenet.be",
        "skynet.be",
        "proximus.be",
        "icloud.com",
        "me.com",
        "msn.com",
        "scarlet.be",
        "hotmail.be",
        "outlook.be",
        "protonmail.com",
        "proton.me",
        "gmx.com",
        "yahoo.be",
    }
)


def _salt():
    return (doeners_settings.EVALUATION.get("COMPANY_KEY_SALT") or settings.SECRET_KEY).encode()


def company_key(kbo=None, email=None):
    """``kbo:0403170701`` for a valid KBO, else ``h:<16 hex>`` from the e-mail domain
    (or the whole address at a public mail provider); ``""`` when neither is given."""
    if kbo and be_vat.is_valid(kbo):
        return f"kbo:{be_vat.compact(kbo)}"
    if email and "@" in email:
        address = email.strip().lower()
        domain = address.rsplit("@", 1)[1]
        material = address if domain in PUBLIC_MAIL_DOMAINS else domain
        digest = hmac.new(_salt(), material.encode(), hashlib.sha256).hexdigest()[:16]
        return f"h:{digest}"
    return ""
