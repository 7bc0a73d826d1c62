"""Admin screens beyond the generic viewsets: campaign report with a live progress
bar (polling a small JSON endpoint), preview, status actions, test send, CSV export;
subscriber export/erase and CSV import."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import reports, scheduler, sending, subscriptions
from .importing import import_subscribers
from .models import Campaign, Subscriber
from .rendering import build_content, render_message
from .scoping import get_scoped_or_404, scoped

_T = "wagtail_doeners/campaigns/admin/"


def _require(request, codename):
    if not request.user.has_perm(f"doeners_campaigns.{codename}"):
        raise PermissionDenied


def progress(campaign):
    totals = reports.campaign_totals(campaign)
    done = totals["sent"] + totals["failed"] + totals["skipped"]
    audience = totals["audience"]
    return {
        "status": campaign.status,
        "status_label": str(campaign.get_status_display()),
        "reason": campaign.status_reason,
        "needs_confirmation": campaign.needs_confirmation,
        "percent": round(100 * done / audience, 1) if audience else 0,
        **totals,
    }


def campaign_report(request, pk):
    _require(request, "view_campaign")
    campaign = get_scoped_or_404(
        Campaign.objects.select_related("parent", "province"), request.user, pk=pk
    )
    return render(
        request,
        _T + "report.html",
        {
            "campaign": campaign,
            "progress": progress(campaign),
            "provinces": reports.province_breakdown(campaign),
            "follow_ups": campaign.follow_ups.all(),
            "test_form": TestSendForm(),
        },
    )


def campaign_progress(request, pk):
    _require(request, "view_campaign")
    return JsonResponse(progress(get_scoped_or_404(Campaign.objects, request.user, pk=pk)))


def campaign_preview(request, pk):
    _require(request, "view_campaign")
    campaign = get_scoped_or_404(Campaign.objects, request.user, pk=pk)
    msg = render_message(
        build_content(campaign, test=True),
        delivery_id=0,
        subscriber_id=0,
        email="preview@example.invalid",
        first_name=request.user.first_name or _("Jan"),
    )
    if request.GET.get("format") == "text":
        return HttpResponse(msg.body, content_type="text/plain; charset=utf-8")
    return HttpResponse(msg.alternatives[0][0])


_ACTIONS = {
    "launch": lambda c: sending.launch(c.pk),
    "pause": lambda c: sending.pause(c.pk),
    "resume": lambda c: sending.resume(c.pk),
    "cancel": lambda c: sending.cancel(c.pk),
    "confirm": lambda c: scheduler.confirm_missed(c.pk),
}


class ScheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(label=gettext_lazy("Send at (Europe/Brussels)"))

    def clean_scheduled_at(self):
        value = self.cleaned_data["scheduled_at"]
        if value < timezone.now():
            raise forms.ValidationError(gettext_lazy("Pick a time in the future."))
        return value


class TestSendForm(forms.Form):
    addresses = forms.CharField(
        label=gettext_lazy("Test addresses (comma separated, at most 10)"), max_length=1000
    )

    def clean_addresses(self):
        addresses = [a.strip() for a in self.cleaned_data["addresses"].split(",") if a.strip()]
        if not addresses or len(addresses) > 10:
            raise forms.ValidationError(gettext_lazy("Give between 1 and 10 addresses."))
        for address in addresses:
            validate_email(address)
        return addresses


@require_POST
def campaign_action(request, pk, action):
    _require(request, "change_campaign")
    campaign = get_scoped_or_404(Campaign.objects, request.user, pk=pk)
    if action == "schedule":
        form = ScheduleForm(request.POST)
        if form.is_valid() and sending.schedule(campaign.pk, form.cleaned_data["scheduled_at"]):
            messages.success(request, _("Campaign scheduled."))
        else:
            messages.error(
                request, "; ".join(form.errors.get("scheduled_at", [])) or _("Not possible now.")
            )
    elif action == "test":
        form = TestSendForm(request.POST)
        if form.is_valid():
            count = sending.send_test(campaign.pk, form.cleaned_data["addresses"])
            messages.success(request, _("Test sent to %(n)d address(es).") % {"n": count})
        else:
            messages.error(request, "; ".join(form.errors["addresses"]))
    elif action in _ACTIONS:
        if _ACTIONS[action](campaign):
            messages.success(request, _("Done."))
        else:
            messages.warning(request, _("Not possible in the campaign's current status."))
    else:
        raise Http404
    return redirect("doeners_campaigns_admin:report", pk=pk)


def reports_csv(request):
    _require(request, "view_campaign")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="campaign-report.csv"'
    reports.write_csv(reports.report_rows(scoped(Campaign.objects.all(), request.user)), response)
    return response


def subscriber_export(request, pk):
    _require(request, "view_subscriber")
    subscriber = get_scoped_or_404(Subscriber.objects, request.user, pk=pk)
    response = HttpResponse(
        json.dumps(subscriptions.export(subscriber), indent=2, ensure_ascii=False),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="subscriber-{pk}.json"'
    return response


def subscriber_erase(request, pk):
    _require(request, "delete_subscriber")
    subscriber = get_scoped_or_404(Subscriber.objects, request.user, pk=pk)
    if request.method == "POST":
        subscriptions.erase(subscriber)
        messages.success(request, _("Subscriber erased; the address stays suppressed."))
        return redirect("subscriber:index")
    return render(request, _T + "erase_confirm.html", {"subscriber": subscriber})


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file"))
    dry_run = forms.BooleanField(label=gettext_lazy("Only validate"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(gettext_lazy("The file is larger than 20 MB."))
        return upload


def subscriber_import(request):
    _require(request, "add_subscriber")
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        report = import_subscribers(
            form.cleaned_data["file"], source="admin-import", dry_run=form.cleaned_data["dry_run"]
        )
    return render(request, _T + "import.html", {"form": form, "report": report})
