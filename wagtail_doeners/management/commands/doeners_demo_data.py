"""Load the demo data set: five provincial Sites with enterprises, offerings and demands."""

from django.core.management.base import BaseCommand, CommandError

from wagtail_doeners.demo.loader import DemoOptions, load_demo_data

LIMITS = {
    "enterprises": (0, 100_000),
    "offerings_per_enterprise": (0, 50),
    "demands": (0, 100_000),
}


class Command(BaseCommand):
    help = (
        "Create the demo data set (idempotent: a second run adds nothing). Five Flemish "
        "provinces as Wagtail Sites (<province>.localhost), enterprises with real postal "
        "codes and valid KBO numbers, offerings, demands and demo users. --scale "
        "multiplies the number of enterprises and demands, for benchmarks."
    )

    def add_arguments(self, parser):
        defaults = DemoOptions()
        parser.add_argument("--seed", type=int, default=defaults.seed, help="Random seed.")
        parser.add_argument(
            "--enterprises",
            type=int,
            default=defaults.enterprises,
            help=f"Enterprises before scaling (default {defaults.enterprises}).",
        )
        parser.add_argument(
            "--offerings-per-enterprise",
            type=int,
            default=defaults.offerings_per_enterprise,
            help="Average offerings per enterprise; each gets this ± 2 "
            f"(default {defaults.offerings_per_enterprise}).",
        )
        parser.add_argument(
            "--demands",
            type=int,
            default=defaults.demands,
            help=f"Demands before scaling (default {defaults.demands}).",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=defaults.scale,
            help="Multiply enterprises and demands by this factor (e.g. 10 for benchmarks).",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=defaults.port,
            help="Port of the province Sites, as served by runserver (default 8000).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo Sites and their pages first (taxonomies and users stay).",
        )

    def handle(self, *args, **options):
        for name, (low, high) in LIMITS.items():
            if not low <= options[name] <= high:
                flag = "--" + name.replace("_", "-")
                raise CommandError(f"{flag} must be between {low} and {high}.")
        if not 0 < options["scale"] <= 1000:
            raise CommandError("--scale must be greater than 0 and at most 1000.")
        if not 1 <= options["port"] <= 65535:
            raise CommandError("--port must be between 1 and 65535.")
        if options["seed"] < 0:
            raise CommandError("--seed must be zero or positive.")
        demo = DemoOptions(
            seed=options["seed"],
            enterprises=options["enterprises"],
            offerings_per_enterprise=options["offerings_per_enterprise"],
            demands=options["demands"],
            scale=options["scale"],
            port=options["port"],
            reset=options["reset"],
        )
        stats = load_demo_data(demo, self.stdout, self.stderr)
        created = stats["created"]
        self.stdout.write(
            f"Demo data: {stats['sites']} sites, {stats['enterprises']} enterprises, "
            f"{stats['offerings']} offerings, {stats['demands']} demands "
            f"(created now: {created['enterprises']} enterprises, {created['offerings']} "
            f"offerings, {created['demands']} demands) in {stats['seconds']['total']} s."
        )
        if stats["subapps"]:
            self.stdout.write("Sub-app demo data: " + ", ".join(stats["subapps"]))
        if stats["subapp_failures"]:
            self.stderr.write("Sub-app demo data FAILED: " + ", ".join(stats["subapp_failures"]))
        self.stdout.write("Sites:")
        for _province, site in stats["sites_list"]:
            default = " (default site)" if site.is_default_site else ""
            self.stdout.write(f"  http://{site.hostname}:{site.port}/{default}")
        self.stdout.write("Logins (admin at /admin/):")
        for username, password, role in stats["logins"]:
            self.stdout.write(f"  {username} / {password}  – {role}")
