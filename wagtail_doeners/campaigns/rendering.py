"""Campaign mail: the body is rendered once per chunk from Wagtail content, then
personalised per recipient by cheap placeholder substitution.

``build_content(campaign)`` does the database work and template rendering;
``render_message(content, ...)`` needs no database, so the benchmark's bare loop
renders exactly the same mail.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.html import escape
from wagtail.rich_text import expand_db_html

from wagtail_doeners.conf import doeners_settings

from .tokens import click_token, unsubscribe_token
from .urls_names import URL_NAMESPACE

_PLACEHOLDER = re.compile(r"\[\[(GREETING|UNSUBSCRIBE|LINK:\d+)\]\]")
_HREF = re.compile(r'href="(https?://[^"]+)"')


@dataclass(frozen=True)
class CampaignContent:
    campaign_id: int
    subject: str
    from_email: str
    html: str
    text: str
    greeting: str
    base_url: str
    message_id_domain: str
    links: list = field(default_factory=list)


def site_base_url():
    base = doeners_settings.BASE_URL
    if not base:
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        base = site.root_url if site else "http://localhost"
    return base.rstrip("/")


def with_utm(url, campaign_id):
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(utm_source="doeners", utm_medium="email", utm_campaign=f"doeners-{campaign_id}")
    return urlunsplit(parts._replace(query=urlencode(query)))


def _cards(campaign):
    cards = []
    for page in campaign.featured_pages.live().specific():
        summary = getattr(page, "summary", "") or page.search_description or ""
        cards.append({"title": page.title, "summary": summary, "url": page.get_full_url()})
    return cards


def build_content(campaign, *, test=False):
    """Render the campaign once, with placeholders for everything personal."""
    base_url = site_base_url()
    context = {
        "campaign": campaign,
        "body": expand_db_html(campaign.body or ""),
        "cards": _cards(campaign),
        "greeting": "[[GREETING]]",
        "unsubscribe_url": "[[UNSUBSCRIBE]]",
    }
    html = render_to_string("wagtail_doeners/campaigns/email.html", context)
    text = render_to_string("wagtail_doeners/campaigns/email.txt", context)
    links = []

    def _link(match):
        url = with_utm(match.group(1), campaign.pk)
        if url not in links:
            links.append(url)
        return f'href="[[LINK:{links.index(url)}]]"'

    html = _HREF.sub(_link, html)
    for card in context["cards"]:
        url = with_utm(card["url"], campaign.pk)
        if url in links:
            text = text.replace(card["url"], f"[[LINK:{links.index(url)}]]")
    conf = doeners_settings.CAMPAIGNS
    domain = conf["MESSAGE_ID_DOMAIN"] or urlsplit(base_url).hostname or "doeners.local"
    subject = f"[TEST] {campaign.subject}" if test else campaign.subject
    return CampaignContent(
        campaign_id=campaign.pk,
        subject=subject,
        from_email=conf["FROM_EMAIL"] or settings.DEFAULT_FROM_EMAIL,
        html=html,
        text=text,
        greeting=campaign.greeting,
        base_url=base_url,
        message_id_domain=domain,
        links=links,
    )


def message_id(campaign_id, subscriber_id, domain):
    """The same Message-ID for every attempt to mail one subscriber in one campaign,
    so receiving servers and our own logs can spot a redelivered duplicate."""
    digest = salted_hmac("doeners.message-id", f"{campaign_id}:{subscriber_id}").hexdigest()
    return f"<doeners.c{campaign_id}.s{subscriber_id}.{digest[:12]}@{domain}>"


@lru_cache(maxsize=64)
def _url_for(base_url, name):
    # Reversed once per process: the per-recipient part is only the token.
    return base_url + reverse(f"{URL_NAMESPACE}:{name}", args=["TOKEN"])


def render_message(content, *, delivery_id, subscriber_id, email, first_name, connection=None):
    """One personalised message. ``delivery_id`` 0 means a test send (not tracked)."""
    unsubscribe_url = _url_for(content.base_url, "unsubscribe").replace(
        "TOKEN", unsubscribe_token(content.campaign_id if delivery_id else 0, subscriber_id)
    )
    click_prefix = _url_for(content.base_url, "click")
    greeting = f"{content.greeting} {first_name}".strip() + ","

    def _fill(escape_fn):
        def _sub(match):
            key = match.group(1)
            if key == "GREETING":
                return escape_fn(greeting)
            if key == "UNSUBSCRIBE":
                return unsubscribe_url
            url = content.links[int(key[5:])]
            return click_prefix.replace("TOKEN", click_token(delivery_id, url))

        return _sub

    html = _PLACEHOLDER.sub(_fill(escape), content.html)
    text = _PLACEHOLDER.sub(_fill(str), content.text)
    msg = EmailMultiAlternatives(
        subject=content.subject,
        body=text,
        from_email=content.from_email,
        to=[email],
        connection=connection,
        headers={
            "Message-ID": message_id(content.campaign_id, subscriber_id, content.message_id_domain),
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    msg.attach_alternative(html, "text/html")
    return msg
