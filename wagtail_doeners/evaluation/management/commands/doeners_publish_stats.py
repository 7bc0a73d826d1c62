"""``manage.py doeners_publish_stats [--days N]``: publish this install's recent
aggregates to the shared stats index (what the beat task does)."""

from django.core.management.base import BaseCommand, CommandError

from ...publishing import publish_recent
from ...stats_index import StatsIndex


class Command(BaseCommand):
    help = "Publish recent daily aggregates to the shared stats index."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days, **options):
        index = StatsIndex.from_settings()
        if index is None:
            raise CommandError(
                'No stats index: set WAGTAIL_DOENERS["EVALUATION"]["STATS_URL"], or '
                "exchange files with doeners_stats_export / doeners_stats_import."
            )
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        if not index.available():
            raise CommandError(f"The stats index at {index.url} is not reachable.")
        for province, n in publish_recent(days, index=index).items():
            self.stdout.write(f"{province}: {n} documents")
