"""Signed, expiring links that let a person act without an account: an enterprise
answering a demand, and either side answering a follow-up. Each token is bound to
the records it acts on, so it cannot be replayed against another demand or match."""

from django.core import signing

from wagtail_doeners.conf import doeners_settings

_RESPONSE_SALT = "wagtail_doeners.matchmaking.respond"
_FOLLOWUP_SALT = "wagtail_doeners.matchmaking.followup"


def _max_age():
    return doeners_settings.MATCHMAKING["LINK_MAX_AGE_DAYS"] * 86400


def response_token(demand_id, enterprise_id):
    return signing.dumps({"d": demand_id, "e": enterprise_id}, salt=_RESPONSE_SALT, compress=True)


def read_response_token(token):
    """``(demand_id, enterprise_id)``; raises ``signing.BadSignature`` (or its
    subclass ``SignatureExpired``)."""
    data = signing.loads(token, salt=_RESPONSE_SALT, max_age=_max_age())
    return int(data["d"]), int(data["e"])


def followup_token(followup_id, match_id):
    return signing.dumps({"f": followup_id, "m": match_id}, salt=_FOLLOWUP_SALT, compress=True)


def read_followup_token(token):
    data = signing.loads(token, salt=_FOLLOWUP_SALT, max_age=_max_age())
    return int(data["f"]), int(data["m"])
