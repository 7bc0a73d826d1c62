"""Admin views: moderating a demand submission, and the unmet-demand overview."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail_doeners.pages.permissions import user_provinces

from ..demands import ModerationError, approve_submission, reject_submission, unmet_demands
from ..models import DemandSubmission


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("Approve and publish")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (mailed to the company when rejecting)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give the company a reason for the rejection."))
        return cleaned


def _check(user, province):
    if not user.has_perm("doeners_matchmaking.change_demandsubmission"):
        raise PermissionDenied
    if not user.is_superuser and province not in user_provinces(user):
        raise PermissionDenied


def moderate_submission(request, pk):
    submission = get_object_or_404(DemandSubmission.objects.select_related("category"), pk=pk)
    _check(request.user, submission.province)
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["action"] == "approve":
                page = approve_submission(submission, user=request.user)
                messages.success(request, _("“%(title)s” is published.") % {"title": page.title})
            else:
                reject_submission(submission, reason=form.cleaned_data["reason"], user=request.user)
                messages.success(
                    request, _("The submission was rejected; the company is told why.")
                )
        except ModerationError:
            messages.error(request, _("This submission was already moderated."))
        return redirect("doeners_matchmaking_demandsubmission_modeladmin_index")
    return TemplateResponse(
        request,
        "wagtail_doeners/matchmaking/admin/moderate.html",
        {"submission": submission, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def unmet_demand(request):
    """Demands without a response after N days, by category; plus zero-result
    searches when the evaluation app records them."""
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    provinces = None if request.user.is_superuser else user_provinces(request.user)
    demands = list(unmet_demands())
    if provinces is not None:
        demands = [d for d in demands if _owning_province(d) in provinces]
    by_category = {}
    for demand in demands:
        by_category.setdefault(demand.category, []).append(demand)
    return TemplateResponse(
        request,
        "wagtail_doeners/matchmaking/admin/unmet.html",
        {
            "by_category": sorted(by_category.items(), key=lambda kv: -len(kv[1])),
            "total": len(demands),
            "zero_result_searches": _zero_result_searches(provinces),
        },
    )


def _owning_province(demand):
    from wagtail_doeners.pages.provinces import get_page_province

    return get_page_province(demand)


def _zero_result_searches(provinces, limit=50):
    """Most frequent searches without results, from the evaluation event log (None
    when the evaluation app is not installed)."""
    from django.apps import apps
    from django.db.models import Count

    try:
        event_model = apps.get_model("doeners_evaluation", "Event")
    except LookupError:
        return None
    qs = event_model.objects.filter(kind="search", result_count=0)
    if provinces is not None:
        qs = qs.filter(province__in=provinces)
    return list(qs.values("query").annotate(n=Count("pk")).order_by("-n", "query")[:limit])
