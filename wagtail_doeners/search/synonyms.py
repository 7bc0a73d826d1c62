"""Query-time synonym expansion from the editor-managed ``Synonym`` list.

Expanding the query (instead of baking synonyms into the index analysis) makes an
editor's change live at once, with no reindex or index close, on every engine and on
the database fallback alike.
"""

import re

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Synonym

_CACHE_KEY = "doeners-search-synonyms"


def synonym_groups():
    groups = cache.get(_CACHE_KEY)
    if groups is None:
        groups = [s.term_list() for s in Synonym.objects.filter(active=True)]
        cache.set(_CACHE_KEY, groups, 60)
    return groups


@receiver([post_save, post_delete], sender=Synonym)
def _invalidate(**kwargs):
    cache.delete(_CACHE_KEY)


def expand(query):
    """The query itself followed by each variant with one synonym swapped in.

    ``poetsen kantoor`` with the group (poetsen, schoonmaak) gives
    ``["poetsen kantoor", "schoonmaak kantoor"]``.
    """
    query = (query or "").strip()
    if not query:
        return []
    variants = [query]
    lowered = query.lower()
    for group in synonym_groups():
        for term in group:
            pattern = r"\b" + re.escape(term) + r"\b"
            if re.search(pattern, lowered):
                for other in group:
                    if other != term:
                        variant = re.sub(pattern, other, lowered)
                        if variant not in variants:
                            variants.append(variant)
    return variants[:10]
