"""What goes into the shared index: the mapping (described with elasticsearch-dsl) and
the document built from a page.

Only public fields are copied; ``pages.privacy.PRIVATE_FIELDS`` never reach a document
(tests/search/test_privacy.py walks real documents to prove it).
"""

from django.utils.html import strip_tags
from elasticsearch_dsl import Index, Mapping, analyzer, token_filter
from elasticsearch_dsl import field as f

from wagtail_doeners.conf import doeners_settings
from wagtail_doeners.pages.provinces import get_page_province

# Bump when the mapping or analysis below changes; ``doeners_search_check`` compares it
# with the version stored in each province index's ``_meta``.
# 2: the ``spelling`` field (typo tolerance on one field instead of nine).
MAPPING_VERSION = 2

OFFERING, ENTERPRISE, DEMAND = "offering", "enterprise", "demand"
DOC_TYPES = (OFFERING, ENTERPRISE, DEMAND)

dutch_stop = token_filter("doeners_dutch_stop", "stop", stopwords="_dutch_")
dutch_stemmer = token_filter("doeners_dutch_stemmer", "stemmer", language="dutch")
dutch = analyzer(
    "doeners_dutch",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", dutch_stop, dutch_stemmer],
)
folded = analyzer("doeners_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])


def _text(fields=None, **extra):
    fields = {"folded": f.Text(analyzer=folded), **(fields or {})}
    return f.Text(analyzer=dutch, fields=fields, **extra)


FIELDS = {
    "key": f.Keyword(),
    "type": f.Keyword(),
    "page_id": f.Long(),
    "province": f.Keyword(),
    "title": _text(copy_to=["suggest", "spelling"]),
    "summary": _text(copy_to="spelling"),
    "body": _text(),
    "enterprise": _text(fields={"raw": f.Keyword()}, copy_to="spelling"),
    "enterprise_id": f.Long(),
    "category": f.Keyword(),
    "category_path": f.Keyword(),
    "category_label": _text(copy_to="spelling"),
    "recognition_type": f.Keyword(),
    "certifications": f.Keyword(),
    "service_provinces": f.Keyword(),
    "service_radius_km": f.Integer(),
    "tags": _text(fields={"raw": f.Keyword()}, copy_to="spelling"),
    "municipality": _text(),
    "postal_code": f.Keyword(),
    "location": f.GeoPoint(),
    "status": f.Keyword(),
    "url": f.Keyword(index=False),
    "last_modified": f.Date(),
    "suggest": f.SearchAsYouType(analyzer=folded),
    # What a visitor names (title, summary, enterprise, category, tags), folded but not
    # stemmed: the one field fuzzy matching runs on. Fuzzy expansion costs per field, so
    # one field instead of nine keeps typo-tolerant queries fast at 100k documents.
    "spelling": f.Text(analyzer=folded),
}


def build_mapping():
    mapping = Mapping()
    mapping.meta("_meta", doeners_mapping_version=MAPPING_VERSION)
    mapping.meta("dynamic", "strict")
    for name, field in FIELDS.items():
        mapping.field(name, field)
    return mapping


def build_index(name):
    """The elasticsearch-dsl ``Index`` (settings, analysis, mapping) for one index."""
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0, max_result_window=10000)
    index.mapping(build_mapping())
    return index


def index_body():
    """Settings and mappings as sent to the engine on index creation."""
    return build_index("doeners").to_dict()


_TYPES_BY_CLASS = {"OfferingPage": OFFERING, "EnterprisePage": ENTERPRISE, "DemandPage": DEMAND}


def doc_type_of(page):
    """offering/enterprise/demand for a page (specific or not), else None."""
    cls = type(page)
    if cls.__name__ not in _TYPES_BY_CLASS and hasattr(page, "specific_class"):
        cls = page.specific_class or cls
    return _TYPES_BY_CLASS.get(cls.__name__)


class ForeignProvinceWrite(ValueError):
    """A write aimed at another province's documents; this install never sends it."""


def check_write(province, actions):
    """Refuse ``[(doc_key, version, document_or_None)]`` unless every key carries the
    ``province:`` prefix and every document says it belongs to ``province``.

    The last check before a bulk request: province A's indexer must never create,
    overwrite or delete a document of province B, whatever a caller passes in.
    """
    prefix = f"{province}:"
    for key, _version, document in actions:
        if not str(key).startswith(prefix):
            raise ForeignProvinceWrite(
                f"Refused to write document {key!r} through province {province!r}: "
                f"its id belongs to another province."
            )
        if document is not None and (
            document.get("province") != province or document.get("key") != key
        ):
            raise ForeignProvinceWrite(
                f"Refused to write document {key!r} through province {province!r}: "
                f"the document says province {document.get('province')!r}."
            )


def doc_key(province, doc_type, page_id):
    """Globally unique id: province A's page 42 never overwrites province B's page 42."""
    return f"{province}:{doc_type}:{page_id}"


def canonical_url(page):
    """Absolute URL on the owning province's site (BASE_URL wins when configured)."""
    base = doeners_settings.BASE_URL
    if base:
        parts = page.get_url_parts()
        return base.rstrip("/") + (parts[2] if parts else page.url or "/")
    return page.get_full_url()


def is_indexable(page, public=None):
    if doc_type_of(page) is None or not page.live:
        return False
    if public is None:
        public = not page.get_view_restrictions().exists()
    if not public:
        return False
    return not (doc_type_of(page) == DEMAND and page.status != "open")


def _category_fields(category, cache=None):
    if category is None:
        return {}
    if cache is not None and category.pk in cache:
        return cache[category.pk]
    chain = category.ancestors()
    fields = {
        "category": category.slug,
        "category_path": ["/".join(c.slug for c in chain[: i + 1]) for i in range(len(chain))],
        "category_label": " ".join(c.name_nl for c in chain),
    }
    if cache is not None:
        cache[category.pk] = fields
    return fields


def build_document(page, province=None, enterprise=None, public=None, cache=None, tags=None):
    """The index document for ``page`` (a specific page), or None if it is not public.

    Bulk callers (the rebuild) pass what they already know, to save queries: the
    ``province``, the offering's ``enterprise``, ``public=True`` for pages taken from a
    ``.public()`` queryset, and a ``cache`` dict shared between calls.
    """
    if not is_indexable(page, public):
        return None
    doc_type = doc_type_of(page)
    province = province or get_page_province(page)
    doc = {
        "key": doc_key(province, doc_type, page.pk),
        "type": doc_type,
        "page_id": page.pk,
        "province": province,
        "title": page.title,
        "url": canonical_url(page),
        "last_modified": (page.last_published_at or page.latest_revision_created_at).isoformat()
        if (page.last_published_at or page.latest_revision_created_at)
        else None,
    }
    located = page
    if doc_type == OFFERING:
        enterprise = enterprise or page.enterprise
        located = enterprise
        doc.update(
            summary=page.summary,
            body=strip_tags(page.body or ""),
            tags=tags if tags is not None else [t.name for t in page.tags.all()],
            **_service_area(page, enterprise),
            **_category_fields(page.category, cache),
        )
        if enterprise is not None:
            doc.update(
                enterprise=enterprise.title,
                enterprise_id=enterprise.pk,
                recognition_type=enterprise.recognition_type,
                certifications=[c.slug for c in enterprise.certifications.all()],
            )
    elif doc_type == ENTERPRISE:
        doc.update(
            summary=strip_tags(page.description or "")[:300],
            body=strip_tags(page.description or ""),
            enterprise=page.title,
            enterprise_id=page.pk,
            recognition_type=page.recognition_type,
            certifications=[c.slug for c in page.certifications.all()],
            service_provinces=[p.slug for p in page.service_provinces.all()],
            service_radius_km=page.service_radius_km,
        )
    else:
        text = strip_tags(page.description or "")
        doc.update(
            summary=text[:300],
            body=text,
            status=page.status,
            **_category_fields(page.category, cache),
        )
    if located is not None:
        doc.update(municipality=getattr(located, "municipality", "") or "")
        doc["postal_code"] = located.postal_code
        if located.latitude is not None and located.longitude is not None:
            doc["location"] = {"lat": located.latitude, "lon": located.longitude}
    return {k: v for k, v in doc.items() if v not in (None, "", [])}


def _service_area(offering, enterprise):
    # Same rule as OfferingPage.effective_service_*, without re-fetching the parent.
    own = [p.slug for p in offering.service_provinces.all()]
    if own or offering.service_radius_km or enterprise is None:
        return {"service_provinces": own, "service_radius_km": offering.service_radius_km}
    return {
        "service_provinces": [p.slug for p in enterprise.service_provinces.all()],
        "service_radius_km": enterprise.service_radius_km,
    }
