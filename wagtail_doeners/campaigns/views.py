"""Public views: subscribe with double opt-in, confirm, unsubscribe (GET confirms,
only POST unsubscribes, RFC 8058 one-click), and the signed click redirect."""

from django.core import signing
from django.core.mail import send_mail
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from wagtail_doeners import throttle
from wagtail_doeners.conf import doeners_settings
from wagtail_doeners.throttle import client_ip

from . import subscriptions
from .forms import SubscribeForm
from .models import Click, Delivery, Subscriber, Suppression
from .rendering import site_base_url
from .tokens import confirm_token, read_click_token, read_confirm_token, read_unsubscribe_token
from .urls_names import URL_NAMESPACE

_TEMPLATES = "wagtail_doeners/campaigns/"


def _invalid(request, message):
    return render(request, _TEMPLATES + "invalid_link.html", {"message": message}, status=400)


def _client_ip(request):
    return client_ip(request) or None


def _subscribe_limited(request, email):
    """The RateLimited-style message and retry delay, or None when within limits."""
    conf = doeners_settings.SECURITY
    window = conf["SUBSCRIBE_LIMIT_WINDOW"]
    limits = {"window": window, "cache": conf["CACHE"]}
    over_ip, retry_ip = throttle.hit(
        "subscribe",
        "ip",
        client_ip(request) or "unknown",
        limit=conf["SUBSCRIBE_LIMIT_PER_IP"],
        **limits,
    )
    over_mail, retry_mail = throttle.hit(
        "subscribe", "email", email, limit=conf["SUBSCRIBE_LIMIT_PER_EMAIL"], **limits
    )
    if not (over_ip or over_mail):
        return None
    retry = max(retry_ip if over_ip else 0, retry_mail if over_mail else 0)
    message = _("You have sent too many requests. Please try again in %(minutes)s minutes.") % {
        "minutes": max(1, round(retry / 60))
    }
    return message, retry


@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        limited = _subscribe_limited(request, form.cleaned_data["email"])
        if limited:
            form.add_error(None, limited[0])
            response = render(request, _TEMPLATES + "subscribe.html", {"form": form}, status=429)
            response["Retry-After"] = str(limited[1])
            return response
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("consent", "interests")}
        subscriber = subscriptions.request_opt_in(
            data, ip_address=_client_ip(request), interests=form.cleaned_data["interests"]
        )
        unsubscribed = Suppression.objects.filter(
            email_hash=subscriber.email_hash, reason=Suppression.Reason.UNSUBSCRIBED
        ).exists()
        if subscriber.status == Subscriber.Status.PENDING or unsubscribed:
            link = site_base_url() + reverse(
                URL_NAMESPACE + ":confirm", args=[confirm_token(subscriber.pk)]
            )
            send_mail(
                _("Confirm your subscription"),
                render_to_string(_TEMPLATES + "confirm_email.txt", {"link": link}),
                None,
                [subscriber.email],
            )
        # Same answer whether or not the address was known: no address probing.
        return render(request, _TEMPLATES + "subscribe_sent.html")
    status = 400 if request.method == "POST" else 200
    return render(request, _TEMPLATES + "subscribe.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        subscriber = Subscriber.objects.get(pk=read_confirm_token(token))
    except (signing.BadSignature, Subscriber.DoesNotExist):
        return _invalid(request, _("This confirmation link is invalid or has expired."))
    if request.method == "POST":
        subscriptions.confirm(subscriber, ip_address=_client_ip(request))
        return render(request, _TEMPLATES + "confirmed.html")
    return render(request, _TEMPLATES + "confirm.html", {"token": token})


@csrf_exempt  # RFC 8058 one-click POSTs come from mail clients, without a CSRF token;
# the signed, expiring token bound to (campaign, subscriber) is the protection.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        campaign_id, subscriber_id = read_unsubscribe_token(token)
    except (signing.BadSignature, ValueError, TypeError):
        return _invalid(request, _("This unsubscribe link is invalid or has expired."))
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first() if subscriber_id else None
    if request.method == "GET":
        # Link scanners follow GETs: never unsubscribe here.
        return render(request, _TEMPLATES + "unsubscribe.html", {"token": token})
    if subscriber is not None and subscriber.status != Subscriber.Status.ERASED:
        subscriptions.unsubscribe(subscriber, campaign_id=campaign_id or None)
    return render(request, _TEMPLATES + "unsubscribed.html")


@require_http_methods(["GET", "HEAD"])
def click(request, token):
    try:
        delivery_id, url = read_click_token(token)
    except (signing.BadSignature, ValueError, TypeError):
        return _invalid(request, _("This link is invalid or has expired."))
    if not url.startswith(("http://", "https://")):
        return _invalid(request, _("This link is invalid or has expired."))
    if delivery_id and request.method == "GET":
        delivery = Delivery.objects.filter(pk=delivery_id).first()
        if delivery is not None:
            Click.objects.create(delivery=delivery, url=url[:1000])
            Delivery.objects.filter(pk=delivery_id, clicked_at__isnull=True).update(
                clicked_at=timezone.now()
            )
    return HttpResponseRedirect(url)
