"""``manage.py doeners_stats_import FILE...``: load other provinces' aggregate files
(written by ``doeners_stats_export``) for the province comparison. Each file is
checked whole before anything is stored."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ...exchange import import_rows, load


class Command(BaseCommand):
    help = "Import daily evaluation aggregates from JSON or CSV files."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")

    def handle(self, *args, files, **options):
        total = 0
        with transaction.atomic():
            for path in files:
                fmt = path.rsplit(".", 1)[-1].lower()
                if fmt not in ("json", "csv"):
                    raise CommandError(f"{path}: expected a .json or .csv file.")
                try:
                    with open(path, encoding="utf-8") as fh:
                        text = fh.read()
                    total += import_rows(load(text, fmt))
                except OSError as exc:
                    raise CommandError(f"Cannot read {path}: {exc}") from exc
                except ValidationError as exc:
                    raise CommandError(f"{path}: {' '.join(exc.messages)}") from exc
        self.stdout.write(f"Imported {total} aggregate rows.")
