"""Schemathesis hooks for the fuzz run (loaded with SCHEMATHESIS_HOOKS=tests.fuzz.hooks).

Purely random bodies almost never get past the forms: page ids do not exist, category
slugs are unknown, e-mail addresses and postal codes are invalid. Half of the
schema-valid (positive) POST bodies, chosen by a hash of the body so runs stay
reproducible, therefore get real values for those fields, like a fuzzing dictionary;
the other fields keep their generated values, so the create paths are fuzzed too and
not only the 400s; autocomplete queries likewise get a valid limit and prefix.
Negative cases are left alone: they must stay schema-violating.
"""

import hashlib
import json
import os

import schemathesis
from schemathesis import GenerationMode

_PAGE_IDS = [int(v) for v in os.environ.get("DOENERS_FUZZ_PAGE_IDS", "").split(",") if v]
_REAL = {
    "postal_code": "3500",
    "email": "inkoop@example.org",
    "company_kbo": "",
    "nace_section": "N",
    "size_class": "small",
    "consent": True,
    "website_url": "",
    "category": os.environ.get("DOENERS_FUZZ_CATEGORY", "schoonmaak"),
    "kind": "request",
    "budget_band": "unknown",
    "deadline": None,
}
_TEXT = {"company_name", "contact_person", "title", "description", "message"}
_COMPANY = {
    "postal_code",
    "email",
    "company_kbo",
    "nace_section",
    "size_class",
    "consent",
    "website_url",
    "company_name",
    "contact_person",
}
_FIELDS = {
    "contact-requests": _COMPANY | {"page_id", "message"},
    "demands": _COMPANY | {"category", "kind", "budget_band", "deadline", "title", "description"},
}


def _guided(body):
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).digest()
    return digest[0] % 2 == 0


@schemathesis.hook
def map_case(context, case):
    meta = case.meta
    if meta is None or meta.generation.mode != GenerationMode.POSITIVE:
        return case
    if isinstance(case.body, dict) and _guided(case.body):
        case.body = _steer(case.operation.path, case.body)
    query = case.query if isinstance(case.query, dict) else {}
    if case.operation.path.endswith("/autocomplete/") and query and _guided(query):
        # The schema allows any integer; the API only 1 to 20 (a documented 400).
        if type(query.get("limit")) is int:
            query["limit"] = query["limit"] % 20 + 1
        if isinstance(query.get("q"), str) and len(query["q"].strip()) < 2:
            query["q"] = f"{query['q'].strip()}schoonmaak"
    return case


def _steer(operation, body):
    fields = _FIELDS["demands" if operation.endswith("/demands/") else "contact-requests"]
    body = dict(body)
    for name, value in _REAL.items():
        if name in fields:
            body[name] = value
    if "page_id" in body and _PAGE_IDS:
        body["page_id"] = _PAGE_IDS[body["page_id"] % len(_PAGE_IDS)]
    for name in fields & _TEXT:
        if not body.get(name, "").strip():
            body[name] = f"fuzz {name}"
    return body
