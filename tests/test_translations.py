"""The Dutch (nl-BE) catalogues are complete, compiled and used.

Parses the .po files with a small parser (no polib dependency) and reads the
compiled .mo files with the standard library's ``gettext``.
"""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = [
    ROOT / "wagtail_doeners" / "locale" / "nl_BE" / "LC_MESSAGES" / "django.po",
    ROOT / "example_site" / "locale" / "nl_BE" / "LC_MESSAGES" / "django.po",
]


def parse_po(path):
    """Return the entries of a .po file as dicts (header and obsolete entries left out)."""
    entries, entry, field = [], None, None

    def finish():
        if entry and entry.get("msgid") not in (None, ""):
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and field is not None:
                finish()
                entry, field = None, None
            if line.startswith("#,"):
                entry = entry or {"flags": set()}
                entry["flags"].update(f.strip() for f in line[2:].split(","))
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            entry[field] += ast.literal_eval(line)
            continue
        if keyword in ("msgctxt", "msgid") and entry is not None and field is not None:
            if not (keyword == "msgid" and field == "msgctxt"):
                finish()
                entry = None
        if entry is None:
            entry = {"flags": set()}
        field = keyword
        entry[field] = ast.literal_eval(rest)
    finish()
    return entries


def msgstrs(entry):
    return [value for key, value in entry.items() if key.startswith("msgstr")]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_is_complete(po_path):
    assert po_path.exists()
    entries = parse_po(po_path)
    assert entries, "empty catalogue"
    untranslated = [e["msgid"] for e in entries if not all(msgstrs(e))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []
    header = po_path.read_text(encoding="utf-8")
    assert '"Language: nl_BE\\n"' in header
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in header


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_compiled_catalogue_is_current(po_path):
    """The committed .mo holds every translation of the .po (compilemessages was run)."""
    with po_path.with_suffix(".mo").open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    catalog = mo._catalog
    for entry in parse_po(po_path):
        key = entry["msgid"]
        if "msgctxt" in entry:
            key = f"{entry['msgctxt']}\x04{key}"
        if "msgid_plural" in entry:
            assert catalog.get((key, 0)) == entry["msgstr[0]"], key
            assert catalog.get((key, 1)) == entry["msgstr[1]"], key
        else:
            assert catalog.get(key) == entry["msgstr"], key


def test_locale_paths_cover_catalogues():
    paths = {Path(p).resolve() for p in settings.LOCALE_PATHS}
    for po_path in CATALOGUES:
        assert po_path.parents[2].resolve() in paths


def test_dutch_is_used_for_nl_be():
    with translation.override("nl-be"):
        assert translation.gettext("Search") == "Zoeken"
        assert translation.gettext("Postal code") == "Postcode"
        assert translation.gettext("Unsubscribe") == "Uitschrijven"
        assert translation.gettext("What are you looking for?") == "Wat zoek je?"
        assert translation.pgettext("nav: directory (Aanbod)", "Offer") == "Aanbod"
        assert translation.pgettext("nav: demand index (Vragen)", "Questions") == "Vragen"
        assert translation.gettext("Dear %(name)s,") % {"name": "An"} == "Beste An,"
        assert (
            translation.ngettext("%(counter)s result", "%(counter)s results", 1) % {"counter": 1}
            == "1 resultaat"
        )
        assert (
            translation.ngettext("%(counter)s result", "%(counter)s results", 3) % {"counter": 3}
            == "3 resultaten"
        )
    with translation.override("en"):
        assert translation.gettext("Search") == "Search"


def test_templates_render_dutch():
    template = Template(
        "{% load i18n %}{% translate 'Skip to content' %}|"
        "{% blocktranslate count counter=n %}{{ counter }} result{% plural %}"
        "{{ counter }} results{% endblocktranslate %}|"
        "{% blocktranslate with n=2 total=5 %}Page {{ n }} of {{ total }}{% endblocktranslate %}"
    )
    with translation.override("nl-be"):
        assert template.render(Context({"n": 2})) == "Naar de inhoud|2 resultaten|Pagina 2 van 5"
