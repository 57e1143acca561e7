from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.services import demo_load


class Command(BaseCommand):
    help = "Load the demo newsroom (three GBTP stories of October 2023). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production. Use --force to load demo content anyway."
            )
        counts = demo_load()
        summary = ", ".join(f"{name} {count}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo newsroom loaded: {summary}"))
