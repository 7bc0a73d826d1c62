"""Search parameters, checked once for the API, the page and every backend."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail_doeners.conf import PROVINCES
from wagtail_doeners.geo import lookup_postal_code

from .documents import DOC_TYPES

MAX_PAGE_SIZE = 50
MAX_RADIUS_KM = 300
MAX_RESULT_WINDOW = 10000
SORTS = ("relevance", "distance")
# Control characters other than whitespace are never part of a real query; NUL in
# particular cannot be stored in PostgreSQL text (the search event log).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class SearchParams:
    q: str = ""
    types: list = field(default_factory=list)
    provinces: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    recognition: list = field(default_factory=list)
    certifications: list = field(default_factory=list)
    service_area: list = field(default_factory=list)
    near: str = ""
    radius_km: float | None = None
    sort: str = "relevance"
    boost_province: str = ""
    page: int = 1
    page_size: int = 20
    # Filled in by clean(): coordinates of ``near``.
    origin: tuple | None = None

    @property
    def offset(self):
        return (self.page - 1) * self.page_size

    def clean(self):
        """Validate and normalise; raise ValidationError({param: [reason]})."""
        errors = {}
        text = {
            "q": [self.q or ""],
            **self._multi_valued(),
            "near": [self.near or ""],
            "boost_province": [self.boost_province or ""],
        }
        for name, values in text.items():
            if any(_CONTROL.search(v) for v in values):
                errors[name] = [_("%(name)s must not contain control characters.") % {"name": name}]
        if errors:
            raise ValidationError(errors)
        self.q = re.sub(r"\s+", " ", (self.q or "").strip())[:200]
        bad = [t for t in self.types if t not in DOC_TYPES]
        if bad:
            errors["type"] = [
                _("Unknown type %(v)s; use one of %(ok)s.")
                % {"v": ", ".join(bad), "ok": ", ".join(DOC_TYPES)}
            ]
        for name, values in (("province", self.provinces), ("service_area", self.service_area)):
            bad = [p for p in values if p not in PROVINCES]
            if bad:
                errors[name] = [
                    _("Unknown province %(v)s; use one of %(ok)s.")
                    % {"v": ", ".join(bad), "ok": ", ".join(PROVINCES)}
                ]
        if self.boost_province and self.boost_province not in PROVINCES:
            errors["boost_province"] = [_("Unknown province %(v)s.") % {"v": self.boost_province}]
        if self.page < 1:
            errors["page"] = [_("page must be 1 or more.")]
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            errors["page_size"] = [
                _("page_size must be between 1 and %(n)d.") % {"n": MAX_PAGE_SIZE}
            ]
        elif self.page >= 1 and self.page * self.page_size > MAX_RESULT_WINDOW:
            errors["page"] = [
                _("Only the first %(n)d results can be paged through; refine the search.")
                % {"n": MAX_RESULT_WINDOW}
            ]
        if self.sort not in SORTS:
            errors["sort"] = [_("sort must be relevance or distance.")]
        if self.near:
            record = lookup_postal_code(self.near)
            if record is None:
                errors["near"] = [_("Unknown postal code %(v)s.") % {"v": self.near}]
            elif not record.has_coordinates:
                errors["near"] = [
                    _("No coordinates are known for postal code %(v)s.") % {"v": self.near}
                ]
            else:
                self.origin = (record.latitude, record.longitude)
        if self.radius_km is not None:
            if not self.near:
                errors["radius_km"] = [_("radius_km needs near (a postal code).")]
            elif not 0 < self.radius_km <= MAX_RADIUS_KM:
                errors["radius_km"] = [
                    _("radius_km must be between 0 and %(n)d.") % {"n": MAX_RADIUS_KM}
                ]
        if self.sort == "distance" and not self.near:
            errors["sort"] = [_("Sorting by distance needs near (a postal code).")]
        if errors:
            raise ValidationError(errors)
        return self

    def _multi_valued(self):
        """The filter parameters, by their query-string name."""
        return {
            "type": self.types,
            "province": self.provinces,
            "category": self.categories,
            "recognition": self.recognition,
            "certification": self.certifications,
            "service_area": self.service_area,
        }

    def filters(self):
        """Active filters, for logging and for the page's "remove filter" links."""
        out = {k: v for k, v in self._multi_valued().items() if v}
        if self.near:
            out["near"] = self.near
            if self.radius_km:
                out["radius_km"] = self.radius_km
        return out


@dataclass
class SearchResults:
    total: int
    results: list
    facets: dict
    params: SearchParams

    @property
    def pages(self):
        return max(1, -(-self.total // self.params.page_size))
