"""``manage.py doeners_stats_export --from D --to D [--province P] --output FILE``:
write daily aggregates (no personal data) to a .json or .csv file that another
province imports with ``doeners_stats_import``, when there is no shared cluster."""

from django.core.management.base import BaseCommand, CommandError

from wagtail_doeners.conf import PROVINCES

from ...exchange import dump, published_rows
from ...scoping import local_provinces
from ..arguments import parse_date


class Command(BaseCommand):
    help = "Export daily evaluation aggregates to a JSON or CSV file."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", required=True)
        parser.add_argument("--to", dest="date_to", required=True)
        parser.add_argument(
            "--province",
            action="append",
            help="Province slug (repeatable). Default: the provinces this install serves.",
        )
        parser.add_argument("--output", required=True, help="FILE.json or FILE.csv")

    def handle(self, *args, date_from, date_to, province, output, **options):
        start, end = parse_date(date_from), parse_date(date_to)
        if start > end:
            raise CommandError("--from must not be after --to.")
        unknown = [p for p in province or [] if p not in PROVINCES]
        if unknown:
            raise CommandError(f"Unknown province(s): {', '.join(unknown)}.")
        fmt = output.rsplit(".", 1)[-1].lower()
        if fmt not in ("json", "csv"):
            raise CommandError("--output must end in .json or .csv.")
        rows = published_rows(start, end, provinces=province or sorted(local_provinces()))
        try:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                fh.write(dump(rows, fmt))
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc}") from exc
        self.stdout.write(f"Wrote {len(rows)} aggregate rows to {output}.")
