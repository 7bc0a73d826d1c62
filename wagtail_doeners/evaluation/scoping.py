"""Which province owns a record, as query filters, so that one province's dashboard
counts only what its own install or Site handled.

Pages belong to the province of the Site whose tree holds them; matchmaking records
carry their province, except matches, which inherit it from their contact request
or from the demand they answer.
"""

from django.db.models import Q
from wagtail.models import Site

from wagtail_doeners.conf import doeners_settings
from wagtail_doeners.pages.provinces import get_site_province


def province_root_paths():
    """``{province: [treebeard path of each Site root]}``."""
    paths = {}
    for site in Site.objects.select_related("root_page"):
        paths.setdefault(get_site_province(site), []).append(site.root_page.path)
    return paths


def local_provinces():
    """The provinces this install serves: its own and those of its Sites."""
    return {doeners_settings.PROVINCE, *province_root_paths()}


def province_of_path(path, root_paths=None):
    """The province owning the page at treebeard ``path`` (longest root wins)."""
    best, best_len = doeners_settings.PROVINCE, -1
    for province, roots in (root_paths or province_root_paths()).items():
        for root in roots:
            if path.startswith(root) and len(root) > best_len:
                best, best_len = province, len(root)
    return best


def page_q(province, prefix="", root_paths=None):
    """Pages (through the relation ``prefix``) owned by ``province``; all when None."""
    if not province:
        return Q()
    root_paths = root_paths if root_paths is not None else province_root_paths()
    lookup = f"{prefix}path__startswith"
    q = Q(pk__in=[])
    for root in root_paths.get(province, []):
        q |= Q(**{lookup: root})
    # A deeper Site of another province nested under one of ours is not ours.
    for other, roots in root_paths.items():
        if other == province:
            continue
        for root in roots:
            if any(root.startswith(own) and root != own for own in root_paths.get(province, [])):
                q &= ~Q(**{lookup: root})
    return q


def field_q(province, field="province"):
    return Q(**{field: province}) if province else Q()


def match_q(province, root_paths=None):
    """Matches owned by ``province``: through their contact request, or the demand
    they answer, else their supplier province. Written with ``IN (subquery)`` rather
    than joins, so PostgreSQL can use hashed sub-plans instead of an OR over joins."""
    if not province:
        return Q()
    from wagtail_doeners.matchmaking.models import ContactRequest, DemandResponse

    contacts = ContactRequest.objects.filter(province=province).values("pk")
    responses = DemandResponse.objects.filter(page_q(province, "demand__", root_paths)).values("pk")
    return (
        Q(contact_request_id__in=contacts)
        | Q(contact_request__isnull=True, demand_response_id__in=responses)
        | Q(contact_request__isnull=True, demand_response__isnull=True, supplier_province=province)
    )
