"""The shared stats index: each province publishes its daily aggregates (and only
those, see ``exchange.PUBLISHED_FIELDS``) to one index on the shared search cluster,
where every province and the Flemish level read the comparison.

Configured with ``WAGTAIL_DOENERS["EVALUATION"]["STATS_URL"]`` (and ``STATS_INDEX``);
without a URL nothing connects, and provinces exchange files instead.
"""

import hashlib
import logging

from django.utils import timezone

from wagtail_doeners.conf import doeners_settings

from .exchange import PUBLISHED_FIELDS, published_rows

logger = logging.getLogger(__name__)

MAPPING = {
    "dynamic": "strict",
    "properties": {
        **{field: {"type": "keyword"} for field in PUBLISHED_FIELDS},
        "day": {"type": "date", "format": "yyyy-MM-dd"},
        "value": {"type": "long"},
        "published_at": {"type": "date"},
    },
}


class StatsIndex:
    name = "stats-index"

    def __init__(self, url, index_name, client_options=None):
        self.url = url
        self.index_name = index_name
        self.client_options = client_options or {}
        self._client = None

    @classmethod
    def from_settings(cls):
        conf = doeners_settings.EVALUATION
        if not conf.get("STATS_URL"):
            return None
        return cls(
            conf["STATS_URL"], conf.get("STATS_INDEX") or "doeners-stats", conf.get("STATS_OPTIONS")
        )

    @property
    def client(self):
        if self._client is None:
            from opensearchpy import OpenSearch

            self._client = OpenSearch(
                hosts=[self.url], timeout=10, **{"max_retries": 1, **self.client_options}
            )
        return self._client

    def available(self):
        try:
            return bool(self.client.ping())
        except Exception:  # noqa: BLE001 - any transport error means "not reachable"
            logger.warning("Stats index at %s is not reachable", self.url)
            return False

    def ensure_index(self):
        if not self.client.indices.exists(index=self.index_name):
            self.client.indices.create(
                index=self.index_name,
                body={"settings": {"number_of_shards": 1}, "mappings": MAPPING},
            )

    def delete_index(self):
        self.client.indices.delete(index=self.index_name, ignore_unavailable=True)

    @staticmethod
    def doc_id(row):
        cell = "|".join(str(row[f]) for f in PUBLISHED_FIELDS if f != "value")
        return hashlib.sha1(cell.encode(), usedforsecurity=False).hexdigest()

    def publish(self, province, start, end, refresh=False):
        """Replace this province's documents from ``start`` to ``end`` with its current
        aggregates. Returns the number of documents written."""
        from opensearchpy import helpers

        self.ensure_index()
        rows = published_rows(start, end, provinces=[province])
        self.client.delete_by_query(
            index=self.index_name,
            body={
                "query": {
                    "bool": {
                        "filter": [
                            {"term": {"province": province}},
                            {"range": {"day": {"gte": start.isoformat(), "lte": end.isoformat()}}},
                        ]
                    }
                }
            },
            refresh=True,
            conflicts="proceed",
        )
        now = timezone.now().isoformat()
        actions = (
            {
                "_index": self.index_name,
                "_id": self.doc_id(row),
                "_source": {**row, "published_at": now},
            }
            for row in rows
        )
        written, _errors = helpers.bulk(self.client, actions, refresh=refresh)
        return written

    def totals_by_metric(self, start, end, metrics, group_by=("province",)):
        return {str(m): self.totals(start, end, m, group_by) for m in metrics}

    def totals(self, start, end, metric, group_by=("province",), how="sum"):
        """Same as ``DatabaseAggregates.totals``, computed by the cluster."""
        if not self.client.indices.exists(index=self.index_name):
            return {}
        sources = [{g: {"terms": {"field": g}}} for g in group_by]
        query = {
            "bool": {
                "filter": [
                    {"term": {"metric": str(metric)}},
                    {"range": {"day": {"gte": start.isoformat(), "lte": end.isoformat()}}},
                ]
            }
        }
        result, after = {}, None
        while True:
            composite = {"size": 1000, "sources": sources}
            if after:
                composite["after"] = after
            body = {
                "size": 0,
                "query": query,
                "aggs": {
                    "cells": {
                        "composite": composite,
                        "aggs": {"total": {how: {"field": "value"}}},
                    }
                },
            }
            response = self.client.search(index=self.index_name, body=body)
            agg = response["aggregations"]["cells"]
            for bucket in agg["buckets"]:
                key = tuple(bucket["key"][g] for g in group_by)
                result[key] = int(bucket["total"]["value"] or 0)
            after = agg.get("after_key")
            if not agg["buckets"] or not after:
                return result
