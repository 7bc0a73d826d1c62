"""Fields that must never leave the install: not in the API, the search index,
public templates, events or shared aggregates. Tests walk the page models and the
index documents and fail if one of these appears."""

PRIVATE_FIELDS = frozenset(
    {
        "contact_person",
        "contact_email",
        "contact_phone",
        "company_name",
        "company_kbo",
    }
)
