"""The records behind each dashboard figure, as CSV rows. They come from the same
scoped querysets as ``metrics``; columns with personal data are added only for
users allowed to see them (``doeners_evaluation.view_personal_records``)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .exchange import PUBLISHED_FIELDS, published_rows
from .metrics import company_interactions, demand_queryset, unmet_after_days
from .scoping import field_q, match_q


def _companies(period, personal):
    from wagtail_doeners.matchmaking.models import ContactRequest, DemandSubmission

    start, _end = period.bounds
    first, count, latest = {}, {}, {}
    for key, created_at, nace, size, buyer in company_interactions(period):
        first.setdefault(key, created_at)
        count[key] = count.get(key, 0) + 1
        if created_at >= start:
            latest[key] = (created_at, nace, size, buyer)
    header = [
        "company_key",
        "first_seen",
        "interactions",
        "nace_section",
        "size_class",
        "buyer_province",
        "first_time",
    ]
    if personal:
        header += ["company_name", "contact_email"]
        names = {}
        for model, email in ((ContactRequest, "email"), (DemandSubmission, "contact_email")):
            for key, name, mail in (
                model.objects.filter(company_key__in=list(latest))
                .order_by("created_at")
                .values_list("company_key", "company_name", email)
            ):
                names[key] = (name, mail)
    rows = []
    for key, (_at, nace, size, buyer) in sorted(latest.items()):
        row = [
            key,
            first[key].date().isoformat(),
            count[key],
            nace,
            size,
            buyer,
            first[key] >= start,
        ]
        if personal:
            row += list(names.get(key, ("", "")))
        rows.append(row)
    return header, rows


def _contact_requests(period, personal):
    from wagtail_doeners.matchmaking.models import ContactRequest

    start, end = period.bounds
    qs = ContactRequest.objects.filter(
        field_q(period.province), created_at__gte=start, created_at__lt=end
    ).order_by("created_at")
    fields = [
        "id",
        "created_at",
        "province",
        "offering_id",
        "enterprise_id",
        "company_key",
        "nace_section",
        "size_class",
        "buyer_province",
    ]
    if personal:
        fields += ["company_name", "contact_person", "email", "phone"]
    return fields, list(qs.values_list(*fields))


def _matches(period, personal, confirmed_only=False):
    from wagtail_doeners.matchmaking.models import Match

    from .metrics import _reached

    start, end = period.bounds
    qs = Match.objects.filter(match_q(period.province), created_at__gte=start, created_at__lt=end)
    if confirmed_only:
        qs = qs.filter(_reached("confirmed"))
    fields = [
        "id",
        "created_at",
        "source",
        "enterprise_id",
        "company_key",
        "buyer_province",
        "supplier_province",
        "category__slug",
        "nace_section",
        "size_class",
        "status",
        "replied_at",
        "quote_sent_at",
        "confirmed_at",
        "lost_at",
        "value_band",
        "start_date",
        "recurring",
    ]
    return fields, list(qs.order_by("created_at").values_list(*fields))


def _demands(period, personal, unmet_only=False):
    qs = demand_queryset(period)
    if unmet_only:
        cutoff = timezone.now() - timedelta(days=unmet_after_days())
        qs = qs.filter(n_responses=0, first_published_at__lte=cutoff)
    fields = [
        "id",
        "title",
        "kind",
        "category__slug",
        "status",
        "first_published_at",
        "province",
        "company_nace_section__code",
        "company_size",
        "n_responses",
        "first_response_at",
    ]
    if personal:
        fields += ["company_name", "contact_person", "contact_email"]
    return fields, list(qs.values_list(*fields))


def _zero_result_searches(period, personal):
    from .models import Event

    start, end = period.bounds
    qs = Event.objects.filter(
        field_q(period.province),
        kind="search",
        result_count=0,
        occurred_at__gte=start,
        occurred_at__lt=end,
    ).order_by("occurred_at")
    fields = ["occurred_at", "province", "query", "category"]
    return fields, list(qs.values_list(*fields)[:100_000])


def _good_practices(period, personal):
    from wagtail_doeners.matchmaking.models import GoodPractice

    start, end = period.bounds
    qs = GoodPractice.objects.filter(
        field_q(period.province), created_at__gte=start, created_at__lt=end
    ).order_by("created_at")
    fields = ["id", "title", "province", "match_id", "enterprise_id", "published", "created_at"]
    return fields, list(qs.values_list(*fields))


def _aggregates(period, personal):
    rows = published_rows(period.start, period.end)
    return list(PUBLISHED_FIELDS), [[r[f] for f in PUBLISHED_FIELDS] for r in rows]


FIGURES = {
    "companies": (_("Companies"), _companies),
    "contact_requests": (_("Contact requests"), _contact_requests),
    "matches": (_("Matches"), _matches),
    "collaborations": (
        _("Confirmed collaborations"),
        lambda p, personal: _matches(p, personal, confirmed_only=True),
    ),
    "demands": (_("Requests and suggestions"), _demands),
    "unmet_demands": (
        _("Demands without a response"),
        lambda p, personal: _demands(p, personal, unmet_only=True),
    ),
    "zero_result_searches": (_("Searches without results"), _zero_result_searches),
    "good_practices": (_("Good practices"), _good_practices),
    "aggregates": (_("Daily aggregates"), _aggregates),
}


def figure_records(figure, period, personal=False):
    """``(header, rows)`` of the records behind ``figure`` (a key of FIGURES)."""
    return FIGURES[figure][1](period, personal)
