"""Validation of the company profile shared by the contact and demand forms and the
API: the same rules and messages everywhere."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail_doeners.pages.choices import SizeClass
from wagtail_doeners.validators import clean_kbo, clean_postal_code

# NACE-BEL 2025 / NACE Rev. 2.1 has 22 sections, A to V.
NACE_SECTIONS = [chr(c) for c in range(ord("A"), ord("V") + 1)]


def nace_section_choices():
    from wagtail_doeners.pages.models import NaceCode

    names = {
        code: str(name)
        for code, name in NaceCode.objects.filter(
            level=NaceCode.SECTION, code__in=NACE_SECTIONS
        ).values_list("code", "name_nl")
    }
    choices = [(s, f"{s} – {names[s]}" if s in names else s) for s in NACE_SECTIONS]
    return [("", _("Choose a sector (NACE-BEL section)"))] + choices


class CompanyProfileMixin(forms.Form):
    """Fields and cleaning of the buyer company's profile and contact details."""

    company_name = forms.CharField(label=_("Company name"), max_length=255)
    company_kbo = forms.CharField(
        label=_("KBO enterprise number"),
        max_length=20,
        required=False,
        help_text=_("Optional, e.g. 0403.170.701."),
    )
    nace_section = forms.ChoiceField(
        label=_("Sector (NACE-BEL section)"), required=False, choices=()
    )
    size_class = forms.ChoiceField(
        label=_("Company size"),
        required=False,
        choices=[("", _("Choose a size"))] + list(SizeClass.choices),
    )
    postal_code = forms.CharField(label=_("Postal code"), max_length=8)
    contact_person = forms.CharField(label=_("Contact person"), max_length=255)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that my contact details are passed on to answer this request "
            "and kept only as long as needed."
        ),
        error_messages={"required": _("Please give your consent so that we can pass it on.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nace_section"].choices = nace_section_choices()

    def clean_company_kbo(self):
        value = self.cleaned_data.get("company_kbo", "").strip()
        return clean_kbo(value) if value else ""

    def clean_postal_code(self):
        record = clean_postal_code(self.cleaned_data["postal_code"].strip())
        self.postal_record = record
        return record.postal_code

    def clean_nace_section(self):
        return (self.cleaned_data.get("nace_section") or "").upper()

    def buyer_province(self):
        record = getattr(self, "postal_record", None)
        return record.province if record else ""
