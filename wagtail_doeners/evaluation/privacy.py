"""What may go into an event: keys that name or reach a person are stripped, and
e-mail addresses or phone numbers typed into a search box are masked."""

import re

from wagtail_doeners.pages.privacy import PRIVATE_FIELDS

# Exact keys (case-insensitive, "-" read as "_") that are personal data.
PERSONAL_KEYS = frozenset(
    {
        "name",
        "first_name",
        "last_name",
        "full_name",
        "email",
        "e_mail",
        "mail",
        "phone",
        "telephone",
        "mobile",
        "ip",
        "ip_address",
        "remote_addr",
        "user_agent",
        "address",
        "street",
        "message",
        "company_name",
        "company_kbo",
        "kbo",
        "user",
        "user_id",
        "username",
        "session",
        "session_key",
        "cookie",
    }
    | PRIVATE_FIELDS
)
# Any key starting with one of these is personal too (contact_person, contact_email...).
PERSONAL_PREFIXES = ("contact_", "email_", "phone_")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ./-]{7,}\d")


def is_personal_key(key):
    key = str(key).strip().lower().replace("-", "_")
    return key in PERSONAL_KEYS or key.startswith(PERSONAL_PREFIXES)


def scrub(data):
    """``(clean, removed)``: ``data`` without personal keys at any depth, and the
    dotted paths of the keys that were removed."""
    removed = []

    def _walk(value, path):
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                if is_personal_key(key):
                    removed.append(f"{path}{key}")
                    continue
                out[str(key)] = _walk(item, f"{path}{key}.")
            return out
        if isinstance(value, list | tuple):
            return [_walk(item, path) for item in value]
        return value

    return _walk(data, ""), removed


def mask_values(value):
    """``value`` with every free-text string masked (see ``mask_text``)."""
    if isinstance(value, dict):
        return {key: mask_values(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_values(item) for item in value]
    return mask_text(value) if isinstance(value, str) else value


def mask_text(text):
    """Search text without e-mail addresses and phone numbers."""
    return _PHONE.sub("[phone]", _EMAIL.sub("[email]", text))
