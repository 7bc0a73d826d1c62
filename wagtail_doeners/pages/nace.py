"""NACE-BEL sections and divisions, seeded from ``data/nace_bel_2025.csv``.

The file holds the 22 sections (A–V) and 87 divisions of NACE-BEL 2025 (equal to
NACE Rev. 2.1 down to four digits) and, for older records, the 21 sections of
NACE-BEL 2008. Every code is stored with its version.
"""

import csv
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "nace_bel_2025.csv"


def read_nace_rows():
    with DATA_FILE.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_nace_codes(model=None):
    """Create or update every code in the data file; return how many rows it holds.

    ``model`` lets a data migration pass its historical NaceCode model. Running it
    again changes nothing, so it is safe on an install that already has the codes.
    """
    if model is None:
        from .taxonomies import NaceCode as model
    rows = read_nace_rows()
    sections = {}
    for row in rows:
        if row["level"] != "section":
            continue
        obj, _ = model.objects.update_or_create(
            code=row["code"],
            version=row["version"],
            defaults={
                "level": "section",
                "section": None,
                "name_nl": row["name_nl"],
                "name_en": row["name_en"],
            },
        )
        sections[(row["version"], row["code"])] = obj
    for row in rows:
        if row["level"] != "division":
            continue
        model.objects.update_or_create(
            code=row["code"],
            version=row["version"],
            defaults={
                "level": "division",
                "section": sections[(row["version"], row["section"])],
                "name_nl": row["name_nl"],
                "name_en": row["name_en"],
            },
        )
    return len(rows)
