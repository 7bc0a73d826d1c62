"""The shared path of a public submission: spam checks, validation, rate limit."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ..spam import (
    HONEYPOT_FIELD,
    TIMESTAMP_FIELD,
    RateLimited,
    SpamRejected,
    check_rate_limit,
    check_spam,
    client_ip,
)


def handle_public_form(request, form, *, scope, template, context, on_valid):
    """Return a response: the re-rendered form with errors (400), a 429 page, or
    whatever ``on_valid(cleaned_data)`` returns."""
    status = 200
    if request.method == "POST":
        try:
            check_spam(request.POST.get(HONEYPOT_FIELD), request.POST.get(TIMESTAMP_FIELD))
        except SpamRejected as exc:
            form.is_valid()  # keep field errors visible too
            form.add_error(None, exc.message)
            return render(request, template, {**context, "form": _fresh(form)}, status=400)
        if form.is_valid():
            try:
                check_rate_limit(scope, ip=client_ip(request), email=form.cleaned_data["email"])
            except RateLimited as exc:
                response = render(
                    request,
                    template,
                    {**context, "form": _fresh(form), "rate_limited": exc.message},
                    status=429,
                )
                response["Retry-After"] = str(exc.retry_after)
                return response
            cleaned = {**form.cleaned_data, "buyer_province": form.buyer_province()}
            return on_valid(cleaned)
        status = 400
    return render(request, template, {**context, "form": _fresh(form)}, status=status)


def _fresh(form):
    # A re-shown form gets a new timestamp, so the minimum fill time counts from now.
    from ..spam import issue_timestamp

    if form.is_bound:
        data = form.data.copy()
        data[TIMESTAMP_FIELD] = issue_timestamp()
        data[HONEYPOT_FIELD] = ""
        form.data = data
    return form


RATE_LIMIT_TITLE = _("Too many requests")
