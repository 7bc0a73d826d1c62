"""JSON endpoints: ``POST contact-requests/`` and ``POST demands/``.

The same Django forms as the public pages validate the payload, so the rules and
messages are identical; errors come back as 400 with a reason per field, rate
limits as 429 with ``Retry-After``. Nothing personal is echoed back."""

from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from wagtail_doeners.pages.choices import BudgetBand, DemandKind, SizeClass
from wagtail_doeners.pages.provinces import get_request_province

from .contact import create_contact_request
from .demands import submit_demand
from .forms import ContactRequestForm, DemandSubmissionForm
from .spam import HONEYPOT_FIELD, RateLimited, check_rate_limit, client_ip

router = Router(tags=["matchmaking"])


def _doc(**constraints):
    # Documents what the form checks, so clients (and the fuzz suite) know the rules;
    # the form still does the validating, with its translated messages.
    return {"json_schema_extra": constraints}


class CompanyIn(Schema):
    company_name: str = Field("", **_doc(maxLength=255))
    company_kbo: str = Field(
        "", description="KBO enterprise number, e.g. 0403.170.701", **_doc(maxLength=20)
    )
    nace_section: str = Field(
        "", description="NACE-BEL section letter, A–V", **_doc(pattern="^[A-V]?$")
    )
    size_class: str = Field(
        "",
        description="micro, small, medium or large",
        **_doc(enum=["", *SizeClass.values]),
    )
    postal_code: str = Field("", description="Belgian postal code", **_doc(maxLength=8))
    contact_person: str = Field("", **_doc(maxLength=255))
    email: str = Field("", **_doc(maxLength=254))
    phone: str = Field("", **_doc(maxLength=32))
    consent: bool = False
    website_url: str = Field("", description="Honeypot: must stay empty")


class ContactRequestIn(CompanyIn):
    page_id: int = Field(description="Id of the offering or enterprise page")
    message: str = Field("", **_doc(maxLength=5000))


class DemandIn(CompanyIn):
    kind: str = Field("request", **_doc(enum=DemandKind.values))
    title: str = Field("", **_doc(maxLength=255))
    category: str = Field("", description="Slug of the offering category")
    description: str = Field("", **_doc(maxLength=10000))
    region: str = Field("", **_doc(maxLength=255))
    deadline: date | None = Field(None, description="Not in the past")
    budget_band: str = Field("unknown", **_doc(enum=BudgetBand.values))


class Received(Schema):
    id: int
    status: str


class ErrorOut(Schema):
    detail: str
    errors: dict = {}


class RateLimitedOut(Schema):
    detail: str
    retry_after: int


def _validate(form_class, payload, request):
    data = payload.dict()
    if data.pop(HONEYPOT_FIELD, ""):
        return None, Status(400, {"detail": "Rejected as spam.", "errors": {}})
    if data.get("deadline"):
        data["deadline"] = data["deadline"].isoformat()
    form = form_class(data)
    form.fields.pop(HONEYPOT_FIELD, None)
    form.fields.pop("form_ts", None)
    if not form.is_valid():
        errors = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
        return None, Status(400, {"detail": "Invalid request.", "errors": errors})
    return form, None


def _rate_limited(scope, request, email):
    try:
        check_rate_limit(scope, ip=client_ip(request), email=email)
    except RateLimited as exc:
        return exc
    return None


def _too_many(request, exc):
    from ninja.responses import Response

    response = Response({"detail": str(exc.message), "retry_after": exc.retry_after}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@router.post(
    "/contact-requests/",
    response={201: Received, 400: ErrorOut, 404: ErrorOut, 413: ErrorOut, 429: RateLimitedOut},
    summary="Ask an enterprise for contact about an offering or its profile",
)
def post_contact_request(request: HttpRequest, payload: ContactRequestIn):
    from django.http import Http404

    from .views.public import _contact_target

    try:
        offering, enterprise = _contact_target(payload.page_id)
    except Http404:
        return Status(404, {"detail": "No published offering or enterprise with this page_id."})
    form, error = _validate(ContactRequestForm, payload, request)
    if error:
        return error
    limited = _rate_limited("contact", request, form.cleaned_data["email"])
    if limited:
        return _too_many(request, limited)
    cleaned = {**form.cleaned_data, "buyer_province": form.buyer_province()}
    contact = create_contact_request(
        cleaned, province=get_request_province(request), offering=offering, enterprise=enterprise
    )
    return Status(201, {"id": contact.pk, "status": "received"})


@router.post(
    "/demands/",
    response={202: Received, 400: ErrorOut, 413: ErrorOut, 429: RateLimitedOut},
    summary="Post a request or suggestion; it is published after moderation",
)
def post_demand(request: HttpRequest, payload: DemandIn):
    form, error = _validate(DemandSubmissionForm, payload, request)
    if error:
        return error
    limited = _rate_limited("demand", request, form.cleaned_data["email"])
    if limited:
        return _too_many(request, limited)
    cleaned = {**form.cleaned_data, "buyer_province": form.buyer_province()}
    submission = submit_demand(cleaned, province=get_request_province(request))
    return Status(202, {"id": submission.pk, "status": submission.status})
