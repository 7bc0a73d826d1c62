"""The configuration reference documents every WAGTAIL_DOENERS key and option."""

from pathlib import Path

from wagtail_doeners.conf import DEFAULTS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_configuration_reference_names_every_key_and_option():
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    missing = [key for key in DEFAULTS if f"`{key}`" not in text]
    for key, value in DEFAULTS.items():
        if isinstance(value, dict):
            missing += [f"{key}.{option}" for option in value if f"`{option}`" not in text]
    assert not missing, f"add these to docs/configuration.md: {missing}"
