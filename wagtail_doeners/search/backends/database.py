"""The embedded default: the same search API straight on the page tables.

No engine, nothing to index. Supported: text search (case-insensitive substring on
title, summary, description and tags), synonyms, every filter, facets
with counts, distance filter and sort (computed in Python), stable pagination,
autocomplete by title prefix. Not supported: Dutch stemming, typo tolerance, relevance
ranking, highlighting, other provinces' documents (only this install's database).
"""

from django.db.models import Q

from wagtail_doeners.geo import distance_km

from ..documents import DEMAND, ENTERPRISE, OFFERING
from ..params import SearchResults
from ..synonyms import expand
from .base import BaseSearchBackend
from .engine import FACETS, category_names, facet_label


class DatabaseSearchBackend(BaseSearchBackend):
    features = frozenset({"synonyms", "autocomplete", "facets", "filters", "distance"})

    def _documents(self, params):
        """Documents of this install's provinces, text-filtered in SQL, built in bulk."""
        from wagtail.models import Site

        from wagtail_doeners.pages.provinces import get_site_province

        from ..sync import iter_province_documents

        variants = expand(params.q)
        fields = {
            OFFERING: ["title", "summary", "body", "tags__name"],
            ENTERPRISE: ["title", "description", "municipality"],
            DEMAND: ["title", "description"],
        }

        def narrow(doc_type, qs):
            if not variants:
                return qs
            cond = Q()
            for v in variants:
                for name in fields[doc_type]:
                    cond |= Q(**{f"{name}__icontains": v})
            return qs.filter(cond).distinct() if doc_type == OFFERING else qs.filter(cond)

        provinces = {get_site_province(site) for site in Site.objects.all()}
        docs = []
        for province in sorted(provinces):
            docs += [
                doc
                for _key, doc in iter_province_documents(
                    province, narrow=narrow, types=params.types or None
                )
            ]
        return docs

    @staticmethod
    def _matches(doc, name, values):
        have = doc.get(FACETS[name])
        have = have if isinstance(have, list) else [have]
        return any(v in have for v in values)

    def search(self, params):
        docs = self._documents(params)
        if params.origin:
            for doc in docs:
                loc = doc.get("location")
                doc["_distance"] = (
                    distance_km(*params.origin, loc["lat"], loc["lon"]) if loc else None
                )
            if params.radius_km:
                docs = [
                    d
                    for d in docs
                    if d["_distance"] is not None and d["_distance"] <= params.radius_km
                ]
        selected = {
            "type": params.types,
            "province": params.provinces,
            "category": params.categories,
            "recognition": params.recognition,
            "certification": params.certifications,
            "service_area": params.service_area,
        }
        facets = {}
        categories = category_names()
        for name in FACETS:
            counts = {}
            for doc in docs:
                if all(
                    self._matches(doc, other, vals)
                    for other, vals in selected.items()
                    if vals and other != name
                ):
                    values = doc.get(FACETS[name])
                    for value in values if isinstance(values, list) else [values]:
                        if value:
                            counts[value] = counts.get(value, 0) + 1
            facets[name] = [
                {"value": v, "label": facet_label(name, v, categories), "count": c}
                for v, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            ]
        hits = [
            d
            for d in docs
            if all(self._matches(d, n, vals) for n, vals in selected.items() if vals)
        ]
        if params.sort == "distance":
            hits.sort(key=lambda d: (d.get("_distance") is None, d.get("_distance") or 0, d["key"]))
        else:
            hits.sort(key=lambda d: d["key"])
            hits.sort(key=lambda d: d.get("last_modified") or "", reverse=True)
            if params.boost_province:
                hits.sort(key=lambda d: d["province"] != params.boost_province)
        page = hits[params.offset : params.offset + params.page_size]
        results = [
            {
                "id": d["key"],
                "type": d["type"],
                "title": d["title"],
                "summary": d.get("summary", ""),
                "province": d["province"],
                "url": d["url"],
                "enterprise": d.get("enterprise"),
                "distance_km": round(d["_distance"], 1) if d.get("_distance") is not None else None,
                "highlight": "",
            }
            for d in page
        ]
        return SearchResults(len(hits), results, facets, params)

    def autocomplete(self, q, limit=8):
        from wagtail_doeners.pages.models import DemandPage, EnterprisePage, OfferingPage

        q = (q or "").strip()[:100]
        if not q:
            return []
        out = []
        for doc_type, model in (
            (OFFERING, OfferingPage),
            (ENTERPRISE, EnterprisePage),
            (DEMAND, DemandPage),
        ):
            qs = model.objects.live().public().filter(title__istartswith=q).order_by("title")
            if doc_type == DEMAND:
                qs = qs.filter(status="open")
            for page in qs[:limit]:
                out.append({"title": page.title, "type": doc_type, "url": page.get_full_url()})
        return sorted(out, key=lambda r: r["title"].lower())[:limit]
