"""Locust user for benchmarks/search_load.py: the search API with the latency
benchmark's mixed query set (text, facets, geo), one query after another in a
fixed rotation per user. Each user aims at DOENERS_LOAD_USER_RPS requests/s
(``constant_throughput``), so the offered load is users x that rate."""

import itertools
import os
from urllib.parse import urlencode

from locust import constant_throughput, task
from locust.contrib.fasthttp import FastHttpUser

from benchmarks.search_latency import QUERIES

# SearchParams field -> API query parameter.
_API_NAMES = {
    "types": "type",
    "provinces": "province",
    "categories": "category",
    "boost_province": "boost",
}


def api_params(query):
    """The latency benchmark's SearchParams kwargs as /api/doeners/v1/search/ parameters."""
    params = []
    for name, value in query.items():
        name = _API_NAMES.get(name, name)
        for item in value if isinstance(value, list) else [value]:
            params.append((name, str(item)))
    return params


URLS = [f"/api/doeners/v1/search/?{urlencode(api_params(q))}" for q in QUERIES]
_STARTS = itertools.cycle(range(len(URLS)))


class SearchUser(FastHttpUser):
    wait_time = constant_throughput(float(os.environ.get("DOENERS_LOAD_USER_RPS", "5")))

    def on_start(self):
        # Users start at different points of the rotation, so each step sends the whole mix.
        start = next(_STARTS)
        self._urls = itertools.cycle(URLS[start:] + URLS[:start])

    @task
    def search(self):
        self.client.get(next(self._urls), name="search")
