from django.core.management.base import BaseCommand, CommandError

from wagtail_doeners.matchmaking import percolator


class Command(BaseCommand):
    help = "Rebuild the percolator index of demand alerts from every live offering."

    def handle(self, *args, **options):
        if percolator._backend() is None:
            raise CommandError(
                "No search engine is configured (WAGTAIL_DOENERS['SEARCH']); demand alerts "
                "use the database and need no index."
            )
        count = percolator.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Stored {count} offering queries."))
