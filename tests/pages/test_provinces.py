"""Province names follow the visitor's language wherever they are shown."""

from django.utils import translation

from wagtail_doeners.pages.provinces import province_label
from wagtail_doeners.pages.templatetags.doeners_pages import province_name
from wagtail_doeners.search.backends.engine import facet_label


def test_province_label_follows_the_active_language():
    with translation.override("en"):
        assert province_label("west-vlaanderen") == "West Flanders"
        assert facet_label("province", "west-vlaanderen") == "West Flanders"
        assert facet_label("service_area", "antwerpen") == "Antwerp"
        assert province_name("oost-vlaanderen") == "East Flanders"
    with translation.override("nl-be"):
        assert province_label("west-vlaanderen") == "West-Vlaanderen"
        assert facet_label("province", "west-vlaanderen") == "West-Vlaanderen"


def test_province_label_in_a_fixed_language_and_unknown_slugs():
    with translation.override("en"):
        # Group names and other stored labels stay Dutch whatever the language.
        assert province_label("vlaams-brabant", "nl") == "Vlaams-Brabant"
    assert province_label("atlantis") == "atlantis"
    assert province_label("") == ""
