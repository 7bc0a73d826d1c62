"""Validators shared by pages, forms and the API."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.be import vat as be_vat
from stdnum.exceptions import ValidationError as StdnumError

from wagtail_doeners.geo import lookup_postal_code

CPV_RE = re.compile(r"^\d{8}-\d$")


def clean_kbo(value):
    """Validate a KBO/BCE enterprise number and return it as ``0xxx.xxx.xxx``."""
    try:
        compact = be_vat.validate(value)
    except StdnumError:
        raise ValidationError(
            _(
                "“%(value)s” is not a valid KBO enterprise number (expected 0xxx.xxx.xxx "
                "with a valid check digit)."
            ),
            code="invalid_kbo",
            params={"value": value},
        ) from None
    return f"{compact[:4]}.{compact[4:7]}.{compact[7:]}"


def validate_kbo(value):
    clean_kbo(value)


def clean_postal_code(value):
    """Return the postal-code record for ``value``, or raise a ValidationError."""
    record = lookup_postal_code(value)
    if record is None:
        raise ValidationError(
            _("“%(value)s” is not a known Belgian postal code."),
            code="unknown_postal_code",
            params={"value": value},
        )
    return record


def validate_postal_code(value):
    clean_postal_code(value)


def validate_cpv_codes(value):
    for code in [c.strip() for c in (value or "").split(",") if c.strip()]:
        if not CPV_RE.match(code):
            raise ValidationError(
                _("“%(code)s” is not a CPV code of the form 45000000-7."),
                code="invalid_cpv",
                params={"code": code},
            )
