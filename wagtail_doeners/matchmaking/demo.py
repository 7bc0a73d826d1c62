"""Demo history of matchmaking: contact requests, demand submissions, alerts,
responses, matches moving through the funnel (with confirmed collaborations and
their value bands), follow-ups and good practices, spread over the last 18 months.

Called by ``doeners_demo_data`` after the pages exist, as
``load_demo(rng=, scale=, stdout=)``. Idempotent: a second run finds the demo rows
(marked by the ``demo.doeners.example`` mail domain) and writes nothing. Rows are
bulk-created, so it stays fast with thousands of pages. No events are recorded here:
the evaluation app's demo builds its own event history.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from wagtail_doeners.companies import company_key
from wagtail_doeners.conf import FLEMISH_PROVINCES
from wagtail_doeners.geo import all_postal_codes
from wagtail_doeners.pages.choices import DemandStatus
from wagtail_doeners.pages.provinces import get_site_province

from .choices import FollowUpAnswer, MatchSource, MatchStatus, ValueBand
from .demand_status import set_demand_status
from .models import (
    ContactRequest,
    DemandAlert,
    DemandResponse,
    DemandSubmission,
    FollowUp,
    GoodPractice,
    Match,
    MatchStatusChange,
)

DEMO_DOMAIN = "demo.doeners.example"
DAYS = 540
NACE_WEIGHTS = [
    ("C", 18), ("F", 12), ("G", 16), ("H", 6), ("I", 7), ("J", 3), ("K", 2), ("L", 3),
    ("M", 9), ("N", 8), ("O", 5), ("P", 4), ("Q", 7), ("R", 3), ("S", 2), ("T", 2),
]  # fmt: skip
SIZE_WEIGHTS = [("micro", 30), ("small", 35), ("medium", 22), ("large", 13)]
VALUE_WEIGHTS = [
    (ValueBand.LT_5K, 40), (ValueBand.FROM_5K, 33), (ValueBand.FROM_25K, 19),
    (ValueBand.GT_100K, 8),
]  # fmt: skip
COMPANY_WORDS = [
    "Bakkerij", "Drukkerij", "Logistiek", "Bouw", "Techniek", "Kantoor", "Garage",
    "Hotel", "Zorg", "Metaal", "Design", "Advies", "Transport", "Brouwerij",
]  # fmt: skip
COMPANY_NAMES = [
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Dubois", "Lambert", "Van den Broeck", "Hermans", "Aerts",
]  # fmt: skip
MESSAGES = [
    "Wij zoeken een vaste partner voor dit werk. Kunt u ons een prijsvoorstel sturen?",
    "Graag meer informatie over uw aanbod en de levertermijn.",
    "Is een eerste kennismaking mogelijk volgende week?",
    "We willen meer aankopen bij de sociale economie. Wat kunt u voor ons betekenen?",
]
RESPONSES = [
    "Wij doen dit al jaren voor bedrijven in de regio. Mogen we langskomen?",
    "Dat kunnen wij zeker opnemen. In bijlage onze werkwijze; we sturen een offerte.",
    "Onze ploeg heeft hier capaciteit voor vanaf volgende maand.",
]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _kbo(rng):
    base = rng.randrange(2_000_000, 20_000_000)
    check = 97 - base % 97
    digits = f"{base:08d}{check:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def _companies(rng, count):
    pools = {p: list(all_postal_codes(p)) for p in FLEMISH_PROVINCES}
    pools = {p: recs for p, recs in pools.items() if recs}
    companies = []
    for n in range(count):
        province = rng.choice(list(pools))
        record = rng.choice(pools[province])
        name = f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_NAMES)}"
        kbo = _kbo(rng) if rng.random() < 0.7 else ""
        email = f"info{n}@c{n}.{DEMO_DOMAIN}"
        companies.append(
            {
                "name": name,
                "kbo": kbo,
                "email": email,
                "key": company_key(kbo=kbo, email=email),
                "nace": _weighted(rng, NACE_WEIGHTS),
                "size": _weighted(rng, SIZE_WEIGHTS),
                "postal_code": record.postal_code,
                "province": record.province,
                "person": f"Contact {n}",
            }
        )
    return companies


def _site_provinces():
    return [(site.root_page.path, get_site_province(site)) for site in Site.objects.all()]


def _province_of(path, sites):
    best = ""
    for root, province in sites:
        if path.startswith(root) and len(root) > len(best):
            best, found = root, province
    return found if best else ""


def _progress(rng, created, now):
    """The funnel of one match: statuses with their timestamps, and collaboration."""
    steps = [(MatchStatus.CONTACTED, created)]
    at = created
    result = {"status": MatchStatus.CONTACTED}

    def later(days_max):
        nonlocal at
        at = at + timedelta(days=rng.uniform(0.5, days_max))
        return at if at < now else None

    if rng.random() < 0.72 and (t := later(6)):
        steps.append((MatchStatus.REPLIED, t))
        result.update(status=MatchStatus.REPLIED, replied_at=t)
        if rng.random() < 0.55 and (t := later(21)):
            steps.append((MatchStatus.QUOTE_SENT, t))
            result.update(status=MatchStatus.QUOTE_SENT, quote_sent_at=t)
            roll = rng.random()
            if roll < 0.5 and (t := later(45)):
                steps.append((MatchStatus.CONFIRMED, t))
                result.update(
                    status=MatchStatus.CONFIRMED,
                    confirmed_at=t,
                    value_band=_weighted(rng, VALUE_WEIGHTS),
                    start_date=(t + timedelta(days=rng.randint(3, 40))).date(),
                    recurring=rng.random() < 0.45,
                )
            elif roll < 0.8 and (t := later(60)):
                steps.append((MatchStatus.LOST, t))
                result.update(status=MatchStatus.LOST, lost_at=t)
    elif rng.random() < 0.3 and (t := later(90)):
        steps.append((MatchStatus.LOST, t))
        result.update(status=MatchStatus.LOST, lost_at=t)
    return result, steps


def load_demo(*, rng, scale=1.0, stdout=None):
    from wagtail_doeners.pages.models import EnterprisePage, OfferingPage

    def say(message):
        if stdout is not None:
            stdout.write(message)

    if ContactRequest.objects.filter(email__endswith=DEMO_DOMAIN).exists():
        say("Matchmaking demo history already present.")
        return {}
    offerings = list(OfferingPage.objects.live().values_list("pk", "path", "category_id", "title"))
    enterprises = {
        path: (pk, title)
        for pk, path, title in EnterprisePage.objects.live().values_list("pk", "path", "title")
    }
    if not offerings or not enterprises:
        say("Matchmaking demo: no offerings yet, nothing generated.")
        return {}
    sites = _site_provinces()
    now = timezone.now()
    companies = _companies(rng, max(20, round(260 * scale)))
    # A few companies come back often: weight the pool so repeat use shows.
    weights = [rng.choice([1, 1, 1, 2, 4, 8]) for _ in companies]
    offering_rows = []
    for pk, path, category_id, title in offerings:
        parent = enterprises.get(path[: -Page.steplen])
        if parent:
            offering_rows.append((pk, parent[0], category_id, _province_of(path, sites), title))
    by_category = {}
    for row in offering_rows:
        by_category.setdefault(row[2], []).append(row)

    with transaction.atomic():
        counts = _contacts(rng, scale, now, companies, weights, offering_rows)
        counts.update(_demands(rng, now, companies, weights, by_category, offering_rows, sites))
        counts["followups"] = _followups(rng, now)
        counts["good_practices"] = _good_practices(rng)
    say(
        "Matchmaking demo: "
        + ", ".join(f"{value} {name.replace('_', ' ')}" for name, value in counts.items())
    )
    return counts


def _contacts(rng, scale, now, companies, weights, offering_rows):
    n = max(30, round(700 * scale))
    requests, plans = [], []
    for _ in range(n):
        company = rng.choices(companies, weights=weights)[0]
        offering_id, enterprise_id, category_id, supplier, title = rng.choice(offering_rows)
        # More activity recently: the platform grows.
        created = now - timedelta(days=DAYS * (rng.random() ** 1.6), minutes=rng.randint(0, 1440))
        requests.append(
            ContactRequest(
                created_at=created,
                province=supplier or "vlaams-brabant",
                offering_id=offering_id,
                enterprise_id=enterprise_id,
                company_key=company["key"],
                nace_section=company["nace"],
                size_class=company["size"],
                postal_code=company["postal_code"],
                buyer_province=company["province"],
                company_name=company["name"],
                company_kbo=company["kbo"],
                contact_person=company["person"],
                email=company["email"],
                message=rng.choice(MESSAGES),
                consent=True,
                consent_at=created,
                language="nl-be",
            )
        )
        plans.append((category_id, supplier))
    requests = ContactRequest.objects.bulk_create(requests, batch_size=500)
    matches, histories = [], []
    for request, (category_id, supplier) in zip(requests, plans, strict=True):
        progress, steps = _progress(rng, request.created_at, now)
        matches.append(
            Match(
                created_at=request.created_at,
                source=MatchSource.CONTACT_REQUEST,
                contact_request_id=request.pk,
                enterprise_id=request.enterprise_id,
                company_key=request.company_key,
                buyer_province=request.buyer_province,
                supplier_province=supplier,
                category_id=category_id,
                nace_section=request.nace_section,
                size_class=request.size_class,
                **progress,
            )
        )
        histories.append(steps)
    _write_matches(matches, histories)
    return {"contact_requests": len(requests), "contact_matches": len(matches)}


def _write_matches(matches, histories):
    matches = Match.objects.bulk_create(matches, batch_size=500)
    changes = []
    for match, steps in zip(matches, histories, strict=True):
        previous = ""
        for status, at in steps:
            source = (
                "followup"
                if status in (MatchStatus.CONFIRMED, MatchStatus.LOST)
                else ("enterprise" if status != MatchStatus.CONTACTED else "company")
            )
            changes.append(
                MatchStatusChange(
                    match=match,
                    from_status=previous,
                    to_status=status,
                    changed_at=at,
                    source=source,
                )
            )
            previous = status
    MatchStatusChange.objects.bulk_create(changes, batch_size=1000)
    return matches


def _demands(rng, now, companies, weights, by_category, offering_rows, sites):
    from wagtail_doeners.pages.models import DemandPage

    demands = list(
        DemandPage.objects.live()
        .filter(submission__isnull=True)
        .values_list(
            "pk", "path", "title", "kind", "category_id", "postal_code", "province",
            "first_published_at", "budget_band", "company_size",
        )
    )  # fmt: skip
    submissions, responses, plans, alerts = [], [], [], []
    statuses = {}
    for (
        pk,
        path,
        title,
        kind,
        category_id,
        postal_code,
        province,
        published,
        budget,
        size,
    ) in demands:
        company = rng.choices(companies, weights=weights)[0]
        published = published or now - timedelta(days=rng.randint(1, DAYS))
        if published > now:
            published = now - timedelta(days=1)
        created = published - timedelta(hours=rng.uniform(2, 72))
        owner = _province_of(path, sites)
        submissions.append(
            DemandSubmission(
                created_at=created, province=owner or "vlaams-brabant", status="approved",
                title=title, kind=kind, category_id=category_id,
                description="(demo) " + title, budget_band=budget, company_size=size,
                postal_code=postal_code, buyer_province=province, company_key=company["key"],
                company_name=company["name"], company_kbo=company["kbo"],
                contact_person=company["person"], contact_email=company["email"],
                consent=True, consent_at=created, language="nl-be", demand_page_id=pk,
                moderated_at=created + timedelta(hours=rng.uniform(1, 30)),
            )
        )  # fmt: skip
        candidates = by_category.get(category_id) or []
        alerted = rng.sample(candidates, k=min(len(candidates), rng.randint(0, 6)))
        seen = set()
        for row in alerted:
            if row[1] in seen:
                continue
            seen.add(row[1])
            alerts.append(
                DemandAlert(
                    demand_id=pk, enterprise_id=row[1], score=round(rng.uniform(1, 6), 2),
                    distance_km=round(rng.uniform(2, 60), 1), created_at=published,
                    sent_at=published + timedelta(minutes=5),
                )
            )  # fmt: skip
        age = (now - published).days
        responders = [r for r in alerted if rng.random() < 0.3] if age > 1 else []
        if not responders and candidates and rng.random() < 0.25 and age > 3:
            responders = [rng.choice(offering_rows)]
        status = DemandStatus.OPEN
        for row in {r[1]: r for r in responders}.values():
            at = published + timedelta(hours=rng.uniform(3, min(24 * 20, max(4, age * 24))))
            if at >= now:
                continue
            responses.append(
                DemandResponse(
                    demand_id=pk, enterprise_id=row[1], message=rng.choice(RESPONSES),
                    created_at=at, via=rng.choice(["link", "link", "account"]),
                    forwarded_at=at + timedelta(minutes=2),
                )
            )  # fmt: skip
            plans.append((pk, row, company, province, category_id, size))
            status = DemandStatus.ANSWERED
        if status == DemandStatus.OPEN and age > 90 and rng.random() < 0.6:
            status = DemandStatus.CLOSED_UNMET
        statuses[pk] = status
    DemandSubmission.objects.bulk_create(submissions, batch_size=500)
    DemandAlert.objects.bulk_create(alerts, batch_size=1000, ignore_conflicts=True)
    responses = DemandResponse.objects.bulk_create(responses, batch_size=500)
    matches, histories = [], []
    for response, (demand_id, row, company, buyer, category_id, size) in zip(
        responses, plans, strict=True
    ):
        progress, steps = _progress(rng, response.created_at, timezone.now())
        if progress["status"] == MatchStatus.CONFIRMED:
            statuses[demand_id] = DemandStatus.MATCHED
        matches.append(
            Match(
                created_at=response.created_at, source=MatchSource.DEMAND_RESPONSE,
                demand_response_id=response.pk, enterprise_id=row[1],
                company_key=company["key"], buyer_province=buyer, supplier_province=row[3],
                category_id=category_id, nace_section=company["nace"], size_class=size,
                **progress,
            )
        )  # fmt: skip
        histories.append(steps)
    _write_matches(matches, histories)
    for status in DemandStatus.values:
        ids = [pk for pk, s in statuses.items() if s == status]
        set_demand_status(ids, status)

    # The current moderation queue and a few rejections.
    from wagtail_doeners.pages.models import OfferingCategory

    categories = list(OfferingCategory.objects.values_list("pk", flat=True)[:30])
    queue = []
    for n in range(rng.randint(4, 9)):
        company = rng.choice(companies)
        rejected = n % 4 == 3
        created = timezone.now() - timedelta(days=rng.uniform(0, 10))
        queue.append(
            DemandSubmission(
                created_at=created, province=rng.choice(FLEMISH_PROVINCES),
                status="rejected" if rejected else "pending",
                reject_reason="Dit is een vacature, geen vraag naar diensten." if rejected else "",
                title=rng.choice(
                    ["Catering voor ons personeelsfeest", "Wie herstelt onze paletten?",
                     "Groenonderhoud bedrijfsterrein", "Verpakken van 5.000 geschenkdozen"]
                ),
                kind="request", category_id=rng.choice(categories),
                description="We zoeken een partner uit de sociale economie.",
                postal_code=company["postal_code"], buyer_province=company["province"],
                company_key=company["key"], company_name=company["name"],
                company_kbo=company["kbo"], contact_person=company["person"],
                contact_email=company["email"], consent=True, consent_at=created,
                language="nl-be", company_size=company["size"],
            )
        )  # fmt: skip
    DemandSubmission.objects.bulk_create(queue)
    return {
        "demand_submissions": len(submissions) + len(queue),
        "demand_alerts": len(alerts),
        "demand_responses": len(responses),
        "demand_matches": len(matches),
    }


def _followups(rng, now):
    rows = []
    answers = {
        MatchStatus.CONFIRMED: FollowUpAnswer.YES,
        MatchStatus.LOST: FollowUpAnswer.NO,
    }
    for match_id, created, status in Match.objects.values_list("pk", "created_at", "status"):
        age = (now - created).days
        for step in (30, 90, 180):
            if step > age:
                break
            sent = created + timedelta(days=step, hours=rng.uniform(0, 2))
            for side in ("company", "enterprise"):
                answered = rng.random() < 0.45
                answer = answers.get(status, FollowUpAnswer.NOT_YET) if answered else ""
                rows.append(
                    FollowUp(
                        match_id=match_id, step=step, side=side, sent_at=sent,
                        answered_at=sent + timedelta(hours=rng.uniform(1, 72)) if answer else None,
                        answer=answer,
                    )
                )  # fmt: skip
            if status in answers and rng.random() < 0.7:
                break  # closed matches get no further prompts
    FollowUp.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


STORIES = [
    (
        "Werkkledij elke week proper en gestreken",
        "Een bakkerijketen besteedt het strijken van haar werkkledij uit aan een "
        "maatwerkbedrijf: elke week 300 stuks, opgehaald en teruggebracht.",
    ),
    (
        "Groenonderhoud van een bedrijventerrein",
        "Een logistiek bedrijf laat zijn terrein onderhouden door een groenploeg uit de "
        "sociale economie, met aandacht voor biodiversiteit.",
    ),
    (
        "Catering voor een personeelsfeest",
        "Een sociaal restaurant verzorgde de catering voor 250 medewerkers; intussen is "
        "het de vaste cateraar geworden.",
    ),
    (
        "Verpakken van eindejaarsgeschenken",
        "5.000 geschenkdozen op tijd samengesteld en verzonden door een maatwerkbedrijf.",
    ),
]


def _good_practices(rng):
    confirmed = list(
        Match.objects.filter(status=MatchStatus.CONFIRMED, enterprise__isnull=False)
        .order_by("-value_band", "confirmed_at")
        .values_list("pk", "enterprise_id", "supplier_province")[:40]
    )
    rows = []
    for n, (title, summary) in enumerate(STORIES):
        if not confirmed:
            break
        match_id, enterprise_id, province = confirmed.pop(rng.randrange(len(confirmed)))
        slug = f"demo-{n + 1}-{title.lower().split()[0]}"
        if GoodPractice.objects.filter(slug=slug).exists():
            continue
        rows.append(
            GoodPractice(
                title=title, slug=slug, province=province or "vlaams-brabant",
                match_id=match_id, enterprise_id=enterprise_id, summary=summary[:300],
                story=f"<p>{summary}</p><p>Het begon met een contactaanvraag via Doeners.</p>",
                published=True,
            )
        )  # fmt: skip
    GoodPractice.objects.bulk_create(rows)
    return len(rows)
