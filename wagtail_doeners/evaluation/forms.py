"""The period and province chosen on the dashboard, the report and the exports."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail_doeners.conf import PROVINCES

from .metrics import Period


class PeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    province = forms.ChoiceField(
        label=_("Province"),
        required=False,
        choices=[("", _("All of Flanders"))] + [(s, n[1]) for s, n in PROVINCES.items()],
    )

    MAX_DAYS = 366 * 10

    @classmethod
    def initial_data(cls):
        today = timezone.localdate()
        return {"date_from": date(today.year, 1, 1), "date_to": today, "province": ""}

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("The start date must not be after the end date."))
            if (end - start).days > self.MAX_DAYS:
                raise forms.ValidationError(_("Choose a period of at most ten years."))
        return data

    def period(self):
        data = self.cleaned_data
        return Period(data["date_from"], data["date_to"], data.get("province") or None)
