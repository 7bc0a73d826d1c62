"""Public (non-admin) URLs of the package. Include them in the host site::

    path("", include("wagtail_doeners.urls")),

Each optional sub-app contributes its own ``urls.py`` when it is installed.
"""

from importlib import import_module, util

from django.apps import apps
from django.urls import include, path

app_name = "wagtail_doeners"

_SUBAPPS = ["search", "campaigns", "matchmaking", "evaluation"]

urlpatterns = [path("api/doeners/v1/", include("wagtail_doeners.api.urls"))]
for _name in _SUBAPPS:
    _module = f"wagtail_doeners.{_name}.urls"
    if apps.is_installed(f"wagtail_doeners.{_name}") and util.find_spec(_module):
        urlpatterns.append(path("", include(import_module(_module))))
