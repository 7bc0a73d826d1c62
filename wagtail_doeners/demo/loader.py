"""Build the demo data set: five provincial Sites, enterprises, offerings, demands, users.

Idempotent and reproducible: every record is generated from ``seed`` first (so the
random stream never depends on what already exists), then only the missing ones
are written. Enterprises are keyed by KBO number, offerings and demands by their
slug under the parent page, so a second run finds everything and writes nothing.

Pages are appended to the tree with ``_ChildAppender``, which computes treebeard
paths itself and saves each page once, instead of ``add_child`` (which re-reads the
parent's last child and updates the parent for every page).
"""

import random
import time
import traceback
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from importlib import import_module

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, Site

from wagtail_doeners.conf import FLEMISH_PROVINCES, PROVINCES
from wagtail_doeners.geo import all_postal_codes
from wagtail_doeners.pages.choices import DemandKind, DemandStatus, SizeClass
from wagtail_doeners.pages.models import (
    Certification,
    DemandIndexPage,
    DemandPage,
    DirectoryPage,
    DoenersSiteSettings,
    EnterprisePage,
    NaceCode,
    OfferingCategory,
    OfferingPage,
    Province,
)
from wagtail_doeners.pages.nace import load_nace_codes
from wagtail_doeners.pages.permissions import setup_enterprise_account, setup_province_group

from . import vocabulary as V

DEMO_PASSWORD = "doeners-demo"  # noqa: S105 - printed on purpose: local demo only
ADMIN_USERNAME = "admin"
ENTERPRISE_USERNAME = "onderneming"
DEFAULT_PROVINCE = "vlaams-brabant"
# Share of enterprises per province (roughly the provinces' population shares).
PROVINCE_WEIGHTS = {
    "antwerpen": 27,
    "oost-vlaanderen": 23,
    "west-vlaanderen": 18,
    "vlaams-brabant": 17,
    "limburg": 15,
}
STATUS_WEIGHTS = [
    (DemandStatus.OPEN, 45),
    (DemandStatus.ANSWERED, 25),
    (DemandStatus.MATCHED, 20),
    (DemandStatus.CLOSED_UNMET, 10),
]
SIZE_WEIGHTS = [
    (SizeClass.MICRO, 35),
    (SizeClass.SMALL, 35),
    (SizeClass.MEDIUM, 20),
    (SizeClass.LARGE, 10),
]
BUYER_SECTIONS = ["C", "F", "G", "H", "I", "K", "L", "N", "O", "P", "Q", "R"]
CPV_BY_CATEGORY = {
    "schoonmaak": "90910000-9",
    "groenonderhoud": "77310000-6",
    "catering": "55520000-1",
    "drukwerk": "79810000-5",
    "wasserij": "98310000-9",
}


@dataclass(frozen=True)
class DemoOptions:
    seed: int = 2025
    enterprises: int = 320
    offerings_per_enterprise: int = 4
    demands: int = 120
    scale: float = 1.0
    port: int = 8000
    reset: bool = False

    @property
    def enterprise_count(self):
        return round(self.enterprises * self.scale)

    @property
    def demand_count(self):
        return round(self.demands * self.scale)


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _ascii_slug(text):
    return slugify(text.replace("ö", "o").replace("é", "e").replace("ï", "i"))


# --- the tree ---------------------------------------------------------------------


@contextmanager
def _deferred_search_index(models):
    """Skip Wagtail's per-save search indexing of ``models``; index in bulk on exit.

    Indexing one page at a time costs about a third of the time per page on SQLite;
    ``add_bulk`` does the same work in a few statements per batch.
    """
    from django.db.models.signals import post_save
    from modelsearch.backends import get_search_backends
    from modelsearch.signal_handlers import post_save_signal_handler

    created = {model: [] for model in models}

    def _collect(sender, instance, created=False, raw=False, **kwargs):
        if created and not raw:
            bucket[sender].append(instance.pk)

    bucket = created
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_save.connect(_collect, sender=model, weak=False)
    try:
        yield
    finally:
        for model in models:
            post_save.disconnect(_collect, sender=model)
            post_save.connect(post_save_signal_handler, sender=model)
    for model, pks in created.items():
        for start in range(0, len(pks), 500):
            batch = list(model.objects.filter(pk__in=pks[start : start + 500]))
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, batch)


class _ChildAppender:
    """Append pages under ``parent`` quickly: one save per page, one parent update."""

    def __init__(self, parent):
        self.parent = parent
        last = parent.get_last_child()
        self.last_path = last.path if last else None
        self.slugs = set(parent.get_children().values_list("slug", flat=True))
        self.added = 0

    def add(self, page, published_at=None):
        parent = self.parent
        if self.last_path is None:
            path = Page._get_path(parent.path, parent.depth + 1, 1)
        else:
            path = Page(path=self.last_path, depth=parent.depth + 1)._inc_path()
        page.path, page.depth, page.numchild = path, parent.depth + 1, 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = published_at or timezone.now()
        page._cached_parent_obj = parent
        page._is_site_root = False
        # Validation happened when the spec was built (valid KBO, known postal code).
        page.save(clean=False)
        self.last_path = path
        self.slugs.add(page.slug)
        self.added += 1
        return page

    def close(self):
        if self.added:
            Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + self.added)
            self.parent.numchild += self.added
            self.added = 0


def _child(parent, model, slug, title):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing, False
    return parent.add_child(instance=model(title=title, slug=slug)), True


def ensure_sites(port):
    """One Site per Flemish province, each with home, Aanbod and Vragen pages."""
    from example_site.home.models import HomePage

    root = Page.get_first_root_node()
    # Wagtail's initial "Welcome" site would otherwise stay the default site.
    Site.objects.filter(root_page__content_type__model="page", root_page__depth=2).delete()
    sites = {}
    for province in FLEMISH_PROVINCES:
        name = PROVINCES[province][1]
        home, _ = _child(root, HomePage, f"doeners-{province}", f"Doeners {name}")
        site, _ = Site.objects.update_or_create(
            root_page=home,
            defaults={
                "hostname": f"{province}.localhost",
                "port": port,
                "site_name": f"Doeners {name}",
                "is_default_site": province == DEFAULT_PROVINCE,
            },
        )
        DoenersSiteSettings.objects.update_or_create(site=site, defaults={"province": province})
        directory, _ = _child(home, DirectoryPage, "aanbod", "Aanbod")
        demand_index, _ = _child(home, DemandIndexPage, "vragen", "Vragen")
        sites[province] = (site, home, directory, demand_index)
    Site.clear_site_root_paths_cache()
    return sites


def ensure_taxonomies():
    load_nace_codes()
    categories = {}
    for order, (slug, nl, en, _nace, children) in enumerate(V.CATEGORY_TREE):
        top, _ = OfferingCategory.objects.update_or_create(
            slug=slug, defaults={"name_nl": nl, "name_en": en, "parent": None, "sort_order": order}
        )
        leaves = []
        for child_order, (child_slug, child_nl, child_en) in enumerate(children):
            leaf, _ = OfferingCategory.objects.update_or_create(
                slug=child_slug,
                defaults={
                    "name_nl": child_nl,
                    "name_en": child_en,
                    "parent": top,
                    "sort_order": child_order,
                },
            )
            leaves.append(leaf)
        categories[slug] = (top, leaves)
    certifications = []
    for slug, nl, en, url in V.CERTIFICATIONS:
        cert, _ = Certification.objects.update_or_create(
            slug=slug, defaults={"name_nl": nl, "name_en": en, "url": url}
        )
        certifications.append(cert)
    return categories, certifications


# --- specs (pure, seeded) -----------------------------------------------------------


def _kbo(rng, taken):
    while True:
        base = rng.randrange(2_000_000, 20_000_000)  # first digit 0 or 1
        digits = f"{base:08d}{97 - base % 97:02d}"
        kbo = f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
        if kbo not in taken:
            taken.add(kbo)
            return kbo


def _person(rng):
    first, last = rng.choice(V.FIRST_NAMES), rng.choice(V.LAST_NAMES)
    return first, last


def _phone(rng, mobile=True):
    prefix = (
        rng.choice(["470", "472", "475", "477", "485", "495"])
        if mobile
        else "0" + str(rng.randint(2, 9))
    )
    rest = rng.randrange(100000, 999999)
    return f"+32 {prefix} {str(rest)[:2]} {str(rest)[2:4]} {str(rest)[4:]}"


def _postal_pools():
    pools = {}
    for province in [*FLEMISH_PROVINCES, "brussel"]:
        records = [r for r in all_postal_codes(province) if r.has_coordinates]
        pools[province] = records or all_postal_codes(province)
    return pools


def enterprise_specs(rng, count, pools):
    taken, names, specs = set(), set(), []
    provinces = list(PROVINCE_WEIGHTS)
    weights = [PROVINCE_WEIGHTS[p] for p in provinces]
    top_slugs = [c[0] for c in V.CATEGORY_TREE]
    for index in range(count):
        province = rng.choices(provinces, weights=weights)[0]
        record = rng.choice(pools[province])
        recognition = _weighted(rng, V.RECOGNITION_WEIGHTS)
        prefix = rng.choice(V.NAME_PREFIXES[recognition])
        title = f"{prefix} {rng.choice(V.NAME_CORES)}".strip()
        if title in names:
            title = f"{title} {record.municipality_nl}"
        if title in names:
            title = f"{title} {index + 1}"
        names.add(title)
        main = rng.choice(top_slugs)
        second = rng.choice(top_slugs) if rng.random() < 0.35 else None
        first, last = _person(rng)
        slug = _ascii_slug(title)
        staff = rng.randint(8, 420)
        radius = rng.choice([10, 15, 20, 30, 50]) if rng.random() < 0.4 else None
        served = [] if radius else sorted({province, rng.choice(FLEMISH_PROVINCES)})
        specs.append(
            {
                "index": index,
                "province": province,
                "kbo_number": _kbo(rng, taken),
                "title": title,
                "slug": slug,
                "recognition_type": recognition,
                "legal_form": rng.choice(V.LEGAL_FORMS[recognition]),
                "record": record,
                "street": f"{rng.choice(V.STREETS)} {rng.randint(1, 180)}",
                "main": main,
                "second": second if second != main else None,
                "certifications": rng.sample(range(len(V.CERTIFICATIONS)), k=rng.randint(0, 2)),
                "total_staff": staff,
                "target_group_fte": Decimal(round(staff * rng.uniform(0.45, 0.85), 1)).quantize(
                    Decimal("0.1")
                ),
                "service_radius_km": radius,
                "service_provinces": served,
                "contact_person": f"{first} {last}",
                "contact_email": f"{_ascii_slug(first)}.{_ascii_slug(last)}@{slug}.example",
                "contact_phone": _phone(rng),
                "public_phone": _phone(rng, mobile=False),
                "published_days_ago": rng.randint(30, 900),
                "description": " ".join(rng.sample(V.BODY_SENTENCES, k=3)),
            }
        )
    return specs


def offering_specs(rng, enterprise, per_enterprise, categories):
    """The offerings of one enterprise spec: ``per_enterprise`` ± 2 of them."""
    count = max(0, per_enterprise + rng.randint(-2, 2)) if per_enterprise else 0
    tops = [enterprise["main"]] + ([enterprise["second"]] if enterprise["second"] else [])
    specs, slugs = [], set()
    for _ in range(count):
        top = rng.choice(tops)
        leaf = rng.choice(categories[top][1])
        title = f"{leaf.name_nl} {rng.choice(V.OFFERING_QUALIFIERS)}"
        slug = _ascii_slug(title)
        while slug in slugs:
            slug = f"{slug}-{len(slugs) + 1}"
        slugs.add(slug)
        specs.append(
            {
                "title": title,
                "slug": slug,
                "category": leaf,
                "top": top,
                "summary": (
                    f"{leaf.name_nl} door {enterprise['title']}, "
                    f"{rng.choice(V.OFFERING_QUALIFIERS)}."
                ),
                "body": " ".join(rng.sample(V.BODY_SENTENCES, k=2)),
                "cpv_codes": CPV_BY_CATEGORY.get(top, "") if rng.random() < 0.5 else "",
                "capacity": rng.choice(V.CAPACITIES),
                "lead_time_days": rng.choice([None, 2, 5, 7, 10, 14, 21, 30]),
                "minimum_order": rng.choice(V.MINIMUM_ORDERS),
                "price_indication": rng.choice(V.PRICE_INDICATIONS),
                "tags": rng.sample(["duurzaam", "lokaal", "circulair", "snel", "maatwerk"], k=2),
                "published_days_ago": rng.randint(0, enterprise["published_days_ago"]),
            }
        )
    return specs


def demand_specs(rng, count, pools, categories):
    specs = []
    provinces = list(PROVINCE_WEIGHTS)
    weights = [PROVINCE_WEIGHTS[p] for p in provinces]
    leaves = [leaf for _, children in categories.values() for leaf in children]
    today = timezone.localdate()
    for index in range(count):
        site_province = rng.choices(provinces, weights=weights)[0]
        # Most buyers are local; some come from another province or from Brussels.
        roll = rng.random()
        company_province = (
            site_province
            if roll < 0.8
            else ("brussel" if roll < 0.85 else rng.choice(FLEMISH_PROVINCES))
        )
        record = rng.choice(pools[company_province])
        leaf = rng.choice(leaves)
        kind = DemandKind.SUGGESTION if rng.random() < 0.25 else DemandKind.REQUEST
        pattern = rng.choice(
            V.SUGGESTION_TITLES if kind == DemandKind.SUGGESTION else V.DEMAND_TITLES
        )
        title = pattern.format(category=leaf.name_nl.lower(), municipality=record.municipality_nl)
        status = _weighted(rng, STATUS_WEIGHTS)
        if rng.random() < 0.3:
            deadline = None
        elif status == DemandStatus.OPEN:
            deadline = today + timedelta(days=rng.randint(14, 120))
        else:
            deadline = today - timedelta(days=rng.randint(1, 200))
        first, last = _person(rng)
        company = f"{rng.choice(V.COMPANY_TYPES)} {last}"
        company_kbo = _kbo(rng, set())
        specs.append(
            {
                "index": index,
                "site_province": site_province,
                "slug": f"{_ascii_slug(title)[:60]}-{index + 1}",
                "title": title,
                "kind": kind,
                "category": leaf,
                "description": " ".join(
                    s.format(category=leaf.name_nl.lower())
                    for s in rng.sample(V.DEMAND_BODIES, k=2)
                ),
                "region": record.municipality_nl if rng.random() < 0.5 else "",
                "deadline": deadline,
                "budget_band": rng.choice(["unknown", "lt-5k", "5k-25k", "25k-100k", "gt-100k"]),
                "status": status,
                "record": record,
                "company_section": rng.choice(BUYER_SECTIONS),
                "company_size": _weighted(rng, SIZE_WEIGHTS),
                "company_name": f"{company} bv",
                "company_kbo": company_kbo if rng.random() < 0.7 else "",
                "contact_person": f"{first} {last}",
                "contact_email": f"{_ascii_slug(first)}@{_ascii_slug(company)}.example",
                "contact_phone": _phone(rng),
                "published_days_ago": rng.randint(0, 540),
            }
        )
    return specs


# --- writing ------------------------------------------------------------------------


def _ago(days):
    return timezone.now() - timedelta(days=days, hours=days % 9)


def _write_enterprises(specs, sites, categories, certifications):
    nace = {c.code: c for c in NaceCode.objects.filter(version="2025", level="division")}
    nace_by_top = {slug: nace_code for slug, _, _, nace_code, _ in V.CATEGORY_TREE}
    provinces = {p.slug: p for p in Province.objects.all()}
    existing = {page.kbo_number: page for page in EnterprisePage.objects.all()}
    created = 0
    for province in FLEMISH_PROVINCES:
        todo = [s for s in specs if s["province"] == province and s["kbo_number"] not in existing]
        if not todo:
            continue
        directory = sites[province][2]
        with transaction.atomic():
            appender = _ChildAppender(directory)
            for spec in todo:
                slug = spec["slug"]
                if slug in appender.slugs:
                    slug = f"{slug}-{spec['index'] + 1}"
                record = spec["record"]
                page = EnterprisePage(
                    title=spec["title"],
                    slug=slug,
                    kbo_number=spec["kbo_number"],
                    recognition_type=spec["recognition_type"],
                    legal_form=spec["legal_form"],
                    description=f"<p>{spec['description']}</p>",
                    street=spec["street"],
                    postal_code=record.postal_code,
                    municipality=record.municipality_nl,
                    province=record.province,
                    latitude=record.latitude,
                    longitude=record.longitude,
                    total_staff=spec["total_staff"],
                    target_group_fte=spec["target_group_fte"],
                    service_radius_km=spec["service_radius_km"],
                    website=f"https://www.{spec['slug']}.example",
                    public_email=f"info@{spec['slug']}.example",
                    public_phone=spec["public_phone"],
                    contact_person=spec["contact_person"],
                    contact_email=spec["contact_email"],
                    contact_phone=spec["contact_phone"],
                )
                codes = [nace_by_top[spec["main"]]]
                if spec["second"]:
                    codes.append(nace_by_top[spec["second"]])
                page.nace_codes.set([nace[c] for c in dict.fromkeys(codes) if c in nace])
                page.certifications.set([certifications[i] for i in spec["certifications"]])
                page.service_provinces.set([provinces[p] for p in spec["service_provinces"]])
                appender.add(page, _ago(spec["published_days_ago"]))
                existing[spec["kbo_number"]] = page
                created += 1
            appender.close()
    return existing, created


def _write_offerings(enterprise_specs_, offerings_by_kbo, enterprises):
    created = 0
    by_parent = {}
    for path, slug in OfferingPage.objects.values_list("path", "slug"):
        by_parent.setdefault(path[: -Page.steplen], set()).add(slug)
    with transaction.atomic():
        for spec in enterprise_specs_:
            enterprise = enterprises[spec["kbo_number"]]
            have = by_parent.get(enterprise.path, set())
            todo = [o for o in offerings_by_kbo[spec["kbo_number"]] if o["slug"] not in have]
            if not todo:
                continue
            appender = _ChildAppender(enterprise)
            for offering in todo:
                if offering["slug"] in appender.slugs:
                    continue
                page = OfferingPage(
                    title=offering["title"],
                    slug=offering["slug"],
                    summary=offering["summary"][:300],
                    body=f"<p>{offering['body']}</p>",
                    category=offering["category"],
                    cpv_codes=offering["cpv_codes"],
                    capacity=offering["capacity"],
                    lead_time_days=offering["lead_time_days"],
                    minimum_order=offering["minimum_order"],
                    price_indication=offering["price_indication"],
                )
                page.tags.add(*offering["tags"])
                appender.add(page, _ago(offering["published_days_ago"]))
                created += 1
            appender.close()
    return created


def _write_demands(specs, sites):
    sections = {c.code: c for c in NaceCode.objects.filter(version="2025", level="section")}
    created = 0
    for province in FLEMISH_PROVINCES:
        index_page = sites[province][3]
        todo = [s for s in specs if s["site_province"] == province]
        have = set(DemandPage.objects.child_of(index_page).values_list("slug", flat=True))
        todo = [s for s in todo if s["slug"] not in have]
        if not todo:
            continue
        with transaction.atomic():
            appender = _ChildAppender(index_page)
            for spec in todo:
                record = spec["record"]
                page = DemandPage(
                    title=spec["title"],
                    slug=spec["slug"],
                    kind=spec["kind"],
                    category=spec["category"],
                    description=f"<p>{spec['description']}</p>",
                    region=spec["region"],
                    deadline=spec["deadline"],
                    budget_band=spec["budget_band"],
                    status=spec["status"],
                    company_nace_section=sections.get(spec["company_section"]),
                    company_size=spec["company_size"],
                    postal_code=record.postal_code,
                    province=record.province,
                    latitude=record.latitude,
                    longitude=record.longitude,
                    company_name=spec["company_name"],
                    company_kbo=spec["company_kbo"],
                    contact_person=spec["contact_person"],
                    contact_email=spec["contact_email"],
                    contact_phone=spec["contact_phone"],
                )
                appender.add(page, _ago(spec["published_days_ago"]))
                created += 1
            appender.close()
    return created


def _ensure_user(username, *, superuser=False, email=""):
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        if superuser:
            user = user_model.objects.create_superuser(username, email, DEMO_PASSWORD)
        else:
            user = user_model.objects.create_user(username, email, DEMO_PASSWORD)
    return user


def ensure_users(enterprise_spec, enterprises):
    logins = [(ADMIN_USERNAME, DEMO_PASSWORD, "superuser, every province")]
    _ensure_user(ADMIN_USERNAME, superuser=True, email="admin@doeners.example")
    for province in FLEMISH_PROVINCES:
        username = f"redactie-{province}"
        user = _ensure_user(username, email=f"{username}@doeners.example")
        user.groups.add(setup_province_group(province))
        logins.append((username, DEMO_PASSWORD, f"editor, {PROVINCES[province][1]} only"))
    if enterprise_spec is not None:
        enterprise = enterprises[enterprise_spec["kbo_number"]]
        user_model = get_user_model()
        if not user_model.objects.filter(username=ENTERPRISE_USERNAME).exists():
            setup_enterprise_account(
                enterprise,
                ENTERPRISE_USERNAME,
                email="onderneming@doeners.example",
                password=DEMO_PASSWORD,
            )
        else:
            setup_enterprise_account(enterprise, ENTERPRISE_USERNAME)
        logins.append(
            (ENTERPRISE_USERNAME, DEMO_PASSWORD, f"enterprise, only “{enterprise.title}”")
        )
    return logins


def reset_demo_data(stdout):
    """Delete the demo Sites and their page trees (taxonomies and users stay)."""
    homes = Page.objects.filter(depth=2, slug__in=[f"doeners-{p}" for p in FLEMISH_PROVINCES])
    count = 0
    for home in homes:
        count += home.get_descendant_count() + 1
        Site.objects.filter(root_page=home).delete()
        home.delete()
    Site.clear_site_root_paths_cache()
    stdout.write(f"Reset: deleted {count} demo pages.")


def run_subapp_demos(options, stdout, stderr=None):
    """Call ``load_demo(rng=, scale=, stdout=)`` of every installed sub-app that has one.

    Returns ``(called, failed)``. A failing sub-app loader is reported on ``stderr``
    and skipped, so the pages (and ``make demo``) still come up; the tests assert that
    none fails.
    """
    called, failed = [], []
    for config in apps.get_app_configs():
        if not config.name.startswith("wagtail_doeners."):
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        loader = getattr(module, "load_demo", None)
        if loader is None:
            continue
        rng = random.Random(zlib.crc32(f"{options.seed}:{config.name}".encode()))
        try:
            with transaction.atomic():
                loader(rng=rng, scale=options.scale, stdout=stdout)
        except Exception:
            failed.append(config.name)
            (stderr or stdout).write(
                f"Demo data of {config.name} failed and was skipped:\n{traceback.format_exc()}"
            )
        else:
            called.append(config.name)
    return called, failed


def load_demo_data(options, stdout, stderr=None):
    """Create whatever is missing of the demo data set; return counts and timings."""
    started = time.monotonic()
    if options.reset:
        reset_demo_data(stdout)
    rng = random.Random(options.seed)
    with transaction.atomic():
        sites = ensure_sites(options.port)
        categories, certifications = ensure_taxonomies()
    pools = _postal_pools()
    ent_specs = enterprise_specs(rng, options.enterprise_count, pools)
    offerings_by_kbo = {
        spec["kbo_number"]: offering_specs(rng, spec, options.offerings_per_enterprise, categories)
        for spec in ent_specs
    }
    dem_specs = demand_specs(rng, options.demand_count, pools, categories)

    with _deferred_search_index([EnterprisePage, OfferingPage, DemandPage]):
        t0 = time.monotonic()
        enterprises, new_enterprises = _write_enterprises(
            ent_specs, sites, categories, certifications
        )
        t1 = time.monotonic()
        new_offerings = _write_offerings(ent_specs, offerings_by_kbo, enterprises)
        t2 = time.monotonic()
        new_demands = _write_demands(dem_specs, sites)
        t3 = time.monotonic()

    account_spec = next((s for s in ent_specs if s["province"] == DEFAULT_PROVINCE), None)
    account_spec = account_spec or (ent_specs[0] if ent_specs else None)
    logins = ensure_users(account_spec, enterprises)
    subapps, failed = run_subapp_demos(options, stdout, stderr)
    return {
        "sites": len(sites),
        "enterprises": len(ent_specs),
        "offerings": sum(len(o) for o in offerings_by_kbo.values()),
        "demands": len(dem_specs),
        "created": {
            "enterprises": new_enterprises,
            "offerings": new_offerings,
            "demands": new_demands,
        },
        "seconds": {
            "enterprises": round(t1 - t0, 2),
            "offerings": round(t2 - t1, 2),
            "demands": round(t3 - t2, 2),
            "total": round(time.monotonic() - started, 2),
        },
        "logins": logins,
        "subapps": subapps,
        "subapp_failures": failed,
        "sites_list": [(p, s[0]) for p, s in sites.items()],
    }
