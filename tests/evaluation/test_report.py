"""The report's figures equal counts computed independently from the generated
records (the generator's own ledger), for one province and for all of Flanders."""

import json
from datetime import UTC, datetime
from statistics import median

import pytest
from django.core.management import CommandError, call_command

START = datetime(2026, 1, 1, tzinfo=UTC)
END = datetime(2026, 7, 1, tzinfo=UTC)  # exclusive: --to 2026-06-30


def _in(at):
    return START <= at < END


def _report(tmp_path, *extra):
    out = tmp_path / "report.json"
    call_command(
        "doeners_report",
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--format",
        "json",
        "--output",
        str(out),
        *extra,
    )
    return json.loads(out.read_text())


def _expected(ledger, province):
    mine = (lambda r: r["province"] == province) if province else (lambda r: True)
    owned = (lambda m: m["owner"] == province) if province else (lambda m: True)
    interactions = [c for c in ledger.contacts if mine(c)] + [
        s for s in ledger.submissions if mine(s) and s["status"] != "rejected"
    ]
    active = {i["company_key"] for i in interactions if _in(i["created_at"])}
    first = {}
    for i in sorted(interactions, key=lambda i: i["created_at"]):
        first.setdefault(i["company_key"], i["created_at"])
    cohort = [m for m in ledger.matches if owned(m) and _in(m["created_at"])]
    via_contact = [m for m in cohort if m["source"] == "contact_request"]
    confirmed = [m for m in cohort if m["status"] == "confirmed"]
    demands = [d for d in ledger.demands if mine(d) and _in(d["published"])]
    responded = [d for d in demands if d["responses"]]
    return {
        "companies": len(active),
        "first_time": sum(1 for k in active if first[k] >= START),
        "searches": sum(1 for s in ledger.searches if mine(s) and _in(s["at"])),
        "zero": sum(1 for s in ledger.searches if mine(s) and _in(s["at"]) and s["zero"]),
        "views": sum(1 for v in ledger.views if mine(v) and _in(v["at"])),
        "contact_requests": sum(1 for c in ledger.contacts if mine(c) and _in(c["created_at"])),
        "replied": sum(1 for m in via_contact if "replied_at" in m),
        "quote_sent": sum(1 for m in via_contact if "quote_sent_at" in m),
        "confirmed_via_contact": sum(1 for m in via_contact if m["status"] == "confirmed"),
        "matches": len(cohort),
        "collaborations": len(confirmed),
        "bands": {
            b: sum(1 for m in confirmed if m["value_band"] == b)
            for b in {m["value_band"] for m in confirmed}
        },
        "demands": len(demands),
        "requests": sum(1 for d in demands if d["kind"] == "request"),
        "responded": len(responded),
        "responses": sum(len(d["responses"]) for d in demands),
        "median_first": round(
            median(
                (min(d["responses"]) - d["published"]).total_seconds() / 86400 for d in responded
            ),
            1,
        )
        if responded
        else None,
        "good_practices": sum(
            1
            for g in ledger.good_practices
            if (not province or g["province"] == province) and _in(g["created_at"])
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("province", ["limburg", None])
def test_report_matches_independent_counts(ledger, tmp_path, province):
    report = _report(tmp_path, *(["--province", province] if province else []))
    expected = _expected(ledger, province)
    assert expected["companies"] > 5 and expected["collaborations"] > 0  # data is not trivial

    q1, q2, q3 = report["q1"], report["q2"], report["q3"]
    assert q1["companies"] == expected["companies"]
    assert q1["first_time"] == expected["first_time"]
    assert q1["first_time"] + q1["returning"] == q1["companies"]
    assert sum(r["value"] for r in q1["by_size_class"]) == expected["companies"]

    funnel = {step["key"]: step["value"] for step in q2["funnel"]}
    assert funnel == {
        "searches": expected["searches"],
        "views": expected["views"],
        "contact_requests": expected["contact_requests"],
        "replied": expected["replied"],
        "quote_sent": expected["quote_sent"],
        "confirmed": expected["confirmed_via_contact"],
    }
    assert q2["matches"] == expected["matches"]
    assert q2["collaborations"] == expected["collaborations"]
    assert {r["key"]: r["value"] for r in q2["by_value_band"]} == expected["bands"]

    assert q3["demands"] == expected["demands"]
    assert q3["requests"] == expected["requests"]
    assert q3["responded"] == expected["responded"]
    assert q3["responses"] == expected["responses"]
    assert q3["median_days_to_first_response"] == expected["median_first"]
    assert q3["unmet"]["zero_result_searches"] == expected["zero"]
    assert q3["good_practices"]["count"] == expected["good_practices"]


@pytest.mark.django_db
def test_province_comparison_and_flow_matrix(ledger, tmp_path):
    report = _report(tmp_path)
    rows = {r["province"]: r for r in report["q4"]["provinces"]}
    for province in ("limburg", "antwerpen"):
        expected = _expected(ledger, province)
        assert rows[province]["contact_requests"] == expected["contact_requests"]
        assert rows[province]["searches"] == expected["searches"]
        assert rows[province]["enterprises"] == ledger.enterprises[province]
    # Collaborations confirmed in the period, by buyer × supplier province.
    confirmed = [m for m in ledger.matches if m["status"] == "confirmed" and _in(m["confirmed_at"])]
    flow = {
        (row["buyer_province"], cell["supplier_province"]): cell
        for row in report["q4"]["flow_collaborations"]
        for cell in row["cells"]
    }
    for m in confirmed:
        cell = flow[(m["buyer"], m["supplier"])]
        expected = sum(
            1 for x in confirmed if (x["buyer"], x["supplier"]) == (m["buyer"], m["supplier"])
        )
        assert cell["value"] == expected
        assert cell["per_organisation"] == round(expected / ledger.enterprises[m["supplier"]], 2)
    assert sum(c["value"] for c in flow.values()) == len(confirmed)


@pytest.mark.django_db
def test_report_formats(ledger, tmp_path):
    html = tmp_path / "r.html"
    call_command(
        "doeners_report",
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--province",
        "limburg",
        "--output",
        str(html),
    )
    text = html.read_text()
    assert "Antwoord op de parlementaire vragen over doeners.be" in text
    assert "<svg" in text or "doeners-bars" in text
    assert "Jan Peeters" not in text and "@bedrijf" not in text and "Geheim NV" not in text
    csv_out = tmp_path / "r.csv"
    call_command(
        "doeners_report",
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--format",
        "csv",
        "--output",
        str(csv_out),
    )
    lines = dict(line.rsplit(",", 1) for line in csv_out.read_text().splitlines()[1:])
    assert lines["q2.collaborations"] == str(_expected(ledger, None)["collaborations"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", "2026-13-01", "--to", "2026-12-31"], "not a date"),
        (["--from", "2026-12-31", "--to", "2026-01-01"], "start date"),
        (["--from", "2026-01-01", "--to", "2026-12-31", "--province", "gent"], "Unknown province"),
        (["--from", "2026-01-01", "--to", "2026-12-31", "--format", "pdf"], "Unknown format"),
        (
            ["--from", "2026-01-01", "--to", "2026-12-31", "--output", "/nonexistent/x.html"],
            "Cannot write",
        ),
    ],
)
def test_report_bad_arguments(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("doeners_report", *args, "--language", "en")
