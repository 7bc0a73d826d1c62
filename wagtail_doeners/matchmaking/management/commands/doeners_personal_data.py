import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from wagtail_doeners.matchmaking.privacy import erase_personal_data, export_personal_data


class Command(BaseCommand):
    help = (
        "Export (JSON) or erase the personal data of a requester of contact requests and "
        "demands, by e-mail address. Erasing keeps the anonymous figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--export", action="store_true", help="Print the data as JSON.")
        action.add_argument("--erase", action="store_true", help="Blank the personal fields.")

    def handle(self, *args, email, export, erase, **options):
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"“{email}” is not an e-mail address.") from None
        if export:
            self.stdout.write(json.dumps(export_personal_data(email), indent=2, ensure_ascii=False))
        else:
            count = erase_personal_data(email)
            self.stdout.write(self.style.SUCCESS(f"Erased the personal data of {count} records."))
