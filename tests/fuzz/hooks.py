"""Schemathesis hooks for the fuzz run (loaded with SCHEMATHESIS_HOOKS=tests.fuzz.hooks).

Purely random bodies almost never get past the forms: page ids do not exist, category
slugs are unknown, e-mail addresses and postal codes are invalid. Half of the generated
POST bodies (chosen by a hash of the body, so runs stay reproducible) therefore get
real values for those fields, like a fuzzing dictionary; the other fields keep their
generated values, so the create paths are fuzzed too and not only the 400s.
"""

import hashlib
import json
import os

import schemathesis

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
def map_body(context, body):
    if not isinstance(body, dict) or not _guided(body):
        return body
    operation = context.operation.path if context and context.operation else ""
    fields = _FIELDS["demands" if operation.endswith("/demands/") else "contact-requests"]
    body = dict(body)
    for name, value in _REAL.items():
        # Missing fields are added; present ones replaced only where the generated value
        # has the documented type, so the type errors schemathesis generates are kept.
        if name not in fields:
            continue
        if name not in body or value is None or type(body[name]) is type(value):
            body[name] = value
    if "page_id" in fields and _PAGE_IDS:
        # Only replace an integer: a missing page_id is a negative case to keep.
        if type(body.get("page_id")) is int:
            body["page_id"] = _PAGE_IDS[body["page_id"] % len(_PAGE_IDS)]
    for name in fields & _TEXT:
        if body.get(name) is None or (isinstance(body[name], str) and not body[name].strip()):
            body[name] = f"fuzz {name}"
    return body
