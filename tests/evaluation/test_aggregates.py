"""Daily aggregates: idempotent, additive, free of personal data; file exchange."""

import json
from collections import Counter
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from wagtail_doeners.evaluation.aggregates import compute_range
from wagtail_doeners.evaluation.exchange import PUBLISHED_FIELDS
from wagtail_doeners.evaluation.models import DailyAggregate, DailyTotal

PERIOD = (date(2025, 6, 1), date(2026, 8, 31))


def _table():
    return sorted(
        DailyAggregate.objects.values_list(
            "day", "province", "metric", *DailyAggregate.DIMENSIONS, "value"
        )
    )


@pytest.mark.django_db
def test_recompute_is_idempotent(ledger):
    before = _table()
    assert len(before) > 100
    compute_range(*PERIOD)
    compute_range(date(2026, 2, 1), date(2026, 2, 10))
    assert _table() == before
    # The per-province totals are the sums of the cells.
    cells = Counter()
    for a in DailyAggregate.objects.all():
        cells[(a.day, a.province, a.metric)] += a.value
    totals = {(t.day, t.province, t.metric): t.value for t in DailyTotal.objects.all()}
    assert totals == dict(cells)


@pytest.mark.django_db
def test_aggregates_sum_to_the_events(ledger):
    searches = sum(DailyAggregate.objects.filter(metric="searches").values_list("value", flat=True))
    assert searches == len(ledger.searches)
    zero = DailyAggregate.objects.filter(metric="zero_result_searches", province="limburg")
    assert sum(a.value for a in zero) == sum(
        1 for s in ledger.searches if s["zero"] and s["province"] == "limburg"
    )


@pytest.mark.django_db
def test_exported_aggregates_hold_no_personal_data(ledger, tmp_path):
    out = tmp_path / "limburg.json"
    call_command(
        "doeners_stats_export",
        "--from",
        "2025-06-01",
        "--to",
        "2026-08-31",
        "--province",
        "limburg",
        "--output",
        str(out),
    )
    text = out.read_text()
    rows = json.loads(text)["rows"]
    assert rows and all(set(row) == set(PUBLISHED_FIELDS) for row in rows)
    assert {row["province"] for row in rows} == {"limburg"}
    for secret in ("Jan Peeters", "@bedrijf", "Geheim NV", "kbo:", "zoek "):
        assert secret not in text


@pytest.mark.django_db
def test_export_import_round_trip_feeds_the_comparison(ledger, tmp_path):
    for fmt in ("json", "csv"):
        out = tmp_path / f"antwerpen.{fmt}"
        call_command(
            "doeners_stats_export",
            "--from",
            "2025-06-01",
            "--to",
            "2026-08-31",
            "--province",
            "antwerpen",
            "--output",
            str(out),
        )
        expected = list(
            DailyAggregate.objects.filter(province="antwerpen")
            .values_list("day", "metric", "category", "value")
            .order_by("day", "metric", "category", "value")
        )
        DailyAggregate.objects.filter(province="antwerpen").delete()
        call_command("doeners_stats_import", str(out))
        got = list(
            DailyAggregate.objects.filter(province="antwerpen")
            .values_list("day", "metric", "category", "value")
            .order_by("day", "metric", "category", "value")
        )
        assert got == expected


@pytest.mark.django_db
def test_bad_import_is_rejected_whole(tmp_path):
    good = {"day": "2026-01-02", "province": "limburg", "metric": "searches", "value": 3}
    bad_rows = [
        [good, {**good, "contact_email": "x@y.be"}],
        [good, {**good, "province": "gent"}],
        [good, {**good, "value": -1}],
        [good, {**good, "metric": "emails"}],
    ]
    for rows in bad_rows:
        path = tmp_path / "bad.json"
        path.write_text(json.dumps({"rows": rows}))
        with pytest.raises(CommandError):
            call_command("doeners_stats_import", str(path))
        assert not DailyAggregate.objects.exists()
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="Not a JSON"):
        call_command("doeners_stats_import", str(path))
    with pytest.raises(CommandError, match="json or .csv"):
        call_command("doeners_stats_import", str(tmp_path / "x.txt"))
