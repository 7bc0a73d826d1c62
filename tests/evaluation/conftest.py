from datetime import date

import pytest

from wagtail_doeners.evaluation.aggregates import compute_range

from .generator import generate


@pytest.fixture
def ledger(db):
    """Generated records and events from mid-2025 to mid-2026, with aggregates."""
    data = generate()
    compute_range(date(2025, 6, 1), date(2026, 8, 31))
    return data
