import pytest

from wagtail_doeners.pages.models import NaceCode
from wagtail_doeners.pages.nace import load_nace_codes

pytestmark = pytest.mark.django_db


def test_migration_seeded_nace_bel_2025_and_2008_sections():
    sections_2025 = NaceCode.objects.filter(version="2025", level="section")
    assert sorted(sections_2025.values_list("code", flat=True)) == list("ABCDEFGHIJKLMNOPQRSTUV")
    sections_2008 = NaceCode.objects.filter(version="2008", level="section")
    assert sorted(sections_2008.values_list("code", flat=True)) == list("ABCDEFGHIJKLMNOPQRSTU")
    # NACE Rev. 2.1 restructured: 45 (motor trade) went into 46/47; IT moved to K.
    assert not NaceCode.objects.filter(version="2025", code="45").exists()
    assert NaceCode.objects.get(version="2025", code="62").section.code == "K"
    assert NaceCode.objects.get(version="2025", code="81").section.code == "O"
    assert NaceCode.objects.get(version="2025", code="88").section.code == "R"
    assert NaceCode.objects.filter(version="2025", level="division").count() == 87
    assert all(c.name_nl and c.name_en for c in NaceCode.objects.all())


def test_loading_again_is_idempotent():
    before = NaceCode.objects.count()
    rows = load_nace_codes()
    assert NaceCode.objects.count() == before == rows
