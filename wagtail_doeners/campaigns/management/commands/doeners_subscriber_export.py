import json

from django.core.management.base import BaseCommand, CommandError

from wagtail_doeners.campaigns.models import Subscriber
from wagtail_doeners.campaigns.subscriptions import export


class Command(BaseCommand):
    help = "GDPR: print everything held about one campaign subscriber as JSON."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, email, **options):
        subscriber = Subscriber.objects.filter(email=email.strip().lower()).first()
        if subscriber is None:
            raise CommandError(f"No subscriber with e-mail {email!r}.")
        self.stdout.write(json.dumps(export(subscriber), indent=2, ensure_ascii=False))
