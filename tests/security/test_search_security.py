"""The search cluster, on the real node: highlights carry only the engine's <mark>
tags around escaped text, and an install writes only its own province's documents:
every attempt to write, delete or rebuild another province's is refused before a
request reaches the cluster, and the other province's documents stay as they were."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import make_category, make_enterprise, make_offering, make_province_site
from tests.search.conftest import opensearch_engine  # noqa: F401 (fixture)
from wagtail_doeners.search import sync
from wagtail_doeners.search.documents import ForeignProvinceWrite, check_write
from wagtail_doeners.search.models import OutboxEntry

pytestmark = [pytest.mark.django_db, pytest.mark.search]

LIMBURG = {"HTTP_HOST": "limburg.test"}
SCRIPT = "<script>alert('x')</script>"
ATTR = '"><img src=x onerror=alert(1)>'
FOREIGN_KEY = "antwerpen:offering:999999"


@pytest.fixture
def engine(opensearch_engine):  # noqa: F811 - the fixture imported above
    """The search suite's OpenSearch engine (own index prefix, dropped afterwards)."""
    return opensearch_engine


@pytest.fixture
def limburg_install(db):
    """An install that serves Limburg (and the default province), not Antwerpen."""
    site, directory, demands = make_province_site("limburg", hostname="limburg.test")
    category = make_category("schoonmaak", "Schoonmaak")
    enterprise = make_enterprise(directory, title="Werkplaats De Vlier", postal_code="3500")
    enterprise.save_revision().publish()
    return {"site": site, "directory": directory, "enterprise": enterprise, "category": category}


def _publish(page):
    page.save_revision().publish()
    return page


def _drain(engine):
    sync.drain()
    engine.refresh()


def _only_marks(fragment):
    """The highlight with the engine's tags taken out must hold no markup at all."""
    rest = re.sub(r"</?(mark|em)>", "", fragment)
    assert "<" not in rest and ">" not in rest, fragment
    return rest


def test_highlights_escape_everything_but_the_engine_tags(client, engine, limburg_install):
    _publish(
        make_offering(
            limburg_install["enterprise"],
            title=f"Schoonmaak {SCRIPT}",
            summary=f"Schoonmaak van kantoren {ATTR}",
            body=f"<p>Schoonmaak &lt;script&gt;alert(2)&lt;/script&gt; {ATTR}</p>",
            category=limburg_install["category"],
        )
    )
    _drain(engine)

    data = client.get("/api/doeners/v1/search/", {"q": "schoonmaak"}, **LIMBURG).json()
    (hit,) = [r for r in data["results"] if r["type"] == "offering"]
    assert "<mark>" in hit["highlight"], hit
    text = _only_marks(hit["highlight"])
    assert "&lt;script&gt;" in text or "&quot;&gt;&lt;img" in text

    page = client.get(reverse("wagtail_doeners:doeners_search"), {"q": "schoonmaak"}, **LIMBURG)
    html = page.content.decode()
    assert page.status_code == 200 and "<mark>" in html
    assert SCRIPT not in html and "<img src=x" not in html


def _antwerpen_doc(engine):
    """What the Antwerpen install wrote with its own credentials."""
    doc = {
        "key": FOREIGN_KEY,
        "type": "offering",
        "page_id": 999999,
        "province": "antwerpen",
        "title": "Antwerps aanbod",
        "url": "https://antwerpen.example/aanbod/1/",
    }
    engine.apply_changes("antwerpen", [(FOREIGN_KEY, 5, doc)], refresh=True)
    return doc


def _antwerpen_state(engine):
    (index,) = engine.province_indices("antwerpen")
    docs = engine.request(
        "POST", f"/{index}/_search", {"query": {"match_all": {}}, "version": True, "size": 50}
    )["hits"]["hits"]
    return index, sorted((d["_id"], d["_version"], d["_source"]["title"]) for d in docs)


def test_outbox_rows_for_another_province_are_refused(engine, limburg_install):
    offering = _publish(make_offering(limburg_install["enterprise"], title="Kantoorschoonmaak"))
    _drain(engine)
    _antwerpen_doc(engine)
    before = _antwerpen_state(engine)

    # Rows that name Antwerpen: one would publish our page as Antwerpen's, one would
    # delete Antwerpen's document.
    rows = OutboxEntry.objects.bulk_create(
        [
            OutboxEntry(
                page_id=offering.pk, province="antwerpen", doc_type="offering", action="index"
            ),
            OutboxEntry(page_id=999999, province="antwerpen", doc_type="offering", action="delete"),
        ]
    )
    sync.drain()
    engine.refresh()
    for row in rows:
        row.refresh_from_db()
        assert row.processed_at is not None  # not retried forever
        assert "Refused" in row.last_error and "antwerpen" in row.last_error
    assert _antwerpen_state(engine) == before
    # Our own document is untouched and our later changes still flow.
    offering.title = "Kantoorschoonmaak plus"
    _publish(offering)
    _drain(engine)
    source = engine.request(
        "GET", f"/{engine.write_alias('limburg')}/_doc/limburg:offering:{offering.pk}"
    )
    assert source["_source"]["title"] == "Kantoorschoonmaak plus"


@pytest.mark.parametrize(
    "province, key, document",
    [
        ("antwerpen", FOREIGN_KEY, None),  # a province this install does not serve
        ("limburg", FOREIGN_KEY, None),  # delete another province's id through ours
        (
            "limburg",
            FOREIGN_KEY,
            {"key": FOREIGN_KEY, "province": "antwerpen", "type": "offering", "title": "x"},
        ),
        (
            "limburg",
            "limburg:offering:1",
            {"key": "limburg:offering:1", "province": "antwerpen", "type": "offering"},
        ),
        (
            "limburg",
            "limburg:offering:1",
            {"key": FOREIGN_KEY, "province": "limburg", "type": "offering"},
        ),
    ],
)
def test_direct_writes_to_another_province_are_refused(
    engine, limburg_install, province, key, document
):
    _antwerpen_doc(engine)
    before = _antwerpen_state(engine)
    with pytest.raises(ForeignProvinceWrite) as error:
        sync.write_documents(engine, province, [(key, 10**9, document)], refresh=True)
    assert "Refused" in str(error.value)
    engine.refresh()
    assert _antwerpen_state(engine) == before
    assert engine.province_indices("limburg") == []  # nothing was even created for us


def test_check_write_accepts_own_documents():
    doc = {"key": "limburg:offering:1", "province": "limburg", "type": "offering"}
    check_write("limburg", [("limburg:offering:1", 1, doc), ("limburg:demand:2", 1, None)])


def test_rebuild_of_another_province_is_refused(engine, limburg_install):
    _antwerpen_doc(engine)
    before = _antwerpen_state(engine)
    with pytest.raises(ForeignProvinceWrite):
        sync.rebuild("antwerpen")
    with pytest.raises(CommandError, match="Refused to rebuild province 'antwerpen'"):
        call_command("doeners_search_rebuild", province="antwerpen", verbosity=0)
    assert _antwerpen_state(engine) == before  # same physical index, same documents
    # Our own rebuild still works and leaves Antwerpen alone.
    assert sync.rebuild("limburg") >= 1
    assert _antwerpen_state(engine) == before
