"""Search backends. ``get_search_backend()`` returns the one configured in
``WAGTAIL_DOENERS["SEARCH"]`` (``{"BACKEND": dotted path, "OPTIONS": {...}}``)."""

from django.utils.module_loading import import_string

from wagtail_doeners.conf import doeners_settings

from .base import SearchUnavailable  # noqa: F401

_cache = {}


def get_search_backend(config=None):
    """The configured backend (cached per configuration; clients connect lazily)."""
    config = config or doeners_settings.SEARCH
    key = repr(sorted((k, repr(v)) for k, v in config.items()))
    if key not in _cache:
        _cache.clear()
        _cache[key] = import_string(config["BACKEND"])(dict(config.get("OPTIONS") or {}))
    return _cache[key]
