"""Bulk data for the search benchmarks: offerings stored as real Wagtail pages in
PostgreSQL, written with bulk INSERTs (treebeard paths computed here) because creating
100k pages through ``add_child`` would take hours. The rows are the same as Wagtail
writes (Page row + specific row, live, with a revision-less publish date); nothing is
faked at the search layer: the rebuild reads them with the ORM like any other page.

    bench_db(...)  -> database URL, migrated and filled (cached between runs)
"""

import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = [
    "kantoorschoonmaak",
    "groenonderhoud",
    "tuinonderhoud",
    "catering",
    "verpakking",
    "assemblage",
    "drukwerk",
    "fietsherstel",
    "strijkdienst",
    "houtbewerking",
    "naaiatelier",
    "logistiek",
    "schrijnwerk",
    "poetsdienst",
    "onthaal",
    "digitalisering",
    "montage",
    "recyclage",
    "snoeiwerken",
    "ramen wassen",
    "textiel",
    "metaalbewerking",
    "boekbinden",
]
POSTAL = {
    "limburg": ["3500", "3600", "3800", "3900", "3700"],
    "west-vlaanderen": ["8000", "8400", "8500", "8800", "8900"],
}


def data_ready(url, offerings):
    """True if the benchmark database already holds ``offerings`` offering pages."""
    try:
        with psycopg.connect(url) as conn:
            row = conn.execute("select count(*) from doeners_pages_offeringpage").fetchone()
            return row[0] >= offerings
    except psycopg.Error:
        return False


def bench_db_url():
    base = os.environ.get("DATABASE_URL", "postgres://doeners:doeners@127.0.0.1:5432/doeners")
    parsed = urlparse(base)
    return parsed._replace(path=parsed.path + "_bench_search").geturl()


def ensure_database(url, log, reset=False):
    parsed = urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    name = parsed.path.lstrip("/")
    with psycopg.connect(admin, autocommit=True) as conn:
        if reset:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = conn.execute("select 1 from pg_database where datname=%s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DOENERS_BENCH_DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "benchmarks.search_settings",
        "PYTHONPATH": str(ROOT),
    }
    log("migrating benchmark database")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def _insert_specific(model, rows, connection):
    fields = model._meta.local_concrete_fields
    columns = ", ".join(f'"{f.column}"' for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f'INSERT INTO "{model._meta.db_table}" ({columns}) VALUES ({marks})'
    values = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] for obj in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def bulk_children(parent, model, instances):
    """Add ``instances`` (unsaved specific pages) under ``parent`` in bulk."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page

    ct = ContentType.objects.get_for_model(model)
    now = timezone.now()
    parent.refresh_from_db()
    start = parent.numchild
    bases = []
    for i, obj in enumerate(instances, start=start + 1):
        slug = f"{obj.slug or 'p'}-{i}"
        base = Page(
            title=obj.title,
            draft_title=obj.title,
            slug=slug,
            content_type=ct,
            path=Page._get_path(parent.path, parent.depth + 1, i),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            live=True,
            has_unpublished_changes=False,
            locale_id=parent.locale_id,
            first_published_at=now,
            last_published_at=now,
            latest_revision_created_at=now,
        )
        bases.append(base)
    with transaction.atomic():
        Page.objects.bulk_create(bases, batch_size=2000)
        for base, obj in zip(bases, instances, strict=True):
            obj.page_ptr_id = obj.pk = base.pk
            for name in ("path", "depth", "url_path", "slug", "live", "locale_id"):
                setattr(obj, name, getattr(base, name))
        _insert_specific(model, instances, connection)
        Page.objects.filter(pk=parent.pk).update(numchild=start + len(instances))
    return instances


def fill(province, enterprises, offerings_each, log, seed=1):
    """One province site with ``enterprises`` x ``offerings_each`` offerings."""
    from tests.factories import make_category, make_kbo, make_province_site
    from wagtail_doeners.geo import lookup_postal_code
    from wagtail_doeners.pages.models import EnterprisePage, OfferingPage

    rng = random.Random(seed)
    _site, directory, _ = make_province_site(province, hostname=f"{province}.bench")
    cats = [make_category(f"cat-{i}", f"Categorie {i}") for i in range(8)]
    subcats = [
        make_category(f"cat-{i}-{j}", f"Sub {i}.{j}", parent=cats[i])
        for i in range(8)
        for j in range(3)
    ]
    ents = []
    for i in range(enterprises):
        record = lookup_postal_code(rng.choice(POSTAL[province]))
        ents.append(
            EnterprisePage(
                title=f"Werkplaats {province} {i}",
                slug="ent",
                kbo_number=make_kbo(seed * 100000 + i),
                recognition_type=rng.choice(["maatwerkbedrijf", "lde", "maatwerkafdeling"]),
                postal_code=record.postal_code,
                province=record.province,
                latitude=record.latitude,
                longitude=record.longitude,
                municipality=record.municipality_nl,
                description=f"<p>{rng.choice(WORDS)}</p>",
                contact_email="private@example.org",
            )
        )
    t0 = time.monotonic()
    bulk_children(directory, EnterprisePage, ents)
    for n, ent in enumerate(ents):
        items = []
        for j in range(offerings_each):
            words = rng.sample(WORDS, 3)
            items.append(
                OfferingPage(
                    title=f"{words[0].capitalize()} {j}",
                    slug="off",
                    summary=f"{words[0]} en {words[1]} door {ent.title}",
                    body=f"<p>Wij doen {words[0]}, {words[1]} en {words[2]}.</p>",
                    category=rng.choice(subcats),
                )
            )
        bulk_children(ent, OfferingPage, items)
        if n % 100 == 0:
            log(f"{province}: {n}/{enterprises} enterprises ({time.monotonic() - t0:.0f}s)")
    return len(ents) * (offerings_each + 1)
