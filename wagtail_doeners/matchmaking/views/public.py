"""Public views: contact request, "post your question", responding to a demand
through a signed link, one-click follow-up answers and the good-practice pages."""

from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from wagtail_doeners.pages.provinces import get_request_province

from ..choices import FollowUpAnswer, MatchStatus
from ..contact import create_contact_request
from ..demands import record_response, submit_demand
from ..followups import record_answer
from ..forms import ContactRequestForm, DemandResponseForm, DemandSubmissionForm, FollowUpAnswerForm
from ..models import DemandResponse, FollowUp, GoodPractice
from ..signing import read_followup_token, read_response_token
from .submit import handle_public_form

TEMPLATES = "wagtail_doeners/matchmaking/"


def _contact_target(page_id):
    from wagtail_doeners.pages.models import EnterprisePage, OfferingPage

    offering = OfferingPage.objects.live().public().filter(pk=page_id).first()
    if offering is not None:
        return offering, offering.enterprise
    enterprise = EnterprisePage.objects.live().public().filter(pk=page_id).first()
    if enterprise is not None:
        return None, enterprise
    raise Http404


@require_http_methods(["GET", "POST"])
def contact_request(request, page_id):
    offering, enterprise = _contact_target(page_id)
    form = ContactRequestForm(request.POST or None)

    def on_valid(cleaned):
        create_contact_request(
            cleaned,
            province=get_request_province(request),
            offering=offering,
            enterprise=enterprise,
        )
        return redirect(reverse("wagtail_doeners:matchmaking:contact_thanks", args=[page_id]))

    return handle_public_form(
        request,
        form,
        scope="contact",
        template=TEMPLATES + "contact_request.html",
        context={"offering": offering, "enterprise": enterprise, "target": offering or enterprise},
        on_valid=on_valid,
    )


def contact_thanks(request, page_id):
    offering, enterprise = _contact_target(page_id)
    return render(
        request,
        TEMPLATES + "contact_thanks.html",
        {"offering": offering, "enterprise": enterprise, "target": offering or enterprise},
    )


@require_http_methods(["GET", "POST"])
def post_demand(request):
    form = DemandSubmissionForm(request.POST or None)

    def on_valid(cleaned):
        submit_demand(cleaned, province=get_request_province(request))
        return redirect(reverse("wagtail_doeners:matchmaking:post_demand_thanks"))

    return handle_public_form(
        request,
        form,
        scope="demand",
        template=TEMPLATES + "post_demand.html",
        context={},
        on_valid=on_valid,
    )


def post_demand_thanks(request):
    return render(request, TEMPLATES + "post_demand_thanks.html")


def _response_target(token):
    from wagtail_doeners.pages.models import DemandPage, EnterprisePage

    try:
        demand_id, enterprise_id = read_response_token(token)
    except signing.SignatureExpired:
        return None, None, "expired"
    except signing.BadSignature:
        return None, None, "invalid"
    demand = DemandPage.objects.live().filter(pk=demand_id).first()
    enterprise = EnterprisePage.objects.filter(pk=enterprise_id).first()
    if demand is None or enterprise is None:
        return None, None, "invalid"
    return demand, enterprise, None


@require_http_methods(["GET", "POST"])
def respond(request, token):
    demand, enterprise, problem = _response_target(token)
    if problem:
        return render(request, TEMPLATES + "link_problem.html", {"problem": problem}, status=400)
    already = DemandResponse.objects.filter(demand=demand, enterprise=enterprise).first()
    closed = demand.status == "closed-unmet"
    form = DemandResponseForm(request.POST or None)
    context = {"demand": demand, "enterprise": enterprise, "already": already, "closed": closed}
    if request.method == "POST" and not already and not closed:
        if form.is_valid():
            response = record_response(demand, enterprise, form.cleaned_data["message"])
            return render(
                request, TEMPLATES + "respond_done.html", {**context, "response": response}
            )
        return render(request, TEMPLATES + "respond.html", {**context, "form": form}, status=400)
    return render(request, TEMPLATES + "respond.html", {**context, "form": form})


@require_http_methods(["GET", "POST"])
def followup_answer(request, token):
    """GET shows what the click means with a button; only the POST records it, so
    mail scanners that follow links do not answer for the recipient."""
    try:
        followup_id, match_id = read_followup_token(token)
    except signing.SignatureExpired:
        return render(request, TEMPLATES + "link_problem.html", {"problem": "expired"}, status=400)
    except signing.BadSignature:
        return render(request, TEMPLATES + "link_problem.html", {"problem": "invalid"}, status=400)
    followup = get_object_or_404(
        FollowUp.objects.select_related("match", "match__enterprise"),
        pk=followup_id,
        match_id=match_id,
    )
    data = request.POST if request.method == "POST" else {"answer": request.GET.get("answer")}
    form = FollowUpAnswerForm(data)
    context = {"followup": followup, "match": followup.match, "form": form}
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        extra = {}
        if cleaned["answer"] == FollowUpAnswer.YES:
            extra = {
                "value_band": cleaned.get("value_band") or None,
                "start_date": cleaned.get("start_date"),
                "recurring": cleaned.get("recurring"),
            }
        record_answer(followup, cleaned["answer"], **extra)
        followup.match.refresh_from_db()
        return render(
            request,
            TEMPLATES + "followup_done.html",
            {
                **context,
                "answer": cleaned["answer"],
                "confirmed": followup.match.status == MatchStatus.CONFIRMED,
            },
        )
    status = 400 if request.method == "POST" else 200
    return render(request, TEMPLATES + "followup.html", context, status=status)


def good_practice_list(request):
    practices = GoodPractice.objects.filter(published=True).select_related("enterprise", "match")
    return render(request, TEMPLATES + "good_practice_list.html", {"practices": practices})


def good_practice_detail(request, slug):
    practice = get_object_or_404(
        GoodPractice.objects.select_related("enterprise", "match", "match__category"),
        slug=slug,
        published=True,
    )
    return render(request, TEMPLATES + "good_practice_detail.html", {"practice": practice})
