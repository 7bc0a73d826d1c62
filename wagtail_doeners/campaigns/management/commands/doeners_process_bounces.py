import mailbox
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wagtail_doeners.campaigns.bounces import process_dsn


class Command(BaseCommand):
    help = (
        "Read delivery status notifications (bounces) from a Maildir or mbox and suppress "
        "hard-bounced recipients. For sites that send over plain SMTP without an ESP."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A Maildir directory or an mbox file.")
        parser.add_argument(
            "--delete", action="store_true", help="Remove each message once processed."
        )

    def handle(self, path, delete, **options):
        target = Path(path)
        if target.is_dir():
            if not (target / "cur").is_dir() or not (target / "new").is_dir():
                raise CommandError(f"{path} is a directory but not a Maildir (no cur/ and new/).")
            box = mailbox.Maildir(target, factory=None, create=False)
        elif target.is_file():
            box = mailbox.mbox(target, create=False)
        else:
            raise CommandError(f"{path} does not exist.")
        seen = suppressed = duplicates = 0
        box.lock()
        try:
            for key in list(box.keys()):
                result = process_dsn(box.get_bytes(key))
                seen += 1
                if result is None:
                    duplicates += 1
                else:
                    suppressed += result
                if delete:
                    box.remove(key)
            box.flush()
        finally:
            box.unlock()
            box.close()
        self.stdout.write(
            f"{seen} messages read, {suppressed} recipients suppressed, "
            f"{duplicates} already processed."
        )
