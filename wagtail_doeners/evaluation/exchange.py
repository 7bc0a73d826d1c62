"""The published form of the daily aggregates: what a province shares with the
others, through the stats index or through a JSON/CSV file. Only the fields of
``PUBLISHED_FIELDS`` leave the install; an import accepts nothing else."""

import csv
import io
import json
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail_doeners.conf import PROVINCES

from .choices import Metric
from .models import DailyAggregate, rebuild_totals

PUBLISHED_FIELDS = ("day", "province", "metric", *DailyAggregate.DIMENSIONS, "value")


def published_rows(start, end, provinces=None):
    """Aggregate rows from ``start`` to ``end`` as plain dicts of PUBLISHED_FIELDS."""
    qs = DailyAggregate.objects.filter(day__gte=start, day__lte=end)
    if provinces:
        qs = qs.filter(province__in=list(provinces))
    return [
        {**row, "day": row["day"].isoformat()}
        for row in qs.order_by("day", "province", "metric").values(*PUBLISHED_FIELDS)
    ]


def dump(rows, fmt):
    if fmt == "json":
        return json.dumps({"format": "doeners-aggregates/1", "rows": rows}, indent=1)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PUBLISHED_FIELDS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def load(text, fmt):
    """Rows from a file written by ``dump``; ValidationError when it is not one."""
    if fmt == "json":
        try:
            payload = json.loads(text)
        except ValueError as exc:
            raise ValidationError(_("Not a JSON file: %(error)s") % {"error": exc}) from exc
        if not isinstance(payload, dict) or not isinstance(payload.get("rows"), list):
            raise ValidationError(_("Expected a JSON object with a list of “rows”."))
        return payload["rows"]
    return list(csv.DictReader(io.StringIO(text)))


def clean_row(row, number):
    """A validated DailyAggregate (unsaved) from one published row."""
    if not isinstance(row, dict):
        raise ValidationError(_("Row %(n)d is not an object.") % {"n": number})
    extra = set(row) - set(PUBLISHED_FIELDS)
    if extra:
        raise ValidationError(
            _("Row %(n)d has fields that are never published: %(fields)s.")
            % {"n": number, "fields": ", ".join(sorted(extra))}
        )
    try:
        day = date.fromisoformat(str(row.get("day")))
    except ValueError as exc:
        raise ValidationError(_("Row %(n)d: invalid day.") % {"n": number}) from exc
    if row.get("province") not in PROVINCES:
        raise ValidationError(_("Row %(n)d: unknown province.") % {"n": number})
    if row.get("metric") not in Metric.values:
        raise ValidationError(_("Row %(n)d: unknown metric.") % {"n": number})
    try:
        value = int(row.get("value"))
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("Row %(n)d: the value is not a number.") % {"n": number}) from exc
    if value < 0:
        raise ValidationError(_("Row %(n)d: the value is negative.") % {"n": number})
    dims = {name: str(row.get(name) or "") for name in DailyAggregate.DIMENSIONS}
    for name in ("buyer_province", "supplier_province"):
        if dims[name] and dims[name] not in PROVINCES:
            raise ValidationError(_("Row %(n)d: unknown %(field)s.") % {"n": number, "field": name})
    aggregate = DailyAggregate(
        day=day, province=row["province"], metric=row["metric"], value=value, **dims
    )
    try:
        aggregate.full_clean(exclude=["computed_at"], validate_unique=False)
    except ValidationError as exc:
        raise ValidationError(
            _("Row %(n)d: %(errors)s") % {"n": number, "errors": "; ".join(exc.messages)}
        ) from exc
    return aggregate


def import_rows(rows):
    """Replace, for each (province, day) present in ``rows``, the stored aggregates
    with these rows. All or nothing. Returns the number of rows stored."""
    aggregates = [clean_row(row, n) for n, row in enumerate(rows, start=1)]
    keys = {(a.province, a.day) for a in aggregates}
    now = timezone.now()
    for a in aggregates:
        a.computed_at = now
    with transaction.atomic():
        for province, day in keys:
            DailyAggregate.objects.filter(province=province, day=day).delete()
        DailyAggregate.objects.bulk_create(aggregates)
        rebuild_totals(keys)
    return len(aggregates)
