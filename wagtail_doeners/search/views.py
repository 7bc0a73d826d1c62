"""The public search page, ``/zoeken/``: server-rendered, works without JavaScript."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .backends.base import SearchUnavailable
from .params import SearchParams
from .service import LIST_PARAMS, params_from_querydict, run_search

FACET_TITLES = {
    "type": _("Type"),
    "province": _("Province"),
    "category": _("Category"),
    "recognition": _("Recognition"),
    "certification": _("Certification"),
    "service_area": _("Service area"),
}


def search_page(request):
    context = {"query": request.GET.get("q", ""), "errors": {}, "results": None}
    try:
        params = params_from_querydict(request.GET)
    except ValidationError as exc:
        context["errors"] = exc.message_dict
        params = SearchParams()
    else:
        try:
            context["results"] = run_search(request, params)
        except SearchUnavailable:
            context["unavailable"] = True
    selected = {name: request.GET.getlist(name) for name in LIST_PARAMS}
    if context["results"] is not None:
        context["facets"] = [
            {
                "name": name,
                "title": FACET_TITLES[name],
                "options": [
                    {**option, "checked": option["value"] in selected[name]}
                    for option in context["results"].facets.get(name, [])
                ],
            }
            for name in FACET_TITLES
            if context["results"].facets.get(name)
        ]
        context["page_links"] = _page_links(request, params, context["results"])
    context.update(params=params, near=request.GET.get("near", ""))
    status = 400 if context["errors"] else 503 if context.get("unavailable") else 200
    return render(request, "wagtail_doeners/search/search_page.html", context, status=status)


def _page_links(request, params, results):
    links = []
    for number in (params.page - 1, params.page + 1):
        if 1 <= number <= results.pages:
            query = request.GET.copy()
            query["page"] = number
            links.append(
                {
                    "label": _("Previous") if number < params.page else _("Next"),
                    "url": "?" + query.urlencode(),
                }
            )
    return links
