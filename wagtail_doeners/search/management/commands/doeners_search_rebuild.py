import sys

from django.core.management.base import BaseCommand, CommandError

from wagtail_doeners.conf import PROVINCES, doeners_settings
from wagtail_doeners.search.backends import get_search_backend
from wagtail_doeners.search.backends.base import SearchEngineError, SearchUnavailable
from wagtail_doeners.search.sync import ForeignProvinceWrite, rebuild


class Command(BaseCommand):
    help = (
        "Rebuild this province's documents in the shared index with zero downtime "
        "(new index, then an atomic alias switch). Other provinces are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            default=None,
            help="Province slug (default: WAGTAIL_DOENERS['PROVINCE']).",
        )

    def handle(self, *args, province=None, **options):
        province = province or doeners_settings.PROVINCE
        if province not in PROVINCES:
            raise CommandError(f"Unknown province {province!r}; use one of {', '.join(PROVINCES)}.")
        if not get_search_backend().uses_index:
            raise CommandError(
                "The configured search backend keeps no index (database fallback); "
                "set WAGTAIL_DOENERS['SEARCH']['BACKEND'] to an engine backend."
            )
        verbose = options["verbosity"] > 0

        def progress(count):
            if verbose:
                sys.stdout.write(f"\r  {count} documents indexed")
                sys.stdout.flush()

        try:
            total = rebuild(province, progress=progress)
        except ForeignProvinceWrite as error:
            raise CommandError(str(error)) from error
        except (SearchUnavailable, SearchEngineError) as error:
            raise CommandError(
                f"Rebuild of {province} failed, the old index stays live: {error}"
            ) from error
        if verbose:
            sys.stdout.write("\n")
        self.stdout.write(self.style.SUCCESS(f"{province}: {total} documents, aliases switched."))
