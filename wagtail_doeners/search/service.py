"""One entry point for the API and the page: parse, validate, search, log."""

from django.core.exceptions import ValidationError

from wagtail_doeners.events import record_event
from wagtail_doeners.pages.provinces import get_request_province

from .backends import get_search_backend
from .params import SearchParams

LIST_PARAMS = {
    "type": "types",
    "province": "provinces",
    "category": "categories",
    "recognition": "recognition",
    "certification": "certifications",
    "service_area": "service_area",
}


def _int(data, name, default, errors):
    raw = data.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except (TypeError, ValueError):
        errors[name] = [f"{name} must be a whole number."]
        return default


def params_from_querydict(data):
    """SearchParams from request.GET (lists: repeated or comma-separated values)."""
    errors = {}
    kwargs = {}
    for name, attr in LIST_PARAMS.items():
        values = []
        for raw in data.getlist(name):
            values += [v.strip() for v in raw.split(",") if v.strip()]
        kwargs[attr] = values
    radius = data.get("radius_km")
    if radius not in (None, ""):
        try:
            kwargs["radius_km"] = float(radius)
        except ValueError:
            errors["radius_km"] = ["radius_km must be a number."]
    params = SearchParams(
        q=data.get("q", ""),
        near=(data.get("near") or "").strip(),
        sort=data.get("sort") or "relevance",
        boost_province=(data.get("boost") or "").strip(),
        page=_int(data, "page", 1, errors),
        page_size=_int(data, "page_size", 20, errors),
        **kwargs,
    )
    if errors:
        raise ValidationError(errors)
    return params.clean()


def run_search(request, params):
    results = get_search_backend().search(params)
    record_event(
        "search",
        query=params.q,
        filters=params.filters(),
        result_count=results.total,
        province=get_request_province(request),
    )
    return results
