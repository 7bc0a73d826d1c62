from django.core.management.base import BaseCommand, CommandError

from wagtail_doeners.campaigns.models import Subscriber
from wagtail_doeners.campaigns.subscriptions import erase


class Command(BaseCommand):
    help = (
        "GDPR: erase one campaign subscriber's personal data. The address stays "
        "suppressed (as a hash) and anonymous delivery counts stay in the reports."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, email, yes, **options):
        subscriber = Subscriber.objects.filter(email=email.strip().lower()).first()
        if subscriber is None:
            raise CommandError(f"No subscriber with e-mail {email!r}.")
        if not yes:
            raise CommandError("Erasing cannot be undone: repeat with --yes.")
        erase(subscriber)
        self.stdout.write(f"Erased subscriber #{subscriber.pk}.")
