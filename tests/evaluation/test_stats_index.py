"""Cross-province comparison through the shared stats index on the real OpenSearch
node (DOENERS_TEST_OPENSEARCH_URL): two provinces publish, the Flanders-wide
comparison reads them back; published documents hold aggregates only."""

import json
import os
import uuid
from datetime import date

import pytest
from django.test import override_settings

from wagtail_doeners.evaluation.exchange import PUBLISHED_FIELDS
from wagtail_doeners.evaluation.metrics import Period, evaluation_metrics
from wagtail_doeners.evaluation.models import DailyAggregate
from wagtail_doeners.evaluation.stats_index import StatsIndex

URL = os.environ.get("DOENERS_TEST_OPENSEARCH_URL", "http://127.0.0.1:9201")
pytestmark = [pytest.mark.search, pytest.mark.django_db]


@pytest.fixture
def stats_index():
    name = f"doeners-stats-test-{uuid.uuid4().hex[:8]}"
    with override_settings(WAGTAIL_DOENERS={"EVALUATION": {"STATS_URL": URL, "STATS_INDEX": name}}):
        index = StatsIndex.from_settings()
        assert index.available(), f"no OpenSearch node at {URL} (run: make search-node)"
        yield index
        index.delete_index()


def test_two_provinces_publish_and_flanders_reads_the_comparison(ledger, stats_index):
    first, last = date(2025, 6, 1), date(2026, 8, 31)
    local = {
        p: sum(
            DailyAggregate.objects.filter(province=p, metric="contact_requests").values_list(
                "value", flat=True
            )
        )
        for p in ("limburg", "antwerpen")
    }
    assert stats_index.publish("limburg", first, last) > 0
    assert stats_index.publish("antwerpen", first, last, refresh=True) > 0
    # Publishing again replaces, never duplicates.
    stats_index.publish("antwerpen", first, last, refresh=True)

    # The Flemish level holds none of the provinces' rows itself.
    DailyAggregate.objects.all().delete()
    metrics = evaluation_metrics(Period(first, last), aggregate_source=stats_index)
    rows = {r["province"]: r for r in metrics["q4"]["provinces"]}
    assert metrics["q4"]["source"] == "stats-index"
    for province, expected in local.items():
        assert expected > 0
        assert rows[province]["contact_requests"] == expected
        assert rows[province]["enterprises"] == ledger.enterprises[province]
    confirmed = [
        m
        for m in ledger.matches
        if m["status"] == "confirmed" and first <= m["confirmed_at"].date() <= last
    ]
    flow_total = sum(r["total"] for r in metrics["q4"]["flow_collaborations"])
    assert flow_total == len(confirmed)


def test_published_documents_hold_aggregates_only(ledger, stats_index):
    stats_index.publish("limburg", date(2025, 6, 1), date(2026, 8, 31), refresh=True)
    hits = stats_index.client.search(
        index=stats_index.index_name, body={"size": 10000, "query": {"match_all": {}}}
    )["hits"]["hits"]
    assert hits
    text = json.dumps([h["_source"] for h in hits])
    for hit in hits:
        assert set(hit["_source"]) <= {*PUBLISHED_FIELDS, "published_at"}
        assert hit["_source"]["province"] == "limburg"
    for secret in ("Jan Peeters", "@bedrijf", "Geheim NV", "kbo:", "zoek "):
        assert secret not in text
    # The mapping is strict: a personal field cannot even be added by mistake.
    with pytest.raises(Exception, match="strict"):
        stats_index.client.index(
            index=stats_index.index_name, body={"province": "limburg", "contact_email": "x@y.be"}
        )
