"""Moving a DemandPage's status from code (responses, matches, expiry).

The live row and the latest revision are both updated: Wagtail's editor loads the
latest revision, so updating only the row would let the next edit put the old status
back."""

from wagtail.models import Revision


def set_demand_status(demand_ids, status, *, only_from=None):
    """Set ``status`` on the DemandPages ``demand_ids`` (optionally only those whose
    status is in ``only_from``); returns the ids changed."""
    from wagtail_doeners.pages.models import DemandPage

    qs = DemandPage.objects.filter(pk__in=list(demand_ids))
    if only_from is not None:
        qs = qs.filter(status__in=list(only_from))
    pages = list(qs.values_list("pk", "latest_revision_id"))
    if not pages:
        return []
    DemandPage.objects.filter(pk__in=[pk for pk, _ in pages]).update(status=status)
    revisions = Revision.objects.filter(pk__in=[rev for _, rev in pages if rev])
    for revision in revisions:
        if revision.content.get("status") != status:
            revision.content["status"] = status
            revision.save(update_fields=["content"])
    return [pk for pk, _ in pages]
