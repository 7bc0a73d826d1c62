"""The public, server-rendered pages: they render, link up and never show private data."""

import pytest

from tests.factories import (
    make_category,
    make_demand,
    make_enterprise,
    make_kbo,
    make_offering,
    make_province_site,
)

pytestmark = pytest.mark.django_db

PRIVATE_VALUES = [
    "Geheime Persoon Zz9",
    "geheim-zz9@private.example",
    "+32 470 00 99 11",
    "Verborgen Klant Zz9 BV",
    make_kbo(424242),  # not the 0403.170.701 that form help texts use as an example
]


@pytest.fixture
def site_tree():
    site, directory, demand_index = make_province_site("limburg", hostname="testserver")
    parent = make_category("groen", "Groenonderhoud")
    child = make_category("maaien", "Maaien", parent=parent)
    enterprise = make_enterprise(
        directory,
        title="Groenwerk De Linde",
        postal_code="3500",
        recognition_type="lde",
        public_email="info@linde.example",
        contact_person=PRIVATE_VALUES[0],
        contact_email=PRIVATE_VALUES[1],
        contact_phone=PRIVATE_VALUES[2],
    )
    other = make_enterprise(directory, title="Drukkerij Het Anker", postal_code="3600")
    offering = make_offering(enterprise, title="Gazon maaien", category=child)
    demand = make_demand(
        demand_index,
        title="Wie maait ons bedrijfsterrein?",
        postal_code="3600",
        category=child,
        company_name=PRIVATE_VALUES[3],
        company_kbo=PRIVATE_VALUES[4],
        contact_person=PRIVATE_VALUES[0],
        contact_email=PRIVATE_VALUES[1],
        contact_phone=PRIVATE_VALUES[2],
    )
    return {
        "site": site,
        "home": site.root_page,
        "directory": directory,
        "demand_index": demand_index,
        "enterprise": enterprise,
        "other": other,
        "offering": offering,
        "demand": demand,
    }


def _path(page):
    return page.get_url_parts()[2]


def _get(client, page, query=""):
    response = client.get(_path(page) + query)
    assert response.status_code == 200, (page, response.status_code)
    html = response.content.decode()
    for value in PRIVATE_VALUES:
        assert value not in html, f"private value {value!r} on {page.url}"
    return html


@pytest.mark.parametrize(
    "key", ["home", "directory", "demand_index", "enterprise", "offering", "demand"]
)
def test_every_page_renders_with_nav_and_no_private_data(client, site_tree, key):
    html = _get(client, site_tree[key])
    assert site_tree[key].title in html
    assert 'href="/aanbod/"' in html and 'href="/vragen/"' in html
    assert 'href="/zoeken/"' in html
    assert 'hreflang="nl-be"' in html and '<span lang="en" aria-current="true">' in html
    assert "doeners.css" in html
    assert 'name="viewport"' in html


def test_directory_filters_by_recognition_type(client, site_tree):
    html = _get(client, site_tree["directory"])
    assert "Groenwerk De Linde" in html and "Drukkerij Het Anker" in html
    filtered = _get(client, site_tree["directory"], "?recognition=lde")
    assert "Groenwerk De Linde" in filtered and "Drukkerij Het Anker" not in filtered
    # An unknown value is ignored rather than producing an error or an empty list.
    assert "Drukkerij Het Anker" in _get(client, site_tree["directory"], "?recognition=x")


def test_enterprise_page_lists_offerings_and_public_contact(client, site_tree):
    html = _get(client, site_tree["enterprise"])
    assert "Gazon maaien" in html
    assert "info@linde.example" in html
    assert site_tree["enterprise"].kbo_number in html


def test_offering_page_has_category_breadcrumb_and_enterprise_card(client, site_tree):
    html = _get(client, site_tree["offering"])
    assert html.index("Groenonderhoud") < html.index("Maaien")
    assert "Groenwerk De Linde" in html
    assert f'href="{_path(site_tree["enterprise"])}"' in html


def test_contact_slot_is_filled_when_matchmaking_is_installed(client, site_tree):
    html = _get(client, site_tree["offering"])
    assert 'id="contact"' in html


def test_optional_include_renders_nothing_for_missing_app_or_template(site_tree):
    from django.template import Context, Template

    tpl = Template("{% load doeners_pages %}[{% doeners_optional_include name app=app %}]")
    page = site_tree["offering"]
    block = "wagtail_doeners/matchmaking/contact_block.html"
    assert tpl.render(Context({"name": block, "app": "not.installed", "page": page})) == "[]"
    missing = "wagtail_doeners/nope/missing.html"
    assert tpl.render(Context({"name": missing, "app": None, "page": page})) == "[]"
    assert (
        tpl.render(
            Context(
                {
                    "name": "wagtail_doeners/pages/_enterprise_card.html",
                    "app": None,
                    "enterprise": site_tree["enterprise"],
                }
            )
        )
        != "[]"
    )


def test_demand_index_filters_by_status(client, site_tree):
    html = _get(client, site_tree["demand_index"])
    assert "Wie maait ons bedrijfsterrein?" in html
    closed = _get(client, site_tree["demand_index"], "?status=closed-unmet")
    assert "Wie maait ons bedrijfsterrein?" not in closed


def test_dutch_by_default_and_english_under_en(client, site_tree, settings):
    settings.LANGUAGE_CODE = "nl-be"
    html = _get(client, site_tree["offering"])
    assert '<html lang="nl-BE">' in html
    response = client.get("/en" + _path(site_tree["offering"]))
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_public_views_follow_the_language_switch(client, site_tree, settings):
    """The package's own views (search, question form, contact) live under
    i18n_patterns too: the language switch links a visitor to /en/zoeken/ in English
    and back to /zoeken/ in Dutch, query string kept."""
    import re

    def switch(html, language):
        # The switch's link to ``language``, followed as a browser would.
        return re.search(rf'<a href="([^"]*)" hreflang="{language}"', html)[1]

    settings.LANGUAGE_CODE = "nl-be"
    dutch = client.get("/zoeken/?q=schoonmaak")
    assert '<html lang="nl-BE">' in dutch.content.decode()
    switched = switch(dutch.content.decode(), "en")
    assert switched == "/en/zoeken/?q=schoonmaak"
    english = client.get(switched)
    assert english.status_code == 200
    assert '<html lang="en">' in english.content.decode()
    back = switch(english.content.decode(), "nl-be")
    assert back == "/zoeken/?q=schoonmaak"
    assert '<html lang="nl-BE">' in client.get(back).content.decode()
    # Wagtail pages switch the same way.
    from django.utils import translation

    with translation.override("nl-be"):
        dutch_path = _path(site_tree["offering"])
    page = client.get("/en" + dutch_path).content.decode()
    assert switch(page, "nl-be") == dutch_path
