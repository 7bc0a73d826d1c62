"""Admin views for enterprise accounts: the open demands, those they were alerted
about first, and answering one from the account (instead of the signed link)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupPagePermission

from wagtail_doeners.pages.choices import DemandStatus

from ..choices import ResponseVia
from ..demands import record_response
from ..models import DemandAlert, DemandResponse


def account_enterprises(user):
    """The EnterprisePages this account was given directly (see
    ``pages.permissions.setup_enterprise_account``); provincial editors, whose
    permissions sit on a site root, are not an enterprise."""
    from wagtail_doeners.pages.models import EnterprisePage

    if not user.is_authenticated:
        return EnterprisePage.objects.none()
    granted = GroupPagePermission.objects.filter(
        group__user=user, permission__codename="change_page"
    ).values("page_id")
    return EnterprisePage.objects.filter(pk__in=granted)


class AccountResponseForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Answer as"), queryset=None)
    message = forms.CharField(
        label=_("Your answer to the company"), max_length=5000, widget=forms.Textarea
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        if enterprises.count() == 1:
            self.fields["enterprise"].initial = enterprises.first()


def demand_list(request):
    from wagtail_doeners.pages.models import DemandPage

    enterprises = account_enterprises(request.user)
    if not enterprises.exists():
        raise PermissionDenied
    alerted = set(
        DemandAlert.objects.filter(enterprise__in=enterprises).values_list("demand_id", flat=True)
    )
    answered = set(
        DemandResponse.objects.filter(enterprise__in=enterprises).values_list(
            "demand_id", flat=True
        )
    )
    demands = list(
        DemandPage.objects.live()
        .filter(status__in=[DemandStatus.OPEN, DemandStatus.ANSWERED])
        .select_related("category")
        .order_by("-first_published_at")[:200]
    )
    demands.sort(key=lambda d: d.pk not in alerted)
    return TemplateResponse(
        request,
        "wagtail_doeners/matchmaking/admin/enterprise_demands.html",
        {"demands": demands, "alerted": alerted, "answered": answered},
    )


def respond_from_account(request, demand_id):
    from wagtail_doeners.pages.models import DemandPage

    enterprises = account_enterprises(request.user)
    if not enterprises.exists():
        raise PermissionDenied
    demand = get_object_or_404(
        DemandPage.objects.live().filter(status__in=[DemandStatus.OPEN, DemandStatus.ANSWERED]),
        pk=demand_id,
    )
    form = AccountResponseForm(request.POST or None, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        enterprise = form.cleaned_data["enterprise"]
        if DemandResponse.objects.filter(demand=demand, enterprise=enterprise).exists():
            messages.error(request, _("You already answered this question."))
        else:
            record_response(
                demand, enterprise, form.cleaned_data["message"], via=ResponseVia.ACCOUNT
            )
            messages.success(request, _("Your answer was sent to the company."))
        return redirect("doeners_matchmaking_enterprise_demands")
    return TemplateResponse(
        request,
        "wagtail_doeners/matchmaking/admin/enterprise_respond.html",
        {"demand": demand, "form": form},
        status=400 if request.method == "POST" else 200,
    )
