"""``manage.py doeners_aggregates [--from D] [--to D]``: recompute daily aggregates
(what the hourly beat task does for today and yesterday)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ...aggregates import compute_range
from ..arguments import parse_date


class Command(BaseCommand):
    help = "Recompute the daily evaluation aggregates for a range of days."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", help="YYYY-MM-DD (default: yesterday)")
        parser.add_argument("--to", dest="date_to", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, date_from, date_to, **options):
        today = timezone.localdate()
        start = parse_date(date_from) if date_from else today - timedelta(days=1)
        end = parse_date(date_to) if date_to else today
        if start > end:
            raise CommandError("--from must not be after --to.")
        rows = compute_range(start, end)
        self.stdout.write(f"Recomputed {(end - start).days + 1} days: {rows} aggregate rows.")
