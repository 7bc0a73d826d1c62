from django.core.management.base import BaseCommand, CommandError

from wagtail_doeners.conf import doeners_settings
from wagtail_doeners.search.backends import get_search_backend
from wagtail_doeners.search.backends.base import SearchEngineError, SearchUnavailable


class Command(BaseCommand):
    help = (
        "Compare the mapping in code with the cluster; exit non-zero and say what to do "
        "when they drifted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", default=None, help="Only this province.")
        parser.add_argument(
            "--all", action="store_true", help="Check every province, not just this install's."
        )

    def handle(self, *args, province=None, **options):
        backend = get_search_backend()
        if not backend.uses_index:
            self.stdout.write("Database search backend: no index, nothing to check.")
            return
        if not options["all"]:
            province = province or doeners_settings.PROVINCE
        try:
            problems = backend.check(province=province)
        except (SearchUnavailable, SearchEngineError) as error:
            raise CommandError(f"Search engine unavailable: {error}") from error
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} problem(s) between code and cluster.")
        self.stdout.write(self.style.SUCCESS("Mapping in code and cluster agree."))
