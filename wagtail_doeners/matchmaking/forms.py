"""Public forms: contact request, demand submission, response to a demand, and the
follow-up answer. Spam fields (honeypot and signed timestamp) are added by
``SpamProtectedForm``; the checks themselves live in ``spam.py``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail_doeners.pages.choices import BudgetBand, DemandKind

from .choices import FollowUpAnswer, ValueBand
from .profile import CompanyProfileMixin
from .spam import HONEYPOT_FIELD, TIMESTAMP_FIELD, issue_timestamp


class SpamProtectedForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[TIMESTAMP_FIELD] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=issue_timestamp
        )


class ContactRequestForm(CompanyProfileMixin, SpamProtectedForm):
    message = forms.CharField(label=_("Your question"), max_length=5000, widget=forms.Textarea)

    field_order = [
        "company_name",
        "company_kbo",
        "nace_section",
        "size_class",
        "postal_code",
        "contact_person",
        "email",
        "phone",
        "message",
        "consent",
    ]


class DemandSubmissionForm(CompanyProfileMixin, SpamProtectedForm):
    kind = forms.ChoiceField(
        label=_("What do you want to post?"), choices=DemandKind.choices, initial="request"
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    category = forms.ModelChoiceField(label=_("Category"), queryset=None)
    description = forms.CharField(
        label=_("Describe what you are looking for"), max_length=10000, widget=forms.Textarea
    )
    region = forms.CharField(
        label=_("Where is the work to be done?"), max_length=255, required=False
    )
    deadline = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    budget_band = forms.ChoiceField(
        label=_("Budget"), choices=BudgetBand.choices, initial=BudgetBand.UNKNOWN
    )

    field_order = [
        "kind",
        "title",
        "category",
        "description",
        "region",
        "deadline",
        "budget_band",
        "company_name",
        "company_kbo",
        "nace_section",
        "size_class",
        "postal_code",
        "contact_person",
        "email",
        "phone",
        "consent",
    ]

    def __init__(self, *args, **kwargs):
        from wagtail_doeners.pages.models import OfferingCategory

        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = OfferingCategory.objects.all()
        self.fields["category"].to_field_name = "slug"

    def clean_deadline(self):
        from django.utils import timezone

        value = self.cleaned_data.get("deadline")
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return value


class DemandResponseForm(forms.Form):
    message = forms.CharField(
        label=_("Your answer to the company"),
        max_length=5000,
        widget=forms.Textarea,
        help_text=_("It is forwarded to the company with your public contact details."),
    )


class FollowUpAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=FollowUpAnswer.choices, widget=forms.RadioSelect)
    value_band = forms.ChoiceField(
        label=_("Approximate value"),
        required=False,
        choices=[("", _("I'd rather not say"))] + list(ValueBand.choices),
    )
    start_date = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    recurring = forms.NullBooleanField(
        label=_("Is it recurring work?"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("Don't know")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )
