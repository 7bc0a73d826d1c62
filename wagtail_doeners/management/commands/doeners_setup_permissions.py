"""Create the provincial editor groups, and optionally an enterprise account."""

from django.core.management.base import BaseCommand, CommandError

from wagtail_doeners.conf import PROVINCES
from wagtail_doeners.pages.models import EnterprisePage
from wagtail_doeners.pages.permissions import setup_enterprise_account, setup_province_group
from wagtail_doeners.pages.provinces import get_site_province
from wagtail_doeners.validators import clean_kbo


class Command(BaseCommand):
    help = (
        "Create or complete one editor group per province that has a Site, with page "
        "permissions on that province's tree only. With --enterprise and --username, "
        "also create an account that may edit only that enterprise and its offerings."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            choices=sorted(PROVINCES),
            help="Only this province (repeatable). Default: every province that has a Site.",
        )
        parser.add_argument("--enterprise", help="KBO number of the enterprise for an account.")
        parser.add_argument("--username", help="Username of the enterprise account.")
        parser.add_argument("--email", default="", help="E-mail of the enterprise account.")
        parser.add_argument(
            "--password", help="Password of the enterprise account (default: unusable)."
        )

    def handle(self, *args, **options):
        from wagtail.models import Site

        if bool(options["enterprise"]) != bool(options["username"]):
            raise CommandError("--enterprise and --username go together.")
        provinces = options["province"] or sorted(
            {get_site_province(site) for site in Site.objects.all()}
        )
        for province in provinces:
            try:
                group = setup_province_group(province)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"Group “{group.name}” ready.")
        if options["enterprise"]:
            try:
                kbo = clean_kbo(options["enterprise"])
            except Exception as exc:
                raise CommandError(f"Invalid KBO number {options['enterprise']!r}.") from exc
            enterprise = EnterprisePage.objects.filter(kbo_number=kbo).first()
            if enterprise is None:
                raise CommandError(f"No enterprise with KBO number {kbo}.")
            user, created = setup_enterprise_account(
                enterprise,
                options["username"],
                email=options["email"],
                password=options["password"],
            )
            verb = "Created" if created else "Updated"
            self.stdout.write(f"{verb} account {user.username} for “{enterprise.title}”.")
