import json

from django.core.management.base import BaseCommand, CommandError

from wagtail_doeners.search.status import search_status


class Command(BaseCommand):
    help = "Documents per province, outbox backlog and mapping version of the shared index."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, **options):
        status = search_status()
        if options["json"]:
            self.stdout.write(json.dumps(status, default=str, indent=2))
        else:
            self.stdout.write(f"Engine: {status['engine']}")
            self.stdout.write(f"Mapping version in code: {status['mapping_version']}")
            for province, info in sorted(status["provinces"].items()):
                self.stdout.write(
                    f"  {province:16} {info['documents']:>8} docs  index {info['index']} "
                    f"(mapping v{info['mapping_version']})"
                )
            outbox = status["outbox"]
            self.stdout.write(
                f"Outbox: {outbox['pending']} pending ({outbox['failing']} failing), "
                f"oldest {outbox['oldest'] or '-'}"
            )
            for problem in status["problems"]:
                self.stdout.write(self.style.WARNING(problem))
        if status["error"]:
            raise CommandError(f"Search engine unavailable: {status['error']}")
