import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from wagtail_doeners.conf import DEFAULTS, doeners_settings


def test_defaults_are_merged_one_level_deep():
    with override_settings(
        WAGTAIL_DOENERS={"PROVINCE": "limburg", "SEARCH": {"OPTIONS": {"X": 1}}}
    ):
        assert doeners_settings.PROVINCE == "limburg"
        assert doeners_settings.SEARCH["OPTIONS"] == {"X": 1}
        assert doeners_settings.SEARCH["BACKEND"] == DEFAULTS["SEARCH"]["BACKEND"]
    assert doeners_settings.PROVINCE == "vlaams-brabant"


def test_unknown_key_and_unknown_province_are_refused_with_a_reason():
    with override_settings(WAGTAIL_DOENERS={"PROVINCIE": "limburg"}):
        with pytest.raises(ImproperlyConfigured, match="unknown keys: PROVINCIE"):
            doeners_settings.PROVINCE
    with override_settings(WAGTAIL_DOENERS={"PROVINCE": "gent"}):
        with pytest.raises(ImproperlyConfigured, match="expected one of"):
            doeners_settings.PROVINCE


def test_company_key_uses_kbo_else_a_salted_domain_hash():
    from wagtail_doeners.companies import company_key

    assert company_key(kbo="BE 0403.170.701") == "kbo:0403170701"
    a = company_key(email="an@bakkerij-peeters.be")
    assert a.startswith("h:") and a == company_key(email="Jan@Bakkerij-Peeters.be ")
    # A public mail provider says nothing about the company: the address decides.
    assert company_key(email="x@gmail.com") != company_key(email="y@gmail.com")
    assert "bakkerij" not in a
    with override_settings(WAGTAIL_DOENERS={"EVALUATION": {"COMPANY_KEY_SALT": "other"}}):
        assert company_key(email="an@bakkerij-peeters.be") != a
    assert company_key() == ""
