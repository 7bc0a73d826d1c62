"""E-mails of the matchmaking flow. Each function renders a plain-text template
under ``wagtail_doeners/matchmaking/email/`` and sends one message; the Celery tasks
in ``tasks.py`` call them. Links are absolute, built from the page's Site or
``WAGTAIL_DOENERS["BASE_URL"]``."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site

from wagtail_doeners.conf import doeners_settings

from .signing import followup_token, response_token


def _from_email():
    return doeners_settings.MATCHMAKING["FROM_EMAIL"] or settings.DEFAULT_FROM_EMAIL


def base_url(page=None):
    if doeners_settings.BASE_URL:
        return doeners_settings.BASE_URL.rstrip("/")
    site = page.get_site() if page is not None else None
    site = site or Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return site.root_url.rstrip("/") if site else ""


def absolute(path, page=None):
    return f"{base_url(page)}{path}"


def send(template, to, context, *, language=None, reply_to=None):
    """Render ``email/<template>.txt`` (first line: subject) and send it."""
    if not to:
        return False
    with translation.override(language or settings.LANGUAGE_CODE):
        text = render_to_string(f"wagtail_doeners/matchmaking/email/{template}.txt", context)
    subject, _, body = text.strip().partition("\n")
    message = EmailMessage(
        subject=subject.strip(),
        body=body.strip() + "\n",
        from_email=_from_email(),
        to=[to],
        reply_to=[reply_to] if reply_to else None,
    )
    message.send()
    return True


def enterprise_address(enterprise):
    if enterprise is None:
        return ""
    return enterprise.contact_email or enterprise.public_email


def response_url(demand, enterprise):
    path = reverse(
        "wagtail_doeners:matchmaking:respond", args=[response_token(demand.pk, enterprise.pk)]
    )
    return absolute(path, demand)


def followup_urls(followup, page=None):
    token = followup_token(followup.pk, followup.match_id)
    path = reverse("wagtail_doeners:matchmaking:followup", args=[token])
    return {
        answer: absolute(f"{path}?answer={answer}", page) for answer in ("yes", "not_yet", "no")
    }
