"""Signed tokens for the links in campaign mail. One salt per purpose, so a click
token can never be replayed as an unsubscribe token; every token expires."""

from django.core import signing

from wagtail_doeners.conf import doeners_settings

_UNSUBSCRIBE = "wagtail_doeners.campaigns.unsubscribe"
_CLICK = "wagtail_doeners.campaigns.click"
_CONFIRM = "wagtail_doeners.campaigns.confirm"


def unsubscribe_token(campaign_id, subscriber_id):
    """Bound to one (campaign, subscriber); campaign 0 / subscriber 0 mark a test send."""
    return signing.dumps([campaign_id, subscriber_id], salt=_UNSUBSCRIBE, compress=True)


def read_unsubscribe_token(token):
    """``(campaign_id, subscriber_id)`` or raise ``signing.BadSignature``."""
    max_age = doeners_settings.CAMPAIGNS["UNSUBSCRIBE_MAX_AGE"]
    campaign_id, subscriber_id = signing.loads(token, salt=_UNSUBSCRIBE, max_age=max_age)
    return int(campaign_id), int(subscriber_id)


def click_token(delivery_id, url):
    return signing.dumps([delivery_id, url], salt=_CLICK, compress=True)


def read_click_token(token):
    """``(delivery_id, url)`` or raise ``signing.BadSignature``."""
    max_age = doeners_settings.CAMPAIGNS["CLICK_MAX_AGE"]
    delivery_id, url = signing.loads(token, salt=_CLICK, max_age=max_age)
    return int(delivery_id), str(url)


def confirm_token(subscriber_id):
    return signing.dumps(subscriber_id, salt=_CONFIRM)


def read_confirm_token(token):
    return int(
        signing.loads(token, salt=_CONFIRM, max_age=doeners_settings.CAMPAIGNS["CONFIRM_MAX_AGE"])
    )
