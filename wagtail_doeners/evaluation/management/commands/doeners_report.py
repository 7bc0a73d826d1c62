"""``manage.py doeners_report --from 2026-01-01 --to 2026-12-31 [--province limburg]
[--format html|csv|json] [--output FILE]``: the answers to the parliamentary
questions for a period, as a printable HTML report, CSV or JSON."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from wagtail_doeners.conf import PROVINCES

from ...forms import PeriodForm
from ...metrics import default_metrics
from ...report import RENDERERS
from ..arguments import parse_date


class Command(BaseCommand):
    help = "Write the answers to the four parliamentary questions for a period."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
        parser.add_argument(
            "--province", default="", help=f"One of {', '.join(PROVINCES)}; empty: Flanders."
        )
        parser.add_argument("--format", default="html", help="html, csv or json")
        parser.add_argument("--output", help="File to write; default: standard output.")
        parser.add_argument("--language", default="nl-be", help="Language of the labels.")

    def handle(self, *args, date_from, date_to, province, format, output, language, **options):
        if format not in RENDERERS:
            raise CommandError(f"Unknown format {format!r}; use html, csv or json.")
        if province and province not in PROVINCES:
            raise CommandError(f"Unknown province {province!r}; use one of {', '.join(PROVINCES)}.")
        form = PeriodForm(
            {
                "date_from": parse_date(date_from),
                "date_to": parse_date(date_to),
                "province": province,
            }
        )
        if not form.is_valid():
            raise CommandError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        with translation.override(language):
            text = RENDERERS[format](default_metrics(form.period()))
        if output:
            try:
                with open(output, "w", encoding="utf-8") as fh:
                    fh.write(text)
            except OSError as exc:
                raise CommandError(f"Cannot write {output}: {exc}") from exc
            self.stdout.write(f"Wrote {output}")
        else:
            self.stdout.write(text)
