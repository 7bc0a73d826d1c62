"""Public (non-admin) URLs of the package. Include them in the host site::

    path("", include("wagtail_doeners.urls")),

Each optional sub-app contributes its own ``urls.py`` when it is installed; the
public views live in the ``wagtail_doeners`` namespace (``wagtail_doeners:matchmaking:…``).
The JSON API is mounted outside that namespace because django-ninja reverses its
own ``doeners_api`` namespace for the OpenAPI schema and docs.
"""

from importlib import import_module, util

from django.apps import apps
from django.urls import include, path

_SUBAPPS = ["search", "campaigns", "matchmaking", "evaluation"]

_public = []
for _name in _SUBAPPS:
    _module = f"wagtail_doeners.{_name}.urls"
    if apps.is_installed(f"wagtail_doeners.{_name}") and util.find_spec(_module):
        _public.append(path("", include(import_module(_module))))

# A multilingual site includes the two separately, the public views inside
# ``i18n_patterns`` so that ``/en/zoeken/`` is English (see example_site/urls.py):
# Django's LocaleMiddleware gives unprefixed URLs the default language whenever
# ``i18n_patterns(prefix_default_language=False)`` is in use.
api_urlpatterns = [path("api/doeners/v1/", include("wagtail_doeners.api.urls"))]
public_urlpatterns = [path("", include((_public, "wagtail_doeners")))]

urlpatterns = api_urlpatterns + public_urlpatterns
