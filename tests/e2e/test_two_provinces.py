"""Two example_site processes (Limburg = A, West-Vlaanderen = B), each with its own
PostgreSQL database, sharing one real OpenSearch node."""

import threading
import time

import pytest
import requests

pytestmark = [pytest.mark.e2e, pytest.mark.search]


def _ids(site, **params):
    return {r["id"] for r in site.search(page_size=50, **params)["results"]}


def test_publish_in_a_is_found_in_b_with_a_canonical_url(provinces):
    a = provinces.a
    # The first publish of a fresh process also pays for imports and connections.
    timings = provinces.publish_and_time(4)
    print("publish -> visible in B:", [round(t or -1, 3) for _, t, _ in timings])
    assert all(t is not None for _, t, _ in timings), "not visible in B"
    assert max(t for _, t, _ in timings[1:]) < 2.0
    page_id, seconds, url = timings[0]
    assert url.startswith(a.url + "/")
    # The canonical URL really serves the page on A's site.
    response = requests.get(url, timeout=10)
    assert response.status_code == 200 and "reeks 0" in response.text and page_id


def test_unpublish_in_a_disappears_from_b(provinces):
    a, b = provinces.a, provinces.b
    page_id = provinces.setup_a["offerings"][0]
    key = f"{a.slug}:offering:{page_id}"
    assert key in _ids(b, province=a.slug)
    a.run("unpublish", page_id)
    assert provinces.wait_until(lambda: key not in _ids(b, province=a.slug), timeout=5)


def test_rebuild_a_leaves_b_untouched_throughout(provinces):
    a, b = provinces.a, provinces.b
    b_before = _ids(b, province=b.slug)
    a_before = _ids(b, province=a.slug)
    assert b_before and a_before
    polls, stop = [], threading.Event()

    def poll():
        while not stop.is_set():
            polls.append((_ids(b, province=b.slug), _ids(b, province=a.slug)))
            time.sleep(0.01)

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        out = a.manage("doeners_search_rebuild", "--province", a.slug).stdout
    finally:
        stop.set()
        poller.join()
    assert "aliases switched" in out
    assert len(polls) >= 5
    assert all(b_ids == b_before for b_ids, _ in polls)
    assert all(a_ids == a_before for _, a_ids in polls)
