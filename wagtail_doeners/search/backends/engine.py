"""Shared logic of the OpenSearch and Elasticsearch backends.

elasticsearch-dsl builds the mapping and the queries (``to_dict()``); everything is
sent through one low-level method, ``request()``, that each client module implements.
The same ``request()`` is the documented way for other sub-apps (e.g. the matchmaking
percolator) to talk to the cluster: see ``create_index``, ``index_document``,
``percolate`` and docs/search.md.

Index layout (``P`` = ``OPTIONS["INDEX_PREFIX"]``, default ``doeners``):

* one physical index per province: ``P-<province>-v<mapping version>-<timestamp>``;
* a per-province write alias ``P-<province>``, through which only that province writes;
* one shared read alias ``P-all`` over every province's current index.

A rebuild fills a new physical index and then moves both aliases in one atomic
``_aliases`` call, so other provinces' documents are never touched and the rebuilt
province is never missing from the read alias.
"""

import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from elasticsearch_dsl import A, Q, Search

from wagtail_doeners.conf import PROVINCES
from wagtail_doeners.geo import distance_km
from wagtail_doeners.pages.provinces import province_label

from ..documents import MAPPING_VERSION, check_write, index_body
from ..params import SearchResults
from ..synonyms import expand
from .base import BaseSearchBackend, SearchEngineError, SearchUnavailable

logger = logging.getLogger(__name__)

FACETS = {
    "type": "type",
    "province": "province",
    "category": "category_path",
    "recognition": "recognition_type",
    "certification": "certifications",
    "service_area": "service_provinces",
}
TEXT_FIELDS = [
    "title^4",
    "title.folded^2",
    "summary^2",
    "summary.folded",
    "body",
    "enterprise^2",
    "tags^2",
    "category_label^2",
    "municipality",
]
# The aggregation holding the facets without a selection of their own.
SHARED_FACETS = "_unselected"
# Typo tolerance; a misspelled word expands to at most 20 terms (the engine's default
# is 50), which bounds the cost of fuzzy matching.
FUZZY = {"fuzziness": "AUTO", "prefix_length": 1, "max_expansions": 20}


class EngineBackend(BaseSearchBackend):
    uses_index = True
    features = frozenset(
        {
            "dutch-analysis",
            "synonyms",
            "typo-tolerance",
            "autocomplete",
            "highlight",
            "facets",
            "filters",
            "distance",
            "sort-by-distance",
            "province-boost",
            "stable-pagination",
        }
    )

    def __init__(self, options):
        super().__init__(options)
        self.prefix = options.get("INDEX_PREFIX", "doeners")
        self.read_alias = f"{self.prefix}-all"
        self.bulk_bytes = int(options.get("BULK_BYTES", 5 * 1024 * 1024))
        self.replicas = int(options.get("REPLICAS", 0))
        self.max_retries = int(options.get("MAX_RETRIES", 5))
        self._client_obj = None

    # -- the low-level layer (implemented per client) -------------------------------
    def _make_client(self):
        raise NotImplementedError

    def _send(self, method, path, body, params, headers):
        """Send one request; return (status, parsed body). Raise SearchUnavailable."""
        raise NotImplementedError

    @property
    def client(self):
        if self._client_obj is None:
            self._client_obj = self._make_client()
        return self._client_obj

    def request(self, method, path, body=None, params=None, ignore=()):
        """Send a raw request (``body``: dict, or str for NDJSON). Return the JSON body.

        Retries on 429 and 503 with exponential back-off; raises ``SearchUnavailable``
        when the engine cannot be reached and ``SearchEngineError`` for other errors
        (except statuses listed in ``ignore``).
        """
        delay = 0.2
        for attempt in range(self.max_retries + 1):
            status, data = self._send(method, path, body, params or {}, None)
            if status in (429, 503) and attempt < self.max_retries:
                time.sleep(delay)
                delay = min(delay * 2, 5)
                continue
            if status >= 400 and status not in ignore:
                if status >= 500:
                    raise SearchUnavailable(f"{method} {path}: {status} {str(data)[:300]}")
                raise SearchEngineError(status, data)
            return data
        raise SearchUnavailable(f"{method} {path}: still rejected after retries")

    # -- helpers for other sub-apps (documented in docs/search.md) -----------------
    def create_index(self, name, body):
        """Create index ``name`` with ``{"settings":..., "mappings":...}`` if missing."""
        if not self.index_exists(name):
            self.request("PUT", f"/{name}", body)

    def index_exists(self, name):
        return self.request("HEAD", f"/{name}", ignore=(404,)) is not None

    def index_document(self, index, doc_id, document, refresh=False):
        return self.request(
            "PUT", f"/{index}/_doc/{_q(doc_id)}", document, {"refresh": _b(refresh)}
        )

    def delete_document(self, index, doc_id, refresh=False):
        return self.request(
            "DELETE", f"/{index}/_doc/{_q(doc_id)}", params={"refresh": _b(refresh)}, ignore=(404,)
        )

    def percolate(self, index, field, document, size=100):
        """Hits of the stored queries in ``index`` (``field`` is the percolator field)."""
        body = {"size": size, "query": {"percolate": {"field": field, "document": document}}}
        return self.request("POST", f"/{index}/_search", body)["hits"]["hits"]

    def delete_index(self, name):
        self.request("DELETE", f"/{name}", ignore=(404,))

    # -- names ----------------------------------------------------------------------
    def write_alias(self, province):
        return f"{self.prefix}-{province}"

    def new_index_name(self, province):
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        return f"{self.prefix}-{province}-v{MAPPING_VERSION}-{stamp}"

    def province_indices(self, province):
        """Physical indices currently behind ``province``'s write alias."""
        data = self.request("GET", f"/_alias/{self.write_alias(province)}", ignore=(404,))
        if not data or "error" in data:
            return []
        return sorted(name for name in data if isinstance(data[name], dict))

    def ensure_province_index(self, province):
        if self.province_indices(province):
            return
        name = self.new_index_name(province)
        body = index_body()
        body["settings"]["number_of_replicas"] = self.replicas
        body["aliases"] = {self.write_alias(province): {}, self.read_alias: {}}
        self.request("PUT", f"/{name}", body, ignore=(400,))

    # -- writing ----------------------------------------------------------------------
    def apply_changes(self, province, actions, index=None, refresh=False):
        """Apply ``[(doc_key, version, document_or_None)]``; None deletes.

        Versions are external (``external_gte``): a change carrying an older version than
        the one in the index is dropped by the engine, so the newest change wins.
        """
        if province not in PROVINCES:
            raise ValueError(f"unknown province {province!r}")
        # The last check before the wire: never another province's ids or documents.
        check_write(province, actions)
        if not actions:
            return 0
        if index is None:
            self.ensure_province_index(province)
            index = self.write_alias(province)
        done = 0
        for chunk in self._chunks(actions, index):
            data = self.request("POST", "/_bulk", chunk, {"refresh": _b(refresh)})
            for item in data.get("items", []):
                result = next(iter(item.values()))
                status = result.get("status", 500)
                if status == 429:
                    raise SearchUnavailable("bulk item rejected (429)")
                # 409: a newer version is already indexed; 404: already deleted.
                if status >= 400 and status not in (404, 409):
                    raise SearchEngineError(status, result.get("error"))
                done += 1
        return done

    def _chunks(self, actions, index):
        lines, size = [], 0
        for key, version, document in actions:
            meta = {"_index": index, "_id": key, "version": int(version)}
            meta["version_type"] = "external_gte"
            if document is None:
                entry = json.dumps({"delete": meta}) + "\n"
            else:
                entry = (
                    json.dumps({"index": meta})
                    + "\n"
                    + json.dumps(document, default=str, ensure_ascii=False)
                    + "\n"
                )
            if lines and size + len(entry.encode()) > self.bulk_bytes:
                yield "".join(lines)
                lines, size = [], 0
            lines.append(entry)
            size += len(entry.encode())
        if lines:
            yield "".join(lines)

    def rebuild(self, province, documents, version, progress=None):
        """Fill a new index for ``province`` and switch its aliases atomically.

        ``documents`` is an iterable of (doc_key, document); each is written with
        ``version`` so that live changes replayed afterwards (higher versions) win.
        Returns the number of documents written.
        """
        new = self.new_index_name(province)
        body = index_body()
        # Bulk loading: no refreshes and no replicas until the index is complete.
        body["settings"]["index"] = {"refresh_interval": "-1", "number_of_replicas": 0}
        body["settings"].pop("number_of_replicas", None)
        self.request("PUT", f"/{new}", body)
        total, batch, pending = 0, [], []
        # Documents are built (Python, this thread) while the previous batch is being
        # sent and indexed (network + the engine's JVM): two batches in flight at most.
        pool = ThreadPoolExecutor(max_workers=2)
        try:
            for key, document in documents:
                batch.append((key, version, document))
                if len(batch) >= 2000:
                    pending.append(pool.submit(self.apply_changes, province, batch, new))
                    batch = []
                    if len(pending) >= 2:
                        total += pending.pop(0).result()
                        if progress:
                            progress(total)
            if batch:
                pending.append(pool.submit(self.apply_changes, province, batch, new))
            for future in pending:
                total += future.result()
            if progress:
                progress(total)
            self.request(
                "PUT",
                f"/{new}/_settings",
                {"index": {"refresh_interval": "1s", "number_of_replicas": self.replicas}},
            )
            self.request("POST", f"/{new}/_refresh")
        except Exception:
            pool.shutdown(wait=True, cancel_futures=True)
            self.delete_index(new)
            raise
        pool.shutdown()
        old = self.province_indices(province)
        actions = [{"add": {"index": new, "alias": self.write_alias(province)}}]
        actions.append({"add": {"index": new, "alias": self.read_alias}})
        for name in old:
            actions.append({"remove": {"index": name, "alias": self.write_alias(province)}})
            actions.append({"remove": {"index": name, "alias": self.read_alias}})
        self.request("POST", "/_aliases", {"actions": actions})
        for name in old:
            self.delete_index(name)
        return total

    def refresh(self):
        self.request("POST", f"/{self.read_alias}/_refresh", ignore=(404,))

    # -- reading ----------------------------------------------------------------------
    def build_query(self, params):
        """The search body (a dict) for cleaned ``params``."""
        s = Search()
        variants = expand(params.q)
        main = Q("match_all")
        if variants:
            main = Q("bool", should=[text_query(v) for v in variants], minimum_should_match=1)
        if params.boost_province:
            should = [Q("term", province={"value": params.boost_province, "boost": 2.0})]
            main = Q("bool", must=[main], should=should)
        s = s.query(main)
        # Only open demands are indexed; the status filter guards older documents.
        s = s.filter(Q("bool", should=[~Q("term", type="demand"), Q("term", status="open")]))
        if params.origin and params.radius_km:
            lat, lon = params.origin
            s = s.filter(
                "geo_distance",
                distance=f"{params.radius_km}km",
                location={"lat": lat, "lon": lon},
            )
        clauses = self._facet_clauses(params)
        if clauses:
            s = s.post_filter(Q("bool", filter=list(clauses.values())))
        # Facet counts ignore the facet's own selection (so other values stay choosable)
        # but apply every other one. Facets with no selection all see the same filter:
        # they share one filter aggregation instead of each filtering every hit again.
        shared = A("filter", Q("bool", filter=list(clauses.values())))
        for name, fieldname in FACETS.items():
            terms = A("terms", field=fieldname, size=100)
            if name in clauses:
                others = [c for n, c in clauses.items() if n != name]
                s.aggs.bucket(name, "filter", Q("bool", filter=others)).bucket("values", terms)
            else:
                shared.bucket(name, terms)
        s.aggs.bucket(SHARED_FACETS, shared)
        if params.sort == "distance" and params.origin:
            lat, lon = params.origin
            s = s.sort(
                {"_geo_distance": {"location": {"lat": lat, "lon": lon}, "order": "asc"}},
                {"key": "asc"},
            )
        elif variants or params.boost_province:
            s = s.sort("_score", {"key": "asc"})
        else:
            s = s.sort({"last_modified": {"order": "desc", "missing": "_last"}}, {"key": "asc"})
        # Typos match on ``spelling``, which has no text of its own to highlight: title
        # and summary (short, cheap to expand) also highlight the fuzzy matches.
        s = s.highlight("body", fragment_size=150, number_of_fragments=1)
        for field in ("title", "summary"):
            s = s.highlight(
                field,
                fragment_size=150,
                number_of_fragments=1,
                **({"highlight_query": fuzzy_highlight(field, variants)} if variants else {}),
            )
        s = s.highlight_options(encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"])
        s = s.extra(track_total_hits=True, from_=params.offset, size=params.page_size)
        body = s.to_dict()
        return body

    @staticmethod
    def _facet_clauses(params):
        clauses = {}
        for name, fieldname, values in (
            ("type", "type", params.types),
            ("province", "province", params.provinces),
            ("category", "category_path", params.categories),
            ("recognition", "recognition_type", params.recognition),
            ("certification", "certifications", params.certifications),
            ("service_area", "service_provinces", params.service_area),
        ):
            if values:
                clauses[name] = Q("terms", **{fieldname: list(values)})
        return clauses

    def search(self, params):
        body = self.build_query(params)
        data = self.request("POST", f"/{self.read_alias}/_search", body, ignore=(404,))
        if not data or "hits" not in data:
            return SearchResults(0, [], {name: [] for name in FACETS}, params)
        results = []
        for hit in data["hits"]["hits"]:
            src = hit["_source"]
            distance = None
            if params.origin and src.get("location"):
                loc = src["location"]
                distance = round(distance_km(*params.origin, loc["lat"], loc["lon"]), 1)
            highlight = hit.get("highlight", {})
            results.append(
                {
                    "id": src["key"],
                    "type": src["type"],
                    "title": src["title"],
                    "summary": src.get("summary", ""),
                    "province": src["province"],
                    "url": src["url"],
                    "enterprise": src.get("enterprise"),
                    "distance_km": distance,
                    "highlight": " … ".join(
                        frag
                        for name in ("title", "summary", "body")
                        for frag in highlight.get(name, [])
                    ),
                }
            )
        facets = {}
        categories = category_names()
        aggs = data.get("aggregations", {})
        for name in FACETS:
            own = aggs.get(name, {}).get("values")
            buckets = (own or aggs.get(SHARED_FACETS, {}).get(name, {})).get("buckets")
            facets[name] = [
                {
                    "value": b["key"],
                    "label": facet_label(name, b["key"], categories),
                    "count": b["doc_count"],
                }
                for b in buckets or []
            ]
        return SearchResults(data["hits"]["total"]["value"], results, facets, params)

    def autocomplete(self, q, limit=8):
        q = (q or "").strip()[:100]
        if not q:
            return []
        body = {
            "size": limit,
            "_source": ["title", "type", "url", "key"],
            "query": {
                "multi_match": {
                    "query": q,
                    "type": "bool_prefix",
                    "fields": ["suggest", "suggest._2gram", "suggest._3gram"],
                }
            },
            "sort": ["_score", {"key": "asc"}],
        }
        data = self.request("POST", f"/{self.read_alias}/_search", body, ignore=(404,))
        hits = (data or {}).get("hits", {}).get("hits", [])
        return [
            {
                "title": h["_source"]["title"],
                "type": h["_source"]["type"],
                "url": h["_source"]["url"],
            }
            for h in hits
        ]

    # -- operations -------------------------------------------------------------------
    def status(self):
        provinces = {}
        data = self.request("GET", f"/_alias/{self.read_alias}", ignore=(404,)) or {}
        names = [n for n in data if isinstance(data.get(n), dict) and "aliases" in data[n]]
        for name in sorted(names):
            province = self._province_of_index(name)
            count = self.request("GET", f"/{name}/_count").get("count", 0)
            mapping = self.request("GET", f"/{name}/_mapping")[name]["mappings"]
            provinces[province] = {
                "index": name,
                "documents": count,
                "mapping_version": mapping.get("_meta", {}).get("doeners_mapping_version"),
            }
        return {
            "engine": type(self).__name__,
            "read_alias": self.read_alias,
            "provinces": provinces,
            "mapping_version": MAPPING_VERSION,
        }

    def _province_of_index(self, name):
        rest = name[len(self.prefix) + 1 :]
        for slug in sorted(PROVINCES, key=len, reverse=True):
            if rest.startswith(slug + "-v"):
                return slug
        return rest

    def check(self, province=None):
        """Problems between the code's mapping and the cluster, each with what to do."""
        problems = []
        expected = index_body()["mappings"]
        for slug, info in self.status()["provinces"].items():
            if province and slug != province:
                continue
            name = info["index"]
            if info["mapping_version"] != MAPPING_VERSION:
                problems.append(
                    f"{slug}: index {name} has mapping version {info['mapping_version']}, code "
                    f"has {MAPPING_VERSION}. Run: manage.py doeners_search_rebuild "
                    f"--province {slug}"
                )
                continue
            actual = self.request("GET", f"/{name}/_mapping")[name]["mappings"]
            missing = set(expected["properties"]) - set(actual.get("properties", {}))
            extra = set(actual.get("properties", {})) - set(expected["properties"])
            if missing or extra:
                problems.append(
                    f"{slug}: fields differ from the code (missing: {sorted(missing)}, "
                    f"unexpected: {sorted(extra)}) although the version is the same; bump "
                    f"MAPPING_VERSION in search/documents.py and rebuild every province."
                )
        if province and province not in self.status()["provinces"]:
            problems.append(
                f"{province}: no index behind the read alias yet. Run: manage.py "
                f"doeners_search_rebuild --province {province}"
            )
        return problems


def text_query(text):
    """Exact (stemmed, weighted) matching on every text field, plus typo tolerance on the
    one ``spelling`` field, weighted lower so that exact matches rank first."""
    return Q(
        "bool",
        should=[
            Q("multi_match", query=text, fields=TEXT_FIELDS, minimum_should_match="75%"),
            Q(
                "match",
                spelling={"query": text, **FUZZY, "minimum_should_match": "75%", "boost": 0.5},
            ),
        ],
        minimum_should_match=1,
    )


def fuzzy_highlight(field, variants):
    """What to mark in ``field``: the words of any variant, exact or misspelled."""
    should = []
    for text in variants:
        should.append(Q("match", **{field: text}))
        should.append(Q("match", **{field: {"query": text, **FUZZY}}))
    return Q("bool", should=should).to_dict()


def facet_label(name, value, categories=None):
    """Label of a facet value; ``categories`` ({slug: name}) saves a query per bucket."""
    if name in ("province", "service_area"):
        return province_label(value)
    if name == "category":
        from wagtail_doeners.pages.models import OfferingCategory

        slug = value.rsplit("/", 1)[-1]
        if categories is not None:
            return categories.get(slug, slug)
        cat = OfferingCategory.objects.filter(slug=slug).first()
        return cat.name if cat else slug
    if name == "recognition":
        from wagtail_doeners.pages.choices import RecognitionType

        return str(dict(RecognitionType.choices).get(value, value))
    if name == "type":
        from ..labels import TYPE_LABELS

        return str(TYPE_LABELS.get(value, value))
    if name == "certification":
        from wagtail_doeners.pages.models import Certification

        cert = Certification.objects.filter(slug=value).first()
        return cert.name if cert else value
    return value


def category_names():
    from wagtail_doeners.pages.models import OfferingCategory

    return {c.slug: c.name for c in OfferingCategory.objects.all()}


def _q(doc_id):
    from urllib.parse import quote

    return quote(str(doc_id), safe="")


def _b(value):
    return "true" if value else "false"
