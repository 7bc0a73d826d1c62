"""``GET search/`` and ``GET autocomplete/`` on the headless API (/api/doeners/v1/).

Bad parameters get a 400 with a reason per parameter; an unreachable engine a 503.
"""

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema, Status

from .backends import get_search_backend
from .backends.base import SearchUnavailable
from .service import params_from_querydict, run_search

router = Router(tags=["search"])


class SearchQuery(Schema):
    q: str = Field("", description="Free text (Dutch analysis, synonyms, typo tolerant)")
    type: list[str] = Field([], description="offering, enterprise and/or demand")
    province: list[str] = Field([], description="Owning province slug(s)")
    category: list[str] = Field([], description="Category path, e.g. schoonmaak/kantoor")
    recognition: list[str] = Field([], description="Recognition type(s)")
    certification: list[str] = Field([], description="Certification slug(s)")
    service_area: list[str] = Field([], description="Province slug(s) served")
    near: str = Field("", description="Belgian postal code to measure distance from")
    radius_km: float | None = Field(None, description="Only within this distance of near")
    sort: str = Field("relevance", description="relevance or distance")
    boost: str = Field("", description="Province slug to rank first (the visitor's own)")
    page: int = 1
    page_size: int = Field(20, description="1 to 50")


class ResultOut(Schema):
    id: str
    type: str
    title: str
    summary: str
    province: str
    url: str
    enterprise: str | None
    distance_km: float | None
    highlight: str


class FacetOut(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    total: int
    page: int
    page_size: int
    results: list[ResultOut]
    facets: dict[str, list[FacetOut]]


class SuggestionOut(Schema):
    title: str
    type: str
    url: str


class ErrorOut(Schema):
    detail: str
    errors: dict = {}


def _errors(exc):
    return {k: [str(m) for m in v] for k, v in exc.message_dict.items()}


@router.get(
    "/search/",
    response={200: SearchOut, 400: ErrorOut, 503: ErrorOut},
    summary="Search offerings, enterprises and open demands of every province",
)
def search(request, filters: Query[SearchQuery]):
    try:
        params = params_from_querydict(request.GET)
    except ValidationError as exc:
        return Status(400, {"detail": "Invalid search parameters.", "errors": _errors(exc)})
    try:
        results = run_search(request, params)
    except SearchUnavailable:
        return Status(503, {"detail": "Search is temporarily unavailable.", "errors": {}})
    return Status(
        200,
        {
            "total": results.total,
            "page": params.page,
            "page_size": params.page_size,
            "results": results.results,
            "facets": results.facets,
        },
    )


@router.get(
    "/autocomplete/",
    response={200: list[SuggestionOut], 400: ErrorOut, 503: ErrorOut},
    summary="Title suggestions for a prefix",
)
def autocomplete(
    request,
    q: str = Query("", description="Prefix, at least 2 characters"),
    limit: int = Query(8, description="1 to 20"),
):
    if not 1 <= limit <= 20:
        return Status(400, {"detail": "Invalid parameters.", "errors": {"limit": ["1 to 20."]}})
    if len(q.strip()) < 2:
        return Status(
            400, {"detail": "Invalid parameters.", "errors": {"q": ["At least 2 characters."]}}
        )
    try:
        return Status(200, get_search_backend().autocomplete(q, limit=limit))
    except SearchUnavailable:
        return Status(503, {"detail": "Search is temporarily unavailable.", "errors": {}})
