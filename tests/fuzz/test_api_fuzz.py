"""Schemathesis against the headless API's own OpenAPI schema, on a live site.

Every operation of /api/doeners/v1/ (search, autocomplete, contact requests, demands)
gets schema-valid and schema-invalid requests: the coverage phase's boundary values,
then up to MAX_EXAMPLES generated cases per operation, with a fixed seed. No response
may be a 5xx, use an undocumented status code or content type, or differ from the
documented schema. tests/fuzz/hooks.py steers half of the schema-valid cases to real
page ids, valid contact fields and autocomplete bounds so the success paths (and the
record creation) are fuzzed as well.

``positive_data_acceptance`` is left out: the JSON schema cannot say that a category
slug must exist or a KBO number must pass its checksum, so schema-valid bodies are
rightly refused with a 400 by the same forms as the public pages.

The site runs with the public rate limits raised (tests/fuzz/settings.py): hundreds of
submissions from one IP would otherwise all be answered 429 after the tenth.

The CLI is used rather than ``schemathesis.pytest.from_fixture``: that loader relies on
a pytest internal (``Item._nodeid``) that pytest 9 removed.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from .conftest import SCHEMA_PATH

pytestmark = [pytest.mark.e2e, pytest.mark.search, pytest.mark.fuzz]

MAX_EXAMPLES = 40
SEED = 20250101
OPERATIONS = {
    "GET /api/doeners/v1/search/",
    "GET /api/doeners/v1/autocomplete/",
    "POST /api/doeners/v1/contact-requests/",
    "POST /api/doeners/v1/demands/",
}


def _schemathesis(site, report_dir):
    cli = Path(sys.executable).with_name("schemathesis")
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.fuzz.hooks",
        "DOENERS_FUZZ_PAGE_IDS": ",".join(
            str(pk) for pk in [site.setup["enterprise"], *site.setup["offerings"]]
        ),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [
            str(cli),
            "run",
            f"{site.site.url}{SCHEMA_PATH}",
            "--url",
            site.site.url,
            "--phases",
            "examples,coverage,fuzzing",
            "--checks",
            "all",
            "--exclude-checks",
            "positive_data_acceptance",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--seed",
            str(SEED),
            "--workers",
            "1",
            "--request-timeout",
            "30",
            "--no-shrink",
            # Generation-speed health checks would only make a slow CI machine flaky;
            # they say nothing about the API. (Hypothesis deadlines are off by default.)
            "--suppress-health-check",
            "all",
            "--output-truncate",
            "false",
            "--report",
            "ndjson",
            "--report-dir",
            str(report_dir),
        ],
        # Its example database and caches land in the temporary directory, not the repo.
        cwd=report_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _statuses(report_dir):
    """{(method path): {status code: count}} from the ndjson event log."""
    seen = {}
    for path in Path(report_dir).glob("*.ndjson"):
        for line in path.read_text().splitlines():
            _collect(json.loads(line), seen)
    return seen


def _collect(node, seen):
    # The event layout is internal to schemathesis; look for any interaction with a
    # request method/url and a response status, wherever it is nested.
    if isinstance(node, dict):
        request, response = node.get("request"), node.get("response")
        if isinstance(request, dict) and isinstance(response, dict):
            method, url = request.get("method"), request.get("uri") or request.get("url")
            status = response.get("status_code")
            if method and url and status:
                path = "/" + url.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
                counts = seen.setdefault(f"{method.upper()} {path}", {})
                counts[status] = counts.get(status, 0) + 1
        for value in node.values():
            _collect(value, seen)
    elif isinstance(node, list):
        for value in node:
            _collect(value, seen)


def test_api_conforms_to_its_schema(fuzz_site, tmp_path):
    result = _schemathesis(fuzz_site, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-15000:]

    statuses = _statuses(tmp_path)
    assert OPERATIONS <= set(statuses), (sorted(statuses), output[-3000:])
    server_errors = {op: c for op, c in statuses.items() if any(s >= 500 for s in c)}
    assert not server_errors, server_errors
    # Every operation also answered successfully (the steered cases really created
    # contact requests and demands), so not only the 400 paths were fuzzed.
    for operation in OPERATIONS:
        assert any(200 <= code < 300 for code in statuses[operation]), (operation, statuses)
    with psycopg.connect(fuzz_site.db_url(fuzz_site.site.db_name)) as conn:
        contacts = conn.execute("select count(*) from doeners_matchmaking_contactrequest")
        assert contacts.fetchone()[0] == statuses["POST /api/doeners/v1/contact-requests/"][201]
