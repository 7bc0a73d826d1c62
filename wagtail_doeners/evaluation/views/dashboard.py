"""The evaluation dashboard and the CSV exports behind its figures."""

import csv

from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..forms import PeriodForm
from ..metrics import default_metrics
from ..records import FIGURES, figure_records

DASHBOARD_PERMISSION = "doeners_evaluation.view_dashboard"
PERSONAL_PERMISSION = "doeners_evaluation.view_personal_records"


def personal_records_allowed(user, province):
    """Records with personal data need ``view_personal_records``; a provincial user
    (page permissions on some provinces' trees) gets them only for one of those
    provinces, never for another province's or the all-provinces export."""
    from wagtail_doeners.pages.permissions import user_provinces

    if not user.has_perm(PERSONAL_PERMISSION):
        return False
    if user.is_superuser:
        return True
    provinces = user_provinces(user)
    return not provinces or province in provinces


class _PermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(DASHBOARD_PERMISSION):
            # A plain 403: Wagtail turns a raised PermissionDenied into a redirect.
            return HttpResponseForbidden(_("You may not see the evaluation figures."))
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        data = self.request.GET if "date_from" in self.request.GET else None
        initial = PeriodForm.initial_data()
        return PeriodForm(data or initial)


def flows(metrics):
    return [
        (_("Matches: company province × organisation province"), metrics["q4"]["flow_matches"]),
        (
            _("Confirmed collaborations: company province × organisation province"),
            metrics["q4"]["flow_collaborations"],
        ),
    ]


class DashboardView(_PermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtail_doeners/evaluation/dashboard.html"
    page_title = gettext_lazy("Evaluation")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.get_form()
        context["form"] = form
        if form.is_valid():
            metrics = default_metrics(form.period())
            query = urlencode(
                {
                    "date_from": metrics["period"]["from"],
                    "date_to": metrics["period"]["to"],
                    "province": metrics["period"]["province"],
                }
            )
            context.update(
                m=metrics,
                flows=flows(metrics),
                exports={
                    key: f"{reverse('doeners_evaluation:export', args=[key])}?{query}"
                    for key in FIGURES
                },
            )
        return context


class ExportView(_PermissionMixin, View):
    def get(self, request, figure):
        if figure not in FIGURES:
            raise Http404
        form = self.get_form()
        if not form.is_valid():
            return HttpResponse(
                "; ".join(e for errors in form.errors.values() for e in errors),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        period = form.period()
        personal = personal_records_allowed(request.user, period.province)
        header, rows = figure_records(figure, period, personal=personal)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"doeners-{figure}-{period.province or 'vlaanderen'}-{period.start}-{period.end}"
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        writer = csv.writer(response)
        writer.writerow(header)
        writer.writerows(rows)
        return response
