"""A small, seeded generator of matchmaking records and events for the evaluation
tests. It returns its own plain-Python ledger of what it created, so the tests can
compute expected figures without going through the code under test."""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tests.factories import (
    make_category,
    make_demand,
    make_enterprise,
    make_offering,
    make_province_site,
)
from wagtail_doeners.events import record_event
from wagtail_doeners.matchmaking.models import (
    ContactRequest,
    DemandResponse,
    DemandSubmission,
    GoodPractice,
    Match,
)
from wagtail_doeners.pages.models import DemandPage, NaceCode

POSTAL = {"limburg": "3500", "antwerpen": "2000"}
BUYER_PROVINCES = ["limburg", "antwerpen", "vlaams-brabant", "oost-vlaanderen"]
STEPS = ["contacted", "replied", "quote_sent", "confirmed", "lost"]
BANDS = ["lt-5k", "5k-25k", "25k-100k", "gt-100k"]


@dataclass
class Ledger:
    contacts: list = field(default_factory=list)  # dicts
    submissions: list = field(default_factory=list)
    demands: list = field(default_factory=list)
    matches: list = field(default_factory=list)
    searches: list = field(default_factory=list)
    views: list = field(default_factory=list)
    good_practices: list = field(default_factory=list)
    enterprises: dict = field(default_factory=dict)  # province -> count


def _at(rng, start, days):
    return start + timedelta(days=rng.randrange(days), hours=rng.randrange(7, 19))


def generate(seed=5, provinces=("limburg", "antwerpen"), n_contacts=40, n_demands=14):
    rng = random.Random(seed)
    ledger = Ledger()
    categories = [
        make_category("schoonmaak", "Schoonmaak"),
        make_category("catering", "Catering"),
        make_category("groen", "Groenonderhoud"),
    ]
    for code in "CFG":
        NaceCode.objects.get_or_create(
            code=code, version="2025", defaults={"level": "section", "name_nl": f"Sectie {code}"}
        )
    nace = {n.code: n for n in NaceCode.objects.filter(level="section", code__in="CFG")}
    offerings, demand_indexes = {}, {}
    for province in provinces:
        _site, directory, demands = make_province_site(province)
        demand_indexes[province] = demands
        offerings[province] = []
        for e in range(3):
            enterprise = make_enterprise(
                directory, title=f"{province} werkplaats {e}", postal_code=POSTAL[province]
            )
            for cat in categories[:2]:
                offerings[province].append(
                    make_offering(enterprise, title=f"{cat.name_nl} {e}", category=cat)
                )
        ledger.enterprises[province] = 3

    companies = [f"kbo:0{400000000 + i * 7:09d}" for i in range(25)]
    before = datetime(2025, 6, 1, tzinfo=UTC)
    start = datetime(2026, 1, 1, tzinfo=UTC)

    for i in range(n_contacts):
        province = provinces[i % len(provinces)]
        offering = rng.choice(offerings[province])
        enterprise = offering.get_parent().specific
        created = _at(rng, before, 180) if i % 5 == 0 else _at(rng, start, 180)
        key = rng.choice(companies)
        row = {
            "province": province,
            "created_at": created,
            "company_key": key,
            "nace_section": rng.choice("CFG"),
            "size_class": rng.choice(["micro", "small", "medium"]),
            "buyer_province": rng.choice(BUYER_PROVINCES),
        }
        cr = ContactRequest.objects.create(
            offering=offering,
            enterprise=enterprise,
            postal_code="3500",
            company_name=f"Bedrijf {key}",
            contact_person="Jan Peeters",
            email=f"jan{i}@bedrijf{i}.be",
            message="Graag een offerte.",
            consent=True,
            **row,
        )
        ledger.contacts.append(row)
        ledger.matches.append(
            _make_match(
                rng,
                row,
                created,
                enterprise,
                offering.category,
                source="contact_request",
                contact_request=cr,
            )
        )

    for i in range(n_demands):
        province = provinces[i % len(provinces)]
        published = _at(rng, start, 150) if i % 6 else _at(rng, before, 150)
        cat = categories[i % 3]
        kind = "suggestion" if i % 4 == 0 else "request"
        page = make_demand(
            demand_indexes[province],
            title=f"Vraag {i}",
            category=cat,
            kind=kind,
            company_nace_section=nace[rng.choice("CFG")],
            company_size="small",
            company_name="Geheim NV",
            contact_email="info@geheim.be",
        )
        DemandPage.objects.filter(pk=page.pk).update(first_published_at=published)
        key = rng.choice(companies)
        status = "rejected" if i % 7 == 3 else "approved"
        DemandSubmission.objects.create(
            province=province,
            status=status,
            title=page.title,
            kind=kind,
            category=cat,
            description="x",
            postal_code="3500",
            buyer_province="limburg",
            company_key=key,
            company_name="Geheim NV",
            contact_person="An",
            contact_email="an@geheim.be",
            created_at=published - timedelta(hours=2),
            demand_page=page if status == "approved" else None,
        )
        ledger.submissions.append(
            {
                "province": province,
                "created_at": published - timedelta(hours=2),
                "company_key": key,
                "status": status,
            }
        )
        n_resp = rng.choice([0, 0, 1, 2])
        responses = []
        for r in range(n_resp):
            enterprise = rng.choice(offerings[rng.choice(provinces)]).get_parent().specific
            at = published + timedelta(days=rng.randrange(1, 20), hours=r)
            resp = DemandResponse.objects.create(
                demand=page, enterprise=enterprise, message="Wij kunnen dit.", created_at=at
            )
            responses.append(at)
            row = {"province": province, "company_key": key, "buyer_province": "limburg"}
            ledger.matches.append(
                _make_match(
                    rng, row, at, enterprise, cat, source="demand_response", demand_response=resp
                )
            )
        ledger.demands.append(
            {
                "province": province,
                "published": published,
                "kind": kind,
                "category": cat.slug,
                "responses": responses,
            }
        )

    for i in range(300):
        province = provinces[i % len(provinces)]
        at = _at(rng, start, 180)
        zero = i % 9 == 0
        cat = rng.choice(categories).slug
        record_event(
            "search",
            province=province,
            occurred_at=at,
            query=f"zoek {i % 13}",
            result_count=0 if zero else rng.randrange(1, 30),
            category=cat,
            filters={"category": cat},
        )
        ledger.searches.append({"province": province, "at": at, "zero": zero, "category": cat})
    for i in range(200):
        province = provinces[i % len(provinces)]
        at = _at(rng, start, 180)
        offering = rng.choice(offerings[province])
        record_event(
            "offering_view",
            province=province,
            occurred_at=at,
            offering_id=offering.pk,
            category=offering.category.slug,
        )
        ledger.views.append({"province": province, "at": at})

    for m in [m for m in ledger.matches if m["status"] == "confirmed"][:3]:
        GoodPractice.objects.create(
            title=f"Verhaal {m['id']}",
            slug=f"verhaal-{m['id']}",
            province=m["owner"],
            match_id=m["id"],
            summary="Samen aan de slag",
            story="<p>Verhaal</p>",
            published=True,
            created_at=m["created_at"] + timedelta(days=40),
        )
        ledger.good_practices.append(
            {"province": m["owner"], "created_at": m["created_at"] + timedelta(days=40)}
        )
    return ledger


def _make_match(rng, row, created, enterprise, category, source, **link):
    reach = rng.choice(STEPS)
    times = {}
    if reach in ("replied", "quote_sent", "confirmed"):
        times["replied_at"] = created + timedelta(days=2)
    if reach in ("quote_sent", "confirmed"):
        times["quote_sent_at"] = created + timedelta(days=9)
    if reach == "confirmed":
        times["confirmed_at"] = created + timedelta(days=20)
        times["value_band"] = rng.choice(BANDS)
        times["recurring"] = rng.random() < 0.5
    if reach == "lost":
        times["lost_at"] = created + timedelta(days=30)
    match = Match.objects.create(
        created_at=created,
        source=source,
        enterprise=enterprise,
        company_key=row["company_key"],
        buyer_province=row["buyer_province"],
        supplier_province=enterprise.province,
        category=category,
        status=reach,
        **times,
        **link,
    )
    return {
        "id": match.pk,
        "owner": row["province"],
        "created_at": created,
        "status": reach,
        "source": source,
        "buyer": row["buyer_province"],
        "supplier": enterprise.province,
        **times,
    }
