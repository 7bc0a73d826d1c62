"""Public forms of the campaigns app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail_doeners.pages.choices import SizeClass
from wagtail_doeners.pages.models import OfferingCategory
from wagtail_doeners.validators import clean_kbo, clean_postal_code


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    company_name = forms.CharField(label=_("Company"), max_length=255, required=False)
    company_kbo = forms.CharField(label=_("KBO number"), max_length=14, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=4, required=False)
    size_class = forms.ChoiceField(
        label=_("Company size"), choices=[("", "—"), *SizeClass.choices], required=False
    )
    interests = forms.ModelMultipleChoiceField(
        label=_("Interested in"),
        queryset=OfferingCategory.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree to receive news about the social economy by e-mail. I can "
            "unsubscribe at any time through the link in every mail."
        )
    )

    def clean_company_kbo(self):
        value = self.cleaned_data["company_kbo"]
        return clean_kbo(value) if value else ""

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"]
        return clean_postal_code(value).postal_code if value else ""
