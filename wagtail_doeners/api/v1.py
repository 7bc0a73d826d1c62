"""The headless JSON API at /api/doeners/v1/, with its OpenAPI schema.

Built on django-ninja, the stack of Wagtail 8's own API v3. Each sub-app that has
public endpoints exposes a ninja ``router`` in its ``api.py``; it is mounted here
when the sub-app is installed. The schema is served at ``openapi.json`` and the
interactive docs at ``docs``.
"""

from importlib import import_module, util

from django.apps import apps
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

_SUBAPPS = ["search", "matchmaking", "campaigns", "evaluation"]


def _errors_by_field(errors):
    """pydantic's error list as ``{field: [reasons]}``, the shape every other 400 of
    this API documents: ("query", "page") -> "page"; ("body", "payload", "email") ->
    "email"; a missing or unparsable JSON body ("body", "payload") -> "body"."""
    out = {}
    for error in errors:
        loc = [part for part in error.get("loc", ()) if isinstance(part, str)]
        field = loc[-1] if len(loc) > 2 or (loc[:1] != ["body"] and loc) else "body"
        out.setdefault(field, []).append(str(error.get("msg", "Invalid value.")))
    return out


def build_api():
    api = NinjaAPI(
        title="Doeners API",
        version="1",
        description="Offerings, enterprises and demands of the Flemish social economy.",
        urls_namespace="doeners_api",
    )

    @api.exception_handler(NinjaValidationError)
    def _validation_error(request, exc):
        # A 400 with the reason, never a 422/500, for bad query parameters or bodies.
        return api.create_response(
            request,
            {"detail": "Invalid request.", "errors": _errors_by_field(exc.errors)},
            status=400,
        )

    @api.exception_handler(RequestDataTooBig)
    def _too_large(request, exc):
        # Django would answer with its HTML 400 page; API clients get the reason.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return api.create_response(
            request, {"detail": f"Request body too large (at most {limit} bytes)."}, status=413
        )

    for name in _SUBAPPS:
        module = f"wagtail_doeners.{name}.api"
        if apps.is_installed(f"wagtail_doeners.{name}") and util.find_spec(module):
            api.add_router("", import_module(module).router)
    return api
