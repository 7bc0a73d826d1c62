import io

import pytest

from wagtail_doeners.search.demo import DEMO_SYNONYMS, load_demo
from wagtail_doeners.search.models import Synonym
from wagtail_doeners.search.synonyms import expand

pytestmark = pytest.mark.django_db


def test_demo_synonyms_are_idempotent_and_expand_queries():
    load_demo(rng=None, scale=1, stdout=io.StringIO())
    load_demo(rng=None, scale=1, stdout=io.StringIO())
    assert Synonym.objects.count() == len(DEMO_SYNONYMS)
    variants = " ".join(expand("poetsdienst"))
    assert "schoonmaak" in variants
