from django.core.management.base import BaseCommand, CommandError

from wagtail_doeners.campaigns.importing import COLUMNS, import_subscribers


class Command(BaseCommand):
    help = "Import campaign subscribers from a CSV file and print the validation report."

    def add_arguments(self, parser):
        parser.add_argument("path", help=f"CSV file with a header row: {', '.join(COLUMNS)}")
        parser.add_argument("--source", default="csv-import", help="Recorded as consent source.")
        parser.add_argument("--dry-run", action="store_true", help="Validate only.")

    def handle(self, path, source, dry_run, **options):
        try:
            with open(path, "rb") as fileobj:
                report = import_subscribers(fileobj, source=source, dry_run=dry_run)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        self.stdout.write(report.as_text())
        if report.errors and not report.imported:
            raise CommandError("Nothing imported: every row was rejected.")
