"""Where the province comparison reads daily aggregates from: this database (own
rows plus imported files) or the shared stats index. Both answer the same question,
"sum (or max) of a metric per group of dimensions over a period"."""

from django.db.models import Max, Sum

from .models import DailyAggregate, DailyTotal


def _table(group_by):
    # Per-province figures come from the small totals table; breakdowns from the cells.
    return DailyTotal if tuple(group_by) == ("province",) else DailyAggregate


class DatabaseAggregates:
    name = "database"

    def totals(self, start, end, metric, group_by=("province",), how="sum"):
        """``{(group values...): total}`` for ``metric`` from ``start`` to ``end``."""
        agg = Max("value") if how == "max" else Sum("value")
        rows = (
            _table(group_by)
            .objects.filter(day__gte=start, day__lte=end, metric=metric)
            .values(*group_by)
            .annotate(total=agg)
            .order_by()
        )
        return {tuple(row[g] for g in group_by): row["total"] for row in rows}

    def totals_by_metric(self, start, end, metrics, group_by=("province",)):
        """``{metric: {(group values...): sum}}`` for several metrics in one query."""
        rows = (
            _table(group_by)
            .objects.filter(day__gte=start, day__lte=end, metric__in=list(metrics))
            .values("metric", *group_by)
            .annotate(total=Sum("value"))
            .order_by()
        )
        result = {str(m): {} for m in metrics}
        for row in rows:
            result[row["metric"]][tuple(row[g] for g in group_by)] = row["total"]
        return result


def get_aggregate_source():
    """The stats index when one is configured and reachable, else the database."""
    from .stats_index import StatsIndex

    index = StatsIndex.from_settings()
    if index is not None and index.available():
        return index
    return DatabaseAggregates()
