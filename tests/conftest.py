import pytest
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import clear_url_caches


@receiver(setting_changed)
def _clear_url_caches(setting, **kwargs):
    # URL resolvers cache each language's reverse table, including whether that
    # language gets a prefix (only the default one does not): a test that changes
    # LANGUAGE_CODE must not reverse with the previous default's table.
    if setting in ("LANGUAGE_CODE", "LANGUAGES"):
        clear_url_caches()


@pytest.fixture(autouse=True)
def _media_and_language(settings):
    settings.LANGUAGE_CODE = "en"
