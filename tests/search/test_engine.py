"""Indexing, querying and the search features against the real OpenSearch node."""

import pytest

from tests.factories import make_category, make_demand, make_enterprise, make_offering

from .helpers import drain_and_refresh, publish, search

pytestmark = [pytest.mark.search, pytest.mark.django_db]


@pytest.fixture
def catalogue(engine, two_provinces):
    lim_dir = two_provinces["limburg"][1]
    wvl_dir = two_provinces["west-vlaanderen"][1]
    groen = make_category("groen", "Groenonderhoud")
    vlier = publish(make_enterprise(lim_dir, title="Werkplaats De Vlier", postal_code="3500"))
    kust = publish(
        make_enterprise(wvl_dir, title="Kustwerk", postal_code="8400", recognition_type="lde")
    )
    offerings = {
        "kantoor": publish(
            make_offering(vlier, title="Kantoorschoonmaak", body="<p>Wij poetsen bureaus.</p>")
        ),
        "tuin": publish(make_offering(vlier, title="Tuinonderhoud en snoeiwerken", category=groen)),
        "ramen": publish(make_offering(kust, title="Ramen wassen aan de kust")),
    }
    demand = publish(make_demand(two_provinces["limburg"][2], title="Wie strijkt onze werkkledij?"))
    drain_and_refresh()
    return {"vlier": vlier, "kust": kust, "demand": demand, **offerings}


def test_documents_from_both_provinces_are_found_with_province_ids_and_urls(catalogue):
    result = search(q="schoonmaak")
    ids = {r["id"] for r in result.results}
    assert f"limburg:offering:{catalogue['kantoor'].pk}" in ids
    hit = next(r for r in result.results if r["id"].endswith(f":{catalogue['kantoor'].pk}"))
    assert hit["url"].startswith("http://limburg.test/")
    assert hit["enterprise"] == "Werkplaats De Vlier"
    everything = search(page_size=50)
    assert {r["province"] for r in everything.results} == {"limburg", "west-vlaanderen"}
    assert everything.total == 6  # 2 enterprises, 3 offerings, 1 open demand


def test_dutch_stemming_and_folding(catalogue):
    # "snoeiwerk" (singular) finds "snoeiwerken" through the Dutch stemmer.
    assert catalogue["tuin"].title in [r["title"] for r in search(q="snoeiwerk").results]
    # Typo: "kantoorschonmaak" (missing o) still finds it, and marks the word it meant.
    hits = search(q="kantoorschonmaak").results
    hit = next(r for r in hits if r["title"] == "Kantoorschoonmaak")
    assert "<mark>Kantoorschoonmaak</mark>" in hit["highlight"]
    # A typo in a word only the body holds is not tolerated (fuzzy runs on `spelling`).
    assert search(q="bureaux").total == 0
    assert search(q="bureaus").total == 1


def test_synonyms_are_live_without_reindex(catalogue):
    from wagtail_doeners.search.models import Synonym

    before = {r["title"] for r in search(q="glazenwasser").results}
    assert "Ramen wassen aan de kust" not in before
    Synonym.objects.create(terms="glazenwasser, ramen wassen")
    after = {r["title"] for r in search(q="glazenwasser").results}
    assert "Ramen wassen aan de kust" in after


def test_highlight_is_html_escaped_and_marked(catalogue):
    hit = next(r for r in search(q="poetsen").results if r["title"] == "Kantoorschoonmaak")
    assert "<mark>poetsen</mark>" in hit["highlight"]


def test_facets_count_and_filter(catalogue):
    result = search(types=["offering"])
    provinces = {f["value"]: f["count"] for f in result.facets["province"]}
    assert provinces == {"limburg": 2, "west-vlaanderen": 1}
    categories = {f["value"]: f["count"] for f in result.facets["category"]}
    assert categories["schoonmaak"] == 2 and categories["groen"] == 1
    only_lim = search(types=["offering"], provinces=["limburg"])
    assert only_lim.total == 2
    # Multi-select facets: the province facet still shows the other province's count.
    assert {f["value"] for f in only_lim.facets["province"]} == {"limburg", "west-vlaanderen"}
    lde = search(recognition=["lde"])
    assert {r["title"] for r in lde.results} == {"Kustwerk", "Ramen wassen aan de kust"}


def test_distance_filter_and_sort(catalogue):
    near_hasselt = search(near="3500", radius_km=25)
    assert near_hasselt.results and all(r["province"] == "limburg" for r in near_hasselt.results)
    distances = [r["distance_km"] for r in near_hasselt.results]
    assert None not in distances and max(distances) <= 25
    by_distance = search(near="8400", sort="distance", page_size=50)
    distances = [r["distance_km"] for r in by_distance.results if r["distance_km"] is not None]
    assert distances == sorted(distances)
    assert by_distance.results[0]["province"] == "west-vlaanderen"


def test_own_province_boost_reorders(catalogue):
    boosted = search(q="schoonmaak ramen", boost_province="west-vlaanderen")
    assert boosted.results[0]["province"] == "west-vlaanderen"


def test_stable_pagination_covers_every_document_once(catalogue):
    seen = []
    for page in (1, 2, 3):
        seen += [r["id"] for r in search(page=page, page_size=2).results]
    assert len(seen) == len(set(seen)) == 6


def test_autocomplete_by_prefix(catalogue):
    from wagtail_doeners.search.backends import get_search_backend

    titles = [s["title"] for s in get_search_backend().autocomplete("kantoorsch")]
    assert titles == ["Kantoorschoonmaak"]


def test_unpublish_and_closed_demand_leave_the_index(catalogue):
    catalogue["ramen"].unpublish()
    demand = catalogue["demand"]
    demand.status = "closed-unmet"
    publish(demand)
    drain_and_refresh()
    ids = {r["id"] for r in search(page_size=50).results}
    assert f"west-vlaanderen:offering:{catalogue['ramen'].pk}" not in ids
    assert f"limburg:demand:{demand.pk}" not in ids


def test_enterprise_change_reaches_its_offerings(catalogue):
    vlier = catalogue["vlier"]
    vlier.title = "De Vlier Maatwerk"
    publish(vlier)
    drain_and_refresh()
    hit = next(r for r in search(q="kantoorschoonmaak").results if r["type"] == "offering")
    assert hit["enterprise"] == "De Vlier Maatwerk"


def test_delete_removes_the_document(catalogue):
    pk = catalogue["tuin"].pk
    catalogue["tuin"].delete()
    drain_and_refresh()
    assert f"limburg:offering:{pk}" not in {r["id"] for r in search(page_size=50).results}
